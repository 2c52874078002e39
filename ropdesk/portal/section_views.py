from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from ropdesk.core import access
from ropdesk.core.disclosures import LEGAL_BASIS
from ropdesk.core.services import disclosure_record
from ropdesk.core.types import signed_in
from ropdesk.enrollment import access as enrollment_access
from ropdesk.enrollment import queries as enrollment_queries
from ropdesk.funding import queries as funding_queries
from ropdesk.portal.printables import can_print_roster
from ropdesk.scheduling.models import SchoolYear


@login_required
def section_list(request: HttpRequest) -> HttpResponse:
    if not access.can_list_sections(request.user):
        raise Http404("No such page")
    sections = enrollment_queries.with_enrolled_count(
        enrollment_access.sections_visible_to(request.user).select_related(
            "course", "site", "instructor", "term"
        )
    ).order_by("course__title", "code")
    page = Paginator(sections, 50).get_page(request.GET.get("page"))
    return render(request, "portal/section_list.html", {"page": page})


@login_required
def section_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A section with its roster: only the rows of students the viewer may see."""
    section = enrollment_access.get_section_for(request.user, pk)
    roster = list(
        enrollment_queries.roster_of(
            section, enrollment_access.enrollments_visible_to(request.user)
        )
    )
    # An outside party (a site supervisor) sees of their trainees what a training site needs:
    # the name, the enrollment's status and the site; not grade or school (34 CFR 99.31(a)(1)
    # limits the disclosure to the legitimate interest). Students they also reach as a school
    # official (their own class) show in full, and are not disclosures.
    full = {e.student_id for e in roster}
    if access.is_outside_party(request.user):
        full = access.students_seen_as_school_official(request.user, full)
        disclosed = [e.student for e in roster if e.student_id not in full]
        if disclosed:
            disclosure_record(
                students=disclosed,
                party=signed_in(request.user),
                records="name, enrollment status, training site",
                legal_basis=LEGAL_BASIS,
            )
    upcoming = section.meetings.filter(date__gte=timezone.localdate()).order_by("date")[:5]
    return render(
        request,
        "portal/section_detail.html",
        {
            "section": section,
            "roster": roster,
            "shown_in_full": full,
            "upcoming": upcoming,
            "can_print": can_print_roster(request.user, section),
            "can_edit": access.can_manage_schedule(request.user),
        },
    )


@login_required
def school_calendar(request: HttpRequest) -> HttpResponse:
    """A school year's calendar entries and school months, with the months P-1 and P-2
    count, so the office can check them against the county's calendar. Office and district
    coordinators (the people who read the ADA report); anyone else gets a 404."""
    if not access.can_see_ada_report(request.user):
        raise Http404("No such page")
    years = list(SchoolYear.objects.order_by("-start_date"))
    year = next((y for y in years if y.name == request.GET.get("year")), None)
    today = timezone.localdate()
    year = year or next((y for y in years if y.start_date <= today <= y.end_date), None)
    year = year or (years[0] if years else None)
    months = funding_queries.school_calendar(year) if year else []
    return render(
        request,
        "portal/calendar.html",
        {
            "years": years,
            "year": year,
            "months": months,
            "entries": list(year.holidays.all()) if year else [],
            "excludes_winter_recess": settings.ROPDESK["SCHOOL_MONTH_EXCLUDES_WINTER_RECESS"],
            "month_days": settings.ROPDESK["SCHOOL_MONTH_DAYS"],
        },
    )
