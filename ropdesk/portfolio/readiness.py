"""Work readiness: the items a site supervisor rates, the four-level scale, and the map to
California's Standards for Career Ready Practice.

Items and scale: US DOL ETA Work Readiness Tool (WIA youth; anchors-wave2.md §1.1) — a
supervisor rates each skill 1 "Performance improvement plan needed", 2 "Needs development",
3 "Proficient", 4 "Exemplary". The standards: California Standards for Career Ready Practice
(SBE 2013, CTE Model Curriculum Standards), twelve of them. Which item shows which standard is
the program's reading [I]: docs/portfolio.md lists it so the office can change it here.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

LEVELS = {
    1: _("Performance improvement plan needed"),
    2: _("Needs development"),
    3: _("Proficient"),
    4: _("Exemplary"),
}
PROFICIENT = 3

# (key, label, Career Ready Practice standards it shows)
ITEMS: list[tuple[str, Any, tuple[int, ...]]] = [
    ("attendance", _("Attendance"), (7,)),
    ("punctuality", _("Punctuality"), (7,)),
    ("appearance", _("Workplace appearance"), (7,)),
    ("initiative", _("Taking initiative"), (8, 10)),
    ("quality", _("Quality of work"), (1,)),
    ("communication", _("Communication skills"), (2,)),
    ("supervision", _("Response to supervision"), (8,)),
    ("teamwork", _("Teamwork"), (9,)),
    ("problem_solving", pgettext_lazy("work readiness", "Problem solving"), (5,)),
    ("critical_thinking", _("Critical thinking"), (5, 11)),
    ("reliability", _("Reliability and responsibility"), (7, 8)),
    ("diversity", _("Diversity awareness"), (9, 12)),
]
ITEM_KEYS = [key for key, _label, _standards in ITEMS]

CAREER_READY_PRACTICES = {
    1: _("Apply appropriate technical skills and academic knowledge."),
    2: _("Communicate clearly, effectively, and with reason."),
    3: _("Develop an education and career plan aligned with personal goals."),
    4: _("Apply technology to enhance productivity."),
    5: _("Utilize critical thinking to make sense of problems and persevere in solving them."),
    6: _("Practice personal health and understand financial literacy."),
    7: _("Act as a responsible citizen in the workplace and the community."),
    8: _("Model integrity, ethical leadership, and effective management."),
    9: _("Work productively in teams while integrating cultural and global competence."),
    10: _("Demonstrate creativity and innovation."),
    11: _("Employ valid and reliable research strategies."),
    12: _("Understand the environmental, social, and economic impacts of decisions."),
}


def average_level(scores: dict[str, int]) -> Decimal:
    """The mean of the rated items, to one decimal (items left unrated do not count)."""
    values = [int(v) for v in scores.values() if v]
    if not values:
        return Decimal("0")
    return (Decimal(sum(values)) / len(values)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def overall_level(scores: dict[str, int]) -> int:
    """The level a rating shows as a whole: the mean rounded down, so a "Proficient" entry
    means proficient on average and never rounds a 2.5 up to it."""
    return int(average_level(scores))


def practices_shown(scores: dict[str, int]) -> list[int]:
    """The Career Ready Practice standards shown at "Proficient" or better: each standard
    whose every rated item is at least proficient."""
    shown: dict[int, bool] = {}
    for key, _label, standards in ITEMS:
        value = scores.get(key)
        if not value:
            continue
        for standard in standards:
            shown[standard] = shown.get(standard, True) and int(value) >= PROFICIENT
    return sorted(s for s, ok in shown.items() if ok)
