"""Printable class rosters and attendance sign-in sheets (PDF, ropdesk/documents).

For the section's instructor and the office (who take its attendance) and the coordinator of
the district it meets in: the people who hand out a sign-in sheet or post a roster. Forbidden
looks like missing (404).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ropdesk.attendance import access as attendance_access
from ropdesk.attendance.queries import roster_for
from ropdesk.core import access
from ropdesk.core.types import Actor
from ropdesk.documents import pdf_response, render_pdf
from ropdesk.enrollment import access as enrollment_access
from ropdesk.enrollment import queries as enrollment_queries
from ropdesk.enrollment.models import Enrollment
from ropdesk.scheduling.models import Section


def can_print_roster(user: Actor, section: Section) -> bool:
    """The section's instructor, the office, the coordinator of the section's district."""
    return attendance_access.can_take_attendance(user, section) or (
        section.site.district_id in access.scope_of(user).district_ids
    )


def _section_for_printing(request: HttpRequest, pk: int) -> Section:
    section = enrollment_access.get_section_for(request.user, pk)
    if not can_print_roster(request.user, section):
        raise Http404("No such page")
    return section


def _language() -> str:
    return translation.get_language() or settings.LANGUAGE_CODE


@login_required
def roster_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The class roster as it stands today: the students seated in the section."""
    section = _section_for_printing(request, pk)
    roster = enrollment_queries.roster_of(
        section,
        enrollment_access.enrollments_visible_to(request.user).filter(status__in=Enrollment.SEATED),
    )
    context = {
        "title": _("Class roster: %(course)s %(code)s")
        % {"course": section.course.title, "code": section.code},
        "section": section,
        "roster": list(roster),
        "printed_on": timezone.localdate(),
    }
    content = render_pdf("portal/roster_pdf.html", context, language=_language())
    return pdf_response(content, filename=f"roster-{section.code}.pdf")


@login_required
def signin_sheet_pdf(request: HttpRequest, pk: int, meeting_pk: int) -> HttpResponse:
    """A sign-in sheet for one meeting: the students on its roster that day, with room to
    write the time in and out and to sign, for a class whose attendance is kept on paper
    first (and entered or imported after)."""
    section = _section_for_printing(request, pk)
    meeting = get_object_or_404(section.meetings, pk=meeting_pk)
    visible = enrollment_access.enrollments_visible_to(request.user).values("pk")
    context = {
        "title": _("Attendance sign-in sheet: %(course)s %(code)s")
        % {"course": section.course.title, "code": section.code},
        "section": section,
        "meeting": meeting,
        "roster": list(roster_for(meeting).filter(pk__in=visible)),
    }
    content = render_pdf("portal/signin_pdf.html", context, language=_language())
    return pdf_response(content, filename=f"sign-in-{section.code}-{meeting.date}.pdf")
