from __future__ import annotations

import hashlib
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from ropdesk.catalog import queries
from ropdesk.catalog.models import Course
from ropdesk.catalog.services import CA_CTE_CREDIT
from ropdesk.core import versions
from ropdesk.core.paging import page_of
from ropdesk.enrollment.queries import with_enrolled_count

# The results of a search are the same for everyone: kept at the catalog's version (every
# write to courses, pathways, sectors and the search index moves it, catalog/apps.py), and
# at most this long, in case a write went around the ORM's signals.
RESULTS_SECONDS = 600


def catalog(request: HttpRequest) -> HttpResponse:
    """The public course catalog, searchable by words, industry sector and pathway."""
    text = request.GET.get("q", "").strip()
    sector = request.GET.get("sector", "")
    pathway = request.GET.get("pathway", "")
    context: dict[str, Any] = {"q": text, "sector": sector, "pathway": pathway}

    def results() -> str:
        courses = queries.courses_search(text=text, sector_code=sector, pathway_code=pathway)
        context.update(
            courses=page_of(request, courses),
            sectors=queries.sectors_with_courses(),
            pathways=queries.pathways_with_courses(sector),
            ca_cte_credit=CA_CTE_CREDIT,
        )
        return render_to_string("portal/_catalog_results.html", context, request)

    asked = f"{get_language()}|{request.GET.urlencode()}".encode()
    key = f"ropdesk:catalog:{hashlib.sha256(asked).hexdigest()}"
    html = versions.cached(key, queries.TOPIC, results, seconds=RESULTS_SECONDS)
    return render(request, "portal/catalog.html", {**context, "results": SafeString(html)})


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
