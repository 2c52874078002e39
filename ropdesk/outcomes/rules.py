"""The rules of outcomes reporting, one function each, with their sources.

Where a rule rests on a source that was not read in full (anchors-wave2.md §6), its value is a
setting (ROPDESK["OUTCOMES"], docs/outcomes.md "Settings") so the office can correct it
without a code change.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.conf import settings

DEFAULTS: dict[str, Any] = {
    # CDE completer definition: the capstone "with a grade of C- or better" (CDE CTE pathway
    # codes page; anchors-wave2.md 3.1) [C].
    "COMPLETER_MINIMUM_GRADE": "C-",
    # A "P" (pass) on the capstone: the CDE wording names letter grades only, so whether a pass
    # meets "C- or better" is the program's reading [I].
    "PASS_MEETS_MINIMUM": True,
    # Exit (completion) codes of the students included in the PSTS file (Infinite Campus KB,
    # Aeries 14000107394) [C]; the code set itself was not read (anchors §6 item 4).
    "SURVEY_EXIT_CODES": ["100", "120", "250", "320", "330", "360"],
    # Exit codes that mean a regular high-school diploma (CALPADS code set not read) [I].
    "DIPLOMA_EXIT_CODES": ["100"],
    # Follow-up wave defaults: survey about six months after exit, "December - January", data
    # into CALPADS PSTS in Fall 2 (CALPADS Flash #196) [C]. Month-day pairs.
    "WAVE_OPENS": (12, 1),
    "WAVE_CLOSES": (1, 31),
    # Virginia's standard is >= 75 % (anchors §0 item 3) [C]; the program's target.
    "TARGET_RESPONSE_RATE": 75,
    # Days after the wave opens when a reminder goes out, then phone calls from PHONE_FROM_DAY.
    "REMINDER_DAYS": [7, 14],
    "PHONE_FROM_DAY": 21,
    # How long a personal survey link works, and how many times it may be submitted.
    "LINK_VALID_DAYS": 75,
    "LINK_USES": 1,
    # Small cells: a figure from fewer students than this is not shown (FERPA de-identification
    # practice; the minimum is the state's choice, 10 is common) [I].
    "MINIMUM_CELL": 10,
    # Perkins V nontraditional threshold: one sex under 25 % of the occupation (NAPE) [C].
    "NONTRADITIONAL_SHARE": 25,
    # Course passing grades that count a course as completed for participant/concentrator [I].
    "PASSING_GRADES": ["A", "B", "C", "D", "P"],
    # The district's PSTS code for each survey status, when the office's table (PstsCode,
    # seeded by migration 0002 with these values and edited in the admin) has no row for it.
    # CALPADS' code values were not read (anchors §6 item 4): these are ropdesk's own
    # three-character labels, all unconfirmed, until the office enters the values of CDE's
    # "Mapping Guide to CALPADS PSTS File" (docs/outcomes.md, "PSTS codes").
    "PSTS_CODES": {
        "postsecondary_ccc": "CCC",
        "postsecondary_csu_uc": "UNV",
        "postsecondary_private": "PRV",
        "postsecondary_adult": "ADL",
        "postsecondary_other": "OTH",
        "apprenticeship": "APP",
        "military": "MIL",
        "national_service": "SRV",
        "employed": "EMP",
        "seeking_work": "UNE",
        "not_in_labor_force": "NLF",
        "unknown": "UNK",
    },
    # Perkins V state determined performance levels for California were not found (anchors
    # §6 item 3): the office enters them; none means "no target shown".
    "TARGETS": {"1S1": None, "3S1": None, "4S1": None, "5S1": None, "5S3": None},
}


def setting(name: str) -> Any:
    return {**DEFAULTS, **settings.ROPDESK.get("OUTCOMES", {})}[name]


# --- grades -----------------------------------------------------------------------------------
_LETTERS = ["F", "D-", "D", "D+", "C-", "C", "C+", "B-", "B", "B+", "A-", "A", "A+"]


def grade_rank(grade: str) -> int | None:
    """The place of a letter grade (with its + or -) on the scale; None for anything else."""
    value = (grade or "").strip().upper()
    return _LETTERS.index(value) if value in _LETTERS else None


def grade_meets_completer_minimum(grade: str) -> bool:  # CDE completer definition: C- or better
    """C- meets it and D+ does not; "P" meets it when PASS_MEETS_MINIMUM (the program's reading);
    "NP" and anything unknown never do."""
    value = (grade or "").strip().upper()
    if value == "P":
        return bool(setting("PASS_MEETS_MINIMUM"))
    rank, minimum = grade_rank(value), grade_rank(setting("COMPLETER_MINIMUM_GRADE"))
    return rank is not None and minimum is not None and rank >= minimum


def course_completed(grade: str) -> bool:  # 20 USC 2302: a participant "completes" a course [I]
    value = (grade or "").strip().upper()
    letter = value.rstrip("+-") if value not in ("P", "NP") else value
    return letter in setting("PASSING_GRADES")


# --- dates ------------------------------------------------------------------------------------
def school_year_of(day: date) -> str:
    """The academic year (July-June) a day falls in: 2026-06-10 is in 2025-2026."""
    start = day.year if day.month >= 7 else day.year - 1
    return f"{start}-{start + 1}"


def year_bounds(exit_year: str) -> tuple[date, date]:
    """The first and last day of an academic year written "2025-2026"."""
    first, second = (int(part) for part in exit_year.split("-"))
    if second != first + 1:
        raise ValueError(f"{exit_year!r} is not an academic year like 2025-2026")
    return date(first, 7, 1), date(second, 6, 30)


def second_quarter_after(exit_on: date) -> tuple[date, date]:  # Perkins V 3S1: "2nd quarter"
    """The calendar quarter after the one after the exit: an exit on 2026-06-10 (Q2 2026) is
    followed by Q3, so the reference quarter is Q4 2026, 1 October to 31 December."""
    quarter = (exit_on.month - 1) // 3
    index = exit_on.year * 4 + quarter + 2
    year, q = divmod(index, 4)
    start = date(year, q * 3 + 1, 1)
    end_year, end_q = divmod(index + 1, 4)
    return start, date(end_year, end_q * 3 + 1, 1) - timedelta(days=1)


def wave_default_dates(exit_year: str) -> tuple[date, date]:
    """Default wave dates for an exit year: 1 December to 31 January after the year ends."""
    _first, last = year_bounds(exit_year)
    (om, od), (cm, cd) = setting("WAVE_OPENS"), setting("WAVE_CLOSES")
    return date(last.year, om, od), date(last.year + 1, cm, cd)


# --- figures ----------------------------------------------------------------------------------
def suppressed(count: int) -> bool:
    """A cell of fewer than MINIMUM_CELL students (but more than none) is not shown."""
    return 0 < count < int(setting("MINIMUM_CELL"))


def nontraditional_for(women_percent: float | None) -> str:  # NAPE: one sex < 25 %
    """'F' when women are under the threshold of the occupation, 'M' when men are, else ''."""
    if women_percent is None:
        return ""
    threshold = float(setting("NONTRADITIONAL_SHARE"))
    if women_percent < threshold:
        return "F"
    if 100 - women_percent < threshold:
        return "M"
    return ""
