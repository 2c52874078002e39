"""Taking attendance (instructors, the office), certifying it and importing it (the office)."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ropdesk.attendance import access as attendance_access
from ropdesk.attendance import imports, queries, services
from ropdesk.attendance.forms import AdjustForm, ImportForm, MarkForm, PeriodForm
from ropdesk.attendance.periods import Period, period_window
from ropdesk.core import access
from ropdesk.core.models import ImportJob, Role
from ropdesk.core.types import Actor
from ropdesk.core.views_background import import_upload_page
from ropdesk.enrollment import access as enrollment_access
from ropdesk.enrollment.models import Enrollment
from ropdesk.scheduling.models import Meeting, SchoolYear

FRAGMENT_HEADER = "X-Ropdesk-Fragment"  # sent by attendance/take.js: answer with one row


def _require_office(user: Actor) -> None:
    if not access.can_manage_attendance(user):
        raise Http404("No such page")


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Today's and the last two weeks' meetings to take or correct attendance for."""
    today = timezone.localdate()
    meetings = attendance_access.meetings_for_attendance(request.user)
    office = access.can_manage_attendance(request.user)
    if office:
        code = request.GET.get("section", "").strip()
        meetings = meetings.filter(section__code=code) if code else meetings.none()
    elif not access.scope_of(request.user).has(Role.INSTRUCTOR):
        raise Http404("No such page")
    recent = list(queries.recent_meetings(meetings, today))
    return render(
        request,
        "attendance/home.html",
        {
            "today": today,
            "todays": [m for m in recent if m.date == today],
            "earlier": [m for m in recent if m.date != today],
            "office": office,
            "section_code": request.GET.get("section", ""),
        },
    )


@login_required
def section_meetings(request: HttpRequest, pk: int) -> HttpResponse:
    section = enrollment_access.get_section_for(request.user, pk)
    if not attendance_access.can_take_attendance(request.user, section):
        raise Http404("No such section")
    today = timezone.localdate()
    meetings = queries.section_meetings(section, today)
    return render(
        request,
        "attendance/section.html",
        {
            "section": section,
            "page": Paginator(meetings, 40).get_page(request.GET.get("page")),
            "locked_through": queries.certified_through(section.pk),
        },
    )


def _sheet_context(
    request: HttpRequest, meeting: Meeting, *, unlocked: bool = False
) -> dict[str, Any]:
    """What the sheet and its rows show around the records; `unlocked` when the caller just
    wrote a mark (the service found no certification covering the meeting, in its
    transaction), so that the row sent back reads it only once."""
    certification = (
        None if unlocked else queries.certification_covering(meeting.section_id, meeting.date)
    )
    now = timezone.localtime()
    suggest = None
    if meeting.date == now.date() and meeting.start_time < now.time() < meeting.end_time:
        suggest = now.time().replace(second=0, microsecond=0)
    return {
        "meeting": meeting,
        "certification": certification,
        "locked_message": services.locked_message(certification) if certification else "",
        "can_adjust": certification is not None and access.can_manage_attendance(request.user),
        "suggest": suggest,
        "is_future": meeting.date > now.date(),
    }


@login_required
def meeting_sheet(request: HttpRequest, pk: int) -> HttpResponse:
    """The attendance sheet of one meeting: everyone present by default, one tap to change."""
    meeting = attendance_access.get_meeting_for(request.user, pk)
    rows = queries.sheet_for(meeting)
    counts: dict[str, int] = {}
    for row in rows:
        counts[row.group] = counts.get(row.group, 0) + 1
    context = _sheet_context(request, meeting)
    context.update(rows=rows, counts=counts, unrecorded=counts.get("not_recorded", 0))
    return render(request, "attendance/meeting.html", context)


def _times_for(
    mark: str, data: dict[str, Any], meeting: Meeting, current: Any
) -> tuple[time | None, time | None]:
    start, end = meeting.start_time, meeting.end_time
    arrived = current.arrived if current is not None and current.arrived else start
    departed = current.departed if current is not None and current.departed else end
    if mark == MarkForm.Mark.PRESENT:
        return start, end
    if mark == MarkForm.Mark.ABSENT:
        return None, None
    if mark == MarkForm.Mark.TARDY:
        if data.get("arrived") is None:
            raise ValidationError(_("Enter the time the student arrived, then tap Tardy."))
        return data["arrived"], departed
    if data.get("departed") is None:
        raise ValidationError(_("Enter the time the student left, then tap Left early."))
    return arrived, data["departed"]


def _enrollment_in(meeting: Meeting, enrollment_id: Any) -> Enrollment:
    return get_object_or_404(
        Enrollment.objects.select_related("student"), pk=enrollment_id, section=meeting.section_id
    )


