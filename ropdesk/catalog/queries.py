"""Reads of the catalog, shared by the public pages and the staff pages."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, IntegerField, Q, QuerySet
from django.db.models.expressions import RawSQL

from ropdesk.catalog import search
from ropdesk.catalog.models import Course, CourseSearchDocument, IndustrySector, Pathway

TOPIC = "catalog"  # core/versions.py: moved by every write to what the catalog shows


def CATALOG_READS() -> list[type[Any]]:  # noqa: N802 -- a constant, built once the apps are ready
    """The models the catalog's results read: a save or delete of any moves TOPIC."""
    return [Course, Pathway, IndustrySector, CourseSearchDocument]


def courses_search(
    *, text: str = "", sector_code: str = "", pathway_code: str = ""
) -> QuerySet[Course]:
    """Active courses matching the words, sector and pathway given (each optional). Words go
    to full-text search (catalog/search.py: titles, pathways, sectors, competencies and the
    occupations a course leads to, stemmed, without accents) and the best match comes first;
    without words the courses are in title order."""
    # A course imported without pathway or hours is not offered until set up (interop).
    courses = Course.objects.filter(active=True, needs_setup=False).select_related(
        "pathway__sector"
    )
    if sector_code:
        courses = courses.filter(pathway__sector__code=sector_code)
    if pathway_code:
        courses = courses.filter(pathway__code=pathway_code)
    courses = courses.annotate(section_count=Count("sections"))
    if not search.words(text):
        return courses.order_by("title")
    ranked = search.ranked_ids(text)
    if not ranked:
        return courses.none()
    # One simple CASE in SQL, its values as parameters: an ORM Case of one When per course is
    # copied clause by clause each time the query is cloned (a third of the page's time).
    position = RawSQL(  # noqa: S611 -- the table name is ours; every value a parameter
        f'CASE "{Course._meta.db_table}"."id" ' + "WHEN %s THEN %s " * len(ranked) + "END",
        [value for i, pk in enumerate(ranked) for value in (pk, i)],
        output_field=IntegerField(),
    )
    return courses.filter(pk__in=ranked).annotate(rank=position).order_by("rank", "title")


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
