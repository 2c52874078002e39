"""Writes for the schedule: calendars, sections and their meetings."""

from __future__ import annotations

from datetime import date, time
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ropdesk.catalog.models import Course
from ropdesk.core import versions
from ropdesk.core.models import Site
from ropdesk.core.services import audit_record, fields_update
from ropdesk.core.types import Actor
from ropdesk.scheduling.calendar import (
    WEEKDAY_INDEX,
    days_left_out_of_school_months,
    meeting_dates,
    school_months,
)
from ropdesk.scheduling.models import Holiday, Meeting, SchoolMonth, SchoolYear, Section, Term


def school_year_build_calendar(*, school_year: SchoolYear) -> list[SchoolMonth]:
    """Rebuild the school months of a year from its instruction days and calendar entries:
    holidays count as days of the month, the winter recess is left out when the program so
    chooses (EC 37201(a); scheduling.calendar)."""
    entries = school_year.holidays.values_list("date", "kind")
    left_out = days_left_out_of_school_months(
        entries, exclude_winter_recess=settings.ROPDESK["SCHOOL_MONTH_EXCLUDES_WINTER_RECESS"]
    )
    spans = school_months(
        school_year.first_instruction_day,
        school_year.last_instruction_day,
        left_out,
        settings.ROPDESK["SCHOOL_MONTH_DAYS"],
    )
    with transaction.atomic():
        versions.changed("attendance")  # no ORM signal for a bulk write (the ADA cache)
        school_year.school_months.all().delete()
        return SchoolMonth.objects.bulk_create(
            SchoolMonth(
                school_year=school_year,
                number=s.number,
                start_date=s.start_date,
                end_date=s.end_date,
                school_days=s.school_days,
            )
            for s in spans
        )


def validate_meeting_pattern(
    days: str, start_time: time | None, end_time: time | None
) -> list[str]:
    """The weekdays of a pattern such as "Mon,Wed,Fri", or a ValidationError saying why not."""
    day_list = [d.strip() for d in days.split(",") if d.strip()]
    unknown = [d for d in day_list if d not in WEEKDAY_INDEX]
    if not day_list or unknown:
        raise ValidationError(
            {
                "days": _(
                    "Meeting days must be a comma-separated list of Mon, Tue, Wed, Thu, Fri, "
                    "Sat, Sun; got “%(days)s”."
                )
                % {"days": days}
            }
        )
    if start_time is not None and end_time is not None and start_time >= end_time:
        raise ValidationError({"end_time": _("A meeting must end after it starts.")})
    return day_list


@transaction.atomic
def section_create(
    *,
    actor: Actor | None,
    code: str,
    course: Course,
    term: Term,
    site: Site,
    instructor: Any,
    mode: str,
    capacity: int,
    days: str,
    start_time: time,
    end_time: time,
) -> Section:
    """Create a section and generate its meetings."""
    day_list = validate_meeting_pattern(days, start_time, end_time)
    if not course.allows_mode(mode):
        raise ValidationError(
            {
                "mode": _("%(course)s is not approved for this instruction mode.")
                % {"course": course.title}
            }
        )
    section = Section(
        code=code,
        course=course,
        term=term,
        site=site,
        instructor=instructor,
        mode=mode,
        capacity=capacity,
        days=",".join(day_list),
        start_time=start_time,
        end_time=end_time,
    )
    section.full_clean()
    section.save()
    section_generate_meetings(section=section)
    audit_record(actor=actor, action="section.create", obj=section, code=code)
    return section


@transaction.atomic
def section_generate_meetings(
    *, section: Section, until: date | None = None, since: date | None = None
) -> int:
    """Create the meetings of the section's pattern over its term (or the part of it from
    `since` to `until`), skipping holidays.

    Existing meetings are kept (attendance may hang on them); only missing dates are added.
    Returns how many were added.
    """
    if section.start_time is None or section.end_time is None:
        return 0  # no meeting pattern yet (a section from a roster waits for its setup)
    term = section.term
    holidays = term.school_year.holidays.values_list("date", flat=True)
    last = min(term.end_date, until) if until else term.end_date
    first = max(term.start_date, since) if since else term.start_date
    dates = meeting_dates(first, last, section.day_list, holidays)
    existing = set(section.meetings.values_list("date", flat=True))
    new = [
        Meeting(section=section, date=d, start_time=section.start_time, end_time=section.end_time)
        for d in dates
        if d not in existing
    ]
    versions.changed("attendance")  # no ORM signal for a bulk write (the ADA cache)
    Meeting.objects.bulk_create(new)
    return len(new)


# --- The office's screens and the admin: editing sections and the school calendar -----------

SECTION_FIELDS = ("site", "instructor", "mode", "capacity", "days", "start_time", "end_time")


def _value(section: Section, name: str) -> str:
    value = getattr(section, name)
    return "" if value is None else str(getattr(value, "pk", value))


