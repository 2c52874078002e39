"""A district coordinator's "needs attention": last school year's return files their district
has not received yet (CALPADS End-of-Year reporting follows the year's end)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ropdesk.core import access as core_access
from ropdesk.core.contributions import Attention
from ropdesk.returns import access, layouts
from ropdesk.returns.models import HandOff
from ropdesk.scheduling.models import SchoolYear


def items(user: Any) -> list[Attention]:
    scope = core_access.scope_of(user)
    if scope.county_wide or not scope.district_ids or not getattr(user, "is_active", False):
        return []
    year = (
        SchoolYear.objects.filter(end_date__lt=timezone.localdate()).order_by("-end_date").first()
    )
    if year is None:
        return []
    found = []
    for district in access.return_districts_of(user).order_by("name"):
        received = set(
            HandOff.objects.filter(district=district, school_year=year).values_list(
                "file_type", flat=True
            )
        )
        waiting = [t for t in layouts.FILE_TYPES if t not in received and t != "PSTS"]
        if waiting:
            found.append(
                Attention(
                    label=_("%(year)s return files to download (%(district)s)")
                    % {"year": year.name, "district": district.name},
                    count=len(waiting),
                    url=reverse("returns_district", args=[district.pk, year.name]),
                )
            )
    return found
