from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from ropdesk.catalog import queries
from ropdesk.catalog.models import Course
from ropdesk.catalog.services import CA_CTE_CREDIT
from ropdesk.core.paging import page_of
from ropdesk.enrollment.queries import with_enrolled_count


def catalog(request: HttpRequest) -> HttpResponse:
    """The public course catalog, searchable by words, industry sector and pathway."""
    text = request.GET.get("q", "").strip()
    sector = request.GET.get("sector", "")
    pathway = request.GET.get("pathway", "")
    courses = queries.courses_search(text=text, sector_code=sector, pathway_code=pathway)
    return render(
        request,
        "portal/catalog.html",
        {
            "courses": page_of(request, courses),
            "sectors": queries.sectors_with_courses(),
            "pathways": queries.pathways_with_courses(sector),
            "q": text,
            "sector": sector,
            "pathway": pathway,
            "ca_cte_credit": CA_CTE_CREDIT,
        },
    )


def course_detail(request: HttpRequest, pk: int) -> HttpResponse:
    course = get_object_or_404(
        Course.objects.select_related("pathway__sector", "state_course_code"), pk=pk, active=True
    )
    sections = with_enrolled_count(
        course.sections.select_related("site", "term", "instructor")
    ).order_by("term__start_date", "code")
    return render(
        request,
        "portal/course_detail.html",
        {
            "course": course,
            "sections": sections,
            "competencies": course.competencies.all(),
            "ca_cte_credit": CA_CTE_CREDIT,
        },
    )