def section_update(
    *, actor: Actor | None, section: Section, seated: int, **changes: Any
) -> Section:
    """Change a section's site, instructor, mode, capacity or meeting pattern.

    `seated` is the number of students holding a seat (enrollment counts them): the capacity
    cannot go below it. A new pattern replaces the meetings from today on that hold no
    attendance, and generates the new ones; past meetings, and any meeting with attendance,
    stay as they were.
    """
    unknown = set(changes) - set(SECTION_FIELDS)
    if unknown:
        raise TypeError(f"section_update does not change {sorted(unknown)}")
    with transaction.atomic():
        section = (
            Section.objects.select_for_update()
            .select_related("course", "term__school_year")
            .get(pk=section.pk)
        )
        before = {name: _value(section, name) for name in SECTION_FIELDS}
        for name, value in changes.items():
            setattr(section, name, value)
        day_list = validate_meeting_pattern(section.days, section.start_time, section.end_time)
        section.days = ",".join(day_list)
        if not section.course.allows_mode(section.mode):
            raise ValidationError(
                {"mode": _("The course is not approved for this instruction mode.")}
            )
        if section.capacity < seated:
            raise ValidationError(
                {
                    "capacity": _(
                        "%(n)s students hold a seat in this section: the capacity cannot be "
                        "less than that."
                    )
                    % {"n": seated}
                }
            )
        section.full_clean()
        section.save()
        after = {name: _value(section, name) for name in SECTION_FIELDS}
        pattern = ("days", "start_time", "end_time")
        if any(before[name] != after[name] for name in pattern):
            section_replan_meetings(section=section)
        changed = {n: [before[n], after[n]] for n in after if before[n] != after[n]}
        audit_record(actor=actor, action="section.update", obj=section, changed=changed)
        return section


def section_replan_meetings(*, section: Section) -> int:
    """After a new meeting pattern: the meetings from today on that hold no attendance are
    replaced by the new pattern's; past meetings, and any with attendance, stay. Returns how
    many meetings the section has from today on."""
    today = timezone.localdate()
    section.meetings.filter(date__gte=today, attendance__isnull=True).delete()
    section_generate_meetings(section=section, since=today)
    return section.meetings.filter(date__gte=today).count()


def calendar_days_changed(*, school_year: SchoolYear, added: set[date], removed: set[date]) -> int:
    """The meetings after days without classes were added or removed: a day added loses its
    meetings that hold no attendance; a day removed gets back the meeting of each section
    that meets on that weekday; the school months are rebuilt. Returns the meetings removed
    minus those added back."""
    removed_meetings, _detail = Meeting.objects.filter(
        section__term__school_year=school_year, date__in=added, attendance__isnull=True
    ).delete()
    added_back = 0
    for day in sorted(removed):
        weekday = next(name for name, index in WEEKDAY_INDEX.items() if index == day.weekday())
        sections = Section.objects.filter(
            term__school_year=school_year,
            term__start_date__lte=day,
            term__end_date__gte=day,
            needs_setup=False,
        ).select_related("term__school_year")
        for section in sections:
            if weekday in section.day_list:
                added_back += section_generate_meetings(section=section, since=day, until=day)
    school_year_build_calendar(school_year=school_year)
    return removed_meetings - added_back


def holiday_add(
    *, actor: Actor | None, school_year: SchoolYear, day: date, name: str, kind: str
) -> Holiday:
    """A day without classes: its meetings go away (a meeting with attendance stops it, with
    the sections named) and the school months are rebuilt."""
    if not school_year.first_instruction_day <= day <= school_year.last_instruction_day:
        raise ValidationError(
            {"date": _("The day is not between the first and last day of instruction.")}
        )
    with transaction.atomic():
        if school_year.holidays.filter(date=day).exists():
            raise ValidationError({"date": _("This day is already on the calendar.")})
        meetings = Meeting.objects.filter(section__term__school_year=school_year, date=day)
        taken = sorted(
            meetings.filter(attendance__isnull=False)
            .values_list("section__code", flat=True)
            .distinct()
        )
        if taken:
            raise ValidationError(
                {
                    "date": _(
                        "Attendance is already recorded that day in %(sections)s: correct it first."
                    )
                    % {"sections": ", ".join(taken)}
                }
            )
        holiday = Holiday(school_year=school_year, date=day, name=name, kind=kind)
        holiday.full_clean()
        holiday.save()
        removed = calendar_days_changed(school_year=school_year, added={day}, removed=set())
        audit_record(
            actor=actor,
            action="holiday.add",
            obj=holiday,
            date=day.isoformat(),
            kind=kind,
            meetings_removed=removed,
        )
        return holiday


def holiday_remove(*, actor: Actor | None, holiday: Holiday) -> int:
    """A holiday taken off the calendar: the sections meeting on that weekday meet that day
    again, and the school months are rebuilt. Returns how many meetings were added."""
    with transaction.atomic():
        school_year = holiday.school_year
        day = holiday.date
        audit_record(actor=actor, action="holiday.remove", obj=holiday, date=day.isoformat())
        holiday.delete()
        added = -calendar_days_changed(school_year=school_year, added=set(), removed={day})
        return added


@transaction.atomic
def term_names_es_save(*, actor: Actor, terms: dict[int, str]) -> int:
    """Terms' Spanish names (`name_es`: "Otoño 2026"); blank shows the English. Returns how
    many changed."""
    written = 0
    for term in Term.objects.select_for_update().filter(pk__in=list(terms)):
        if fields_update(
            actor=actor, obj=term, values={"name_es": terms[term.pk]}, action="term.update"
        ):
            written += 1
    return written
