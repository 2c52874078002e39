"""What outcomes offers other apps as evidence (core/contributions.py, `evidence.py`).

`clna.student_performance`: the Perkins V core indicators (1S1, 3S1, 4S1, 5S1, 5S3) of each
academic year asked for, as the needs assessment's first element shows them (partners). The
figures are `queries.indicators` over the students the user's outcome figures count; a cell
under the minimum size is shown as * (rules.suppressed), as on the indicators page.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from ropdesk.core.contributions import EvidenceTable
from ropdesk.outcomes import access, queries


def _figure(value: Any, suppressed: bool, suffix: str = "") -> str:
    if suppressed:
        return "*"
    if value is None:
        return "—"
    return f"{value:g}{suffix}" if isinstance(value, float) else str(value)


def perkins_indicators(*, user: Any, years: list[str]) -> list[EvidenceTable]:
    if not access.can_see_outcomes(user):
        return []
    students = access.outcome_students(user)
    tables = []
    for year in years:
        rows = tuple(
            (
                i.code,
                _(i.name),
                _figure(i.total["numerator"], i.total["suppressed"]),
                _figure(i.total["denominator"], i.total["suppressed"]),
                _figure(i.total["rate"], i.total["suppressed"], " %"),
                "—" if i.target is None else f"{i.target} %",
            )
            for i in queries.indicators(year, students)
        )
        tables.append(
            EvidenceTable(
                title=_("Perkins V core indicators, %(year)s") % {"year": year},
                columns=(
                    _("Indicator"),
                    _("Name"),
                    _("Numerator"),
                    _("Denominator"),
                    _("Rate"),
                    _("Target"),
                ),
                rows=rows,
                source=_("Outcomes: exits, follow-up answers and credentials of that year"),
            )
        )
    return tables


TABLES = {"clna.student_performance": perkins_indicators}
