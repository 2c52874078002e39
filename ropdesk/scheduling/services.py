"""Writes for the schedule: calendars, sections and their meetings."""

from __future__ import annotations

from datetime import date, time
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ropdesk.catalog.models import Course
from ropdesk.core import versions
from ropdesk.core.models import Site
from ropdesk.core.services import audit_record
from ropdesk.scheduling.calendar import (
    WEEKDAY_INDEX,
    days_left_out_of_school_months,
    meeting_dates,
    school_months,
)
from ropdesk.scheduling.models import Meeting, SchoolMonth, SchoolYear, Section, Term


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


def validate_meeting_pattern(days: str, start_time: time, end_time: time) -> list[str]:
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
    if start_time >= end_time:
        raise ValidationError({"end_time": _("A meeting must end after it starts.")})
    return day_list


@transaction.atomic
def section_create(
    *,
    actor: Any,
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
def section_generate_meetings(*, section: Section, until: date | None = None) -> int:
    """Create the meetings of the section's pattern over its term, skipping holidays.

    Existing meetings are kept (attendance may hang on them); only missing dates are added.
    Returns how many were added.
    """
    term = section.term
    holidays = term.school_year.holidays.values_list("date", flat=True)
    last = min(term.end_date, until) if until else term.end_date
    dates = meeting_dates(term.start_date, last, section.day_list, holidays)
    existing = set(section.meetings.values_list("date", flat=True))
    new = [
        Meeting(section=section, date=d, start_time=section.start_time, end_time=section.end_time)
        for d in dates
        if d not in existing
    ]
    versions.changed("attendance")  # no ORM signal for a bulk write (the ADA cache)
    Meeting.objects.bulk_create(new)
    return len(new)
