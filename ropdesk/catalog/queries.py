"""Reads of the catalog, shared by the public pages and the staff pages."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from ropdesk.catalog.models import Course, IndustrySector, Pathway


def courses_search(
    *, text: str = "", sector_code: str = "", pathway_code: str = ""
) -> QuerySet[Course]:
    """Active courses matching the words, sector and pathway given (each optional)."""
    # A course imported without pathway or hours is not offered until set up (interop).
    courses = Course.objects.filter(active=True, needs_setup=False).select_related(
        "pathway__sector"
    )
    if sector_code:
        courses = courses.filter(pathway__sector__code=sector_code)
    if pathway_code:
        courses = courses.filter(pathway__code=pathway_code)
    for word in text.split():
        courses = courses.filter(
            Q(title__icontains=word)
            | Q(description__icontains=word)
            | Q(code__icontains=word)
            | Q(pathway__name__icontains=word)
        )
    return courses.annotate(section_count=Count("sections")).order_by("title")


def sectors_with_courses() -> QuerySet[IndustrySector]:
    return (
        IndustrySector.objects.filter(pathways__courses__active=True)
        .annotate(course_count=Count("pathways__courses", filter=Q(pathways__courses__active=True)))
        .order_by("name")
    )


def pathways_with_courses(sector_code: str = "") -> QuerySet[Pathway]:
    pathways = Pathway.objects.filter(courses__active=True).select_related("sector").distinct()
    if sector_code:
        pathways = pathways.filter(sector__code=sector_code)
    return pathways.order_by("name")
