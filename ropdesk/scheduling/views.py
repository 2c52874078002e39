from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from ropdesk.core import access
from ropdesk.core.services import disclosure_record
from ropdesk.core.views import TRAINING_BASIS
from ropdesk.scheduling import queries


@login_required
def section_list(request: HttpRequest) -> HttpResponse:
    sections = queries.with_enrolled_count(
        access.sections_visible_to(request.user).select_related(
            "course", "site", "instructor", "term"
        )
    ).order_by("course__title", "code")
    page = Paginator(sections, 50).get_page(request.GET.get("page"))
    return render(request, "scheduling/section_list.html", {"page": page})


@login_required
def section_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A section with its roster: only the rows of students the viewer may see."""
    section = access.get_section_for(request.user, pk)
    roster = list(queries.roster_of(section, access.enrollments_visible_to(request.user)))
    if access.is_outside_party(request.user):
        disclosure_record(
            students=[e.student for e in roster],
            party=request.user,
            records="name, grade, school, enrollment status",
            legal_basis=str(TRAINING_BASIS),
        )
    upcoming = section.meetings.filter(date__gte=timezone.localdate()).order_by("date")[:5]
    return render(
        request,
        "scheduling/section_detail.html",
        {"section": section, "roster": roster, "upcoming": upcoming},
    )
