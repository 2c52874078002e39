"""Existing calendar entries get a kind from their name (a recess or break is a winter recess
or another day without school; everything else a legal holiday), and every year's school
months are rebuilt on EC 37201(a): holidays count as days of the month, the winter recess is
left out when ROPDESK["SCHOOL_MONTH_EXCLUDES_WINTER_RECESS"] says so."""

from typing import Any

from django.conf import settings
from django.db import migrations

from ropdesk.scheduling import calendar


def _rebuild(apps: Any, year: Any) -> None:
    Holiday = apps.get_model("scheduling", "Holiday")
    SchoolMonth = apps.get_model("scheduling", "SchoolMonth")
    entries = Holiday.objects.filter(school_year=year).values_list("date", "kind")
    left_out = calendar.days_left_out_of_school_months(
        entries, exclude_winter_recess=settings.ROPDESK["SCHOOL_MONTH_EXCLUDES_WINTER_RECESS"]
    )
    spans = calendar.school_months(
        year.first_instruction_day,
        year.last_instruction_day,
        left_out,
        settings.ROPDESK["SCHOOL_MONTH_DAYS"],
    )
    SchoolMonth.objects.filter(school_year=year).delete()
    SchoolMonth.objects.bulk_create(
        SchoolMonth(
            school_year=year,
            number=s.number,
            start_date=s.start_date,
            end_date=s.end_date,
            school_days=s.school_days,
        )
        for s in spans
    )


def kinds_from_names(apps: Any, schema_editor: Any) -> None:
    Holiday = apps.get_model("scheduling", "Holiday")
    SchoolYear = apps.get_model("scheduling", "SchoolYear")
    changed = []
    for entry in Holiday.objects.all():
        entry.kind = calendar.kind_for_name(entry.name)
        changed.append(entry)
    Holiday.objects.bulk_update(changed, ["kind"], batch_size=500)
    for year in SchoolYear.objects.all():
        _rebuild(apps, year)


def months_as_before(apps: Any, schema_editor: Any) -> None:
    """Back: the months as the old code built them (every entry dropped from the count)."""
    Holiday = apps.get_model("scheduling", "Holiday")
    SchoolYear = apps.get_model("scheduling", "SchoolYear")
    SchoolMonth = apps.get_model("scheduling", "SchoolMonth")
    for year in SchoolYear.objects.all():
        closed = Holiday.objects.filter(school_year=year).values_list("date", flat=True)
        spans = calendar.school_months(
            year.first_instruction_day,
            year.last_instruction_day,
            closed,
            settings.ROPDESK["SCHOOL_MONTH_DAYS"],
        )
        SchoolMonth.objects.filter(school_year=year).delete()
        SchoolMonth.objects.bulk_create(
            SchoolMonth(
                school_year=year,
                number=s.number,
                start_date=s.start_date,
                end_date=s.end_date,
                school_days=s.school_days,
            )
            for s in spans
        )


class Migration(migrations.Migration):
    dependencies = [("scheduling", "0002_holiday_kind")]

    operations = [migrations.RunPython(kinds_from_names, months_as_before)]