def _answer_row(
    request: HttpRequest, meeting: Meeting, enrollment: Enrollment, **extra: Any
) -> HttpResponse:
    """The row again, for take.js; or, without JavaScript, back to the sheet at the row."""
    saved: queries.SheetRow | None = extra.pop("row", None)
    if request.headers.get(FRAGMENT_HEADER) == "row":
        if saved is None:
            [row] = queries.sheet_for(meeting, [enrollment.pk]) or [
                queries.SheetRow(enrollment, None)
            ]
        else:
            row = saved
        context = _sheet_context(request, meeting, unlocked=saved is not None)
        context.update(row=row, **extra)
        status = 422 if extra.get("error") else 200
        return render(request, "attendance/_row.html", context, status=status)
    if extra.get("error"):
        messages.error(request, f"{enrollment.student.full_name}: {extra['error']}")
    elif extra.get("note"):
        messages.info(request, f"{enrollment.student.full_name}: {extra['note']}")
    return redirect(f"{reverse('attendance_meeting', args=[meeting.pk])}#row-{enrollment.pk}")


@login_required
@require_POST
def meeting_mark(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = attendance_access.get_meeting_for(request.user, pk)
    form = MarkForm(request.POST)
    if not form.is_valid():
        if "enrollment" in form.errors:
            raise Http404("No such student")
        enrollment = _enrollment_in(meeting, form.cleaned_data["enrollment"])
        return _answer_row(request, meeting, enrollment, error=_("Enter times as HH:MM."))
    enrollment = _enrollment_in(meeting, form.cleaned_data["enrollment"])
    mark = form.cleaned_data["mark"]
    # Present and absent set both times; tardy and left early keep the other one.
    keeps_a_time = mark in (MarkForm.Mark.TARDY, MarkForm.Mark.LEFT_EARLY)
    current = (
        meeting.attendance.filter(enrollment=enrollment).order_by("pk").first()
        if keeps_a_time
        else None
    )
    try:
        arrived, departed = _times_for(mark, form.cleaned_data, meeting, current)
        result = services.attendance_mark(
            actor=request.user,
            meeting=meeting,
            enrollment=enrollment,
            arrived=arrived,
            departed=departed,
            seen=form.cleaned_data["seen"],
        )
    except ValidationError as refused:
        return _answer_row(request, meeting, enrollment, error=" ".join(refused.messages))
    note = None
    if result.overwrote_by is not None:
        note = _("This replaced a change %(who)s made at %(when)s.") % {
            "who": result.overwrote_by,
            "when": _clock(result.overwrote_at),
        }
    record = result.record
    record.meeting = meeting  # in hand: the row reads no more than the mark wrote
    saved = queries.SheetRow(enrollment, record)
    return _answer_row(request, meeting, enrollment, note=note, saved=True, row=saved)


def _clock(moment: datetime | None) -> str:
    return timezone.localtime(moment).strftime("%H:%M") if moment else ""


@login_required
@require_POST
def meeting_rest_present(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = attendance_access.get_meeting_for(request.user, pk)
    try:
        marked = services.attendance_mark_rest_present(actor=request.user, meeting=meeting)
    except ValidationError as refused:
        messages.error(request, " ".join(refused.messages))
    else:
        messages.success(request, _("%(n)s more students marked present.") % {"n": marked})
    return redirect("attendance_meeting", pk=meeting.pk)


@login_required
@require_POST
def meeting_adjust(request: HttpRequest, pk: int) -> HttpResponse:
    _require_office(request.user)
    meeting = attendance_access.get_meeting_for(request.user, pk)
    form = AdjustForm(request.POST)
    if not form.is_valid():
        if "enrollment" in form.errors:
            raise Http404("No such student")
        enrollment = _enrollment_in(meeting, form.cleaned_data["enrollment"])
        error = _("Give the times as HH:MM and the reason for the adjustment.")
        return _answer_row(request, meeting, enrollment, error=error)
    enrollment = _enrollment_in(meeting, form.cleaned_data["enrollment"])
    try:
        services.attendance_adjust(
            actor=request.user,
            meeting=meeting,
            enrollment=enrollment,
            arrived=form.cleaned_data["arrived"],
            departed=form.cleaned_data["departed"],
            reason=form.cleaned_data["reason"],
        )
    except ValidationError as refused:
        return _answer_row(request, meeting, enrollment, error=" ".join(refused.messages))
    return _answer_row(
        request, meeting, enrollment, note=_("Adjusted. It will show in the next report.")
    )


# --- Certification ---------------------------------------------------------------------------


RESULT_KEY = "attendance_certify_result"  # the last bulk certification's result (session)


@login_required
def certify(request: HttpRequest) -> HttpResponse:
    """The office certifies sections' attendance for a period (through its end or today):
    the sections not yet certified, filtered by district, school, instructor and term;
    some or every one of them in one action, with what could not be certified and why."""
    sections = attendance_access.sections_to_certify(request.user)
    form = PeriodForm(period_choice(request))
    if not form.is_valid():
        return render(request, "attendance/certify.html", {"form": form, "page": None})
    year, period = form.cleaned_data["school_year"], form.cleaned_data["period"]
    data = request.POST if request.method == "POST" else request.GET
    filters = _certify_filters(data)
    query = _certify_query(year, period, filters)
    window = period_window(year.start_date, year.end_date, period)
    through = min(window.end, timezone.localdate())
    if request.method == "POST":
        _certify_chosen(request, sections, year, period, through, filters)
        return redirect(f"{reverse('attendance_certify')}?{query}")
    rows = queries.certification_list(sections, year.pk, through, filters)
    return render(
        request,
        "attendance/certify.html",
        {
            "form": form,
            "through": through,
            "not_started": through < window.start,
            "page": Paginator(rows, 50).get_page(request.GET.get("page")),
            "query": query,
            "filters": filters,
            "options": _certify_options(year),
            "result": request.session.pop(RESULT_KEY, None),
        },
    )


def _number(value: Any) -> int | None:
    return int(value) if str(value or "").isdigit() else None


def _certify_filters(data: Any) -> queries.CertifyFilters:
    return queries.CertifyFilters(
        district=_number(data.get("district")),
        school=_number(data.get("school")),
        instructor=_number(data.get("instructor")),
        term=_number(data.get("term")),
        code=data.get("section_code", data.get("q", "")).strip()[:40],
        open_only=data.get("show", "open") != "all",
    )


def _certify_query(year: SchoolYear, period: str, filters: queries.CertifyFilters) -> str:
    values = {
        "school_year": year.name,
        "period": period,
        "district": filters.district or "",
        "school": filters.school or "",
        "instructor": filters.instructor or "",
        "term": filters.term or "",
        "section_code": filters.code,
        "show": "open" if filters.open_only else "all",
    }
    return urlencode({k: v for k, v in values.items() if v != ""})


def _certify_options(year: SchoolYear) -> dict[str, Any]:
    """The filters' menus: four queries, whatever the number of sections."""
    from ropdesk.core.models import Organization, User

    return {
        "districts": Organization.objects.filter(kind=Organization.Kind.DISTRICT).order_by("name"),
        "schools": Organization.objects.filter(kind=Organization.Kind.SCHOOL).order_by("name"),
        "instructors": User.objects.filter(sections_taught__term__school_year=year)
        .distinct()
        .order_by("last_name", "first_name"),
        "terms": year.terms.order_by("start_date"),
    }


def period_choice(request: HttpRequest) -> dict[str, Any]:
    """The school year and period asked for, else the current school year's P-1."""
    data = request.POST if request.method == "POST" else request.GET
    if "school_year" in data:
        return {"school_year": data.get("school_year"), "period": data.get("period")}
    today = timezone.localdate()
    year = (
        SchoolYear.objects.filter(start_date__lte=today, end_date__gte=today).first()
        or SchoolYear.objects.first()
    )
    return {"school_year": year.name if year else "", "period": Period.P1}


def _certify_chosen(
    request: HttpRequest,
    sections: Any,
    year: SchoolYear,
    period: str,
    through: Any,
    filters: queries.CertifyFilters,
) -> None:
    """Certify the ticked sections, or every section the filters list ("all"), and keep the
    result for the page that follows."""
    if request.POST.get("all") == "1":
        chosen = queries.certification_list(sections, year.pk, through, filters)
    else:
        ids = [pk for pk in request.POST.getlist("section") if pk.isdigit()]
        chosen = sections.filter(pk__in=ids)
    chosen_list = list(chosen.select_related(None).only("pk", "code"))
    if not chosen_list:
        messages.error(request, _("Choose the sections to certify."))
        return
    try:
        outcome = services.attendance_certify_sections(
            actor=request.user, sections=chosen_list, school_year=year, period=period
        )
    except ValidationError as refused:
        messages.error(request, " ".join(refused.messages))
        return
    request.session[RESULT_KEY] = {
        "certified": [c.section.code for c in outcome.certified],
        "refused": [[r.section.code, r.reason] for r in outcome.refused],
    }


# --- Import ----------------------------------------------------------------------------------


@login_required
def import_upload(request: HttpRequest) -> HttpResponse:
    _require_office(request.user)
    return import_upload_page(
        request,
        form=ImportForm(request.POST or None, request.FILES or None),
        start=imports.attendance_import_start,
        kind=ImportJob.Kind.ATTENDANCE,
        template="attendance/import.html",
    )
