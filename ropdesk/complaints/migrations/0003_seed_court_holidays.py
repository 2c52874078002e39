"""Seed the judicial holidays of CCP 135 for the current and the next year (computed by
court_days.ccp_135_holidays), so that the CCP 12a deadline rule has the office's own list to
start from; the office edits it on its holidays page."""

from django.db import migrations
from django.utils import timezone


def seed(apps, schema_editor):
    from ropdesk.complaints.court_days import ccp_135_holidays

    CourtHoliday = apps.get_model("complaints", "CourtHoliday")
    year = timezone.localdate().year
    for holiday in (*ccp_135_holidays(year), *ccp_135_holidays(year + 1)):
        CourtHoliday.objects.get_or_create(
            day=holiday.day, defaults={"name": holiday.name, "observed": holiday.observed}
        )


def unseed(apps, schema_editor):
    apps.get_model("complaints", "CourtHoliday").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("complaints", "0002_title_ix_roles_court_holidays_appellant_name")]

    operations = [migrations.RunPython(seed, unseed)]
