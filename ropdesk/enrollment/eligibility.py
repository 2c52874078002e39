"""Admission rules as code, one function per rule, each with its source (domain-rules.md §3).

Every rule takes plain facts (an `Applicant`, the `Section` asked for, the day the student
would start) and returns a `Finding`: it passes, it blocks (and says why in plain words), or it
is a note. An authorized person may override a blocking finding with a reason (services.py);
`approval` is the one rule that cannot be overridden.

There is deliberately no rule about English: limited English proficiency is never a reason to
refuse admission (OCR Vocational Education Guidelines IV-L). `Applicant` does not even carry
the applicant's English-learner status, so no rule can read it.

Ages: a person is N years old from their Nth birthday. Someone born on 29 February turns N on
1 March in a common year (the same reckoning as core.models.Student.age_on).

A student a district's file sent without demographics has no birth date on file. No rule
guesses an age: a rule that needs it blocks with "needs a birth date" (the office enters it on
the interop needs-setup page, or overrides with a reason), and a rule that protects minors
(parent consent) reads the student as a minor until the date is known.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, time, timedelta
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ropdesk.catalog.models import InstructionMode
from ropdesk.core.formatting import day_text
from ropdesk.core.models import Site, Student
from ropdesk.core.types import Actor

PASS, BLOCK, NOTE = "pass", "block", "note"
OUT_OF_SCHOOL_MONTHS = 3  # "more than three months of the regular school year" (EC 52314.5)

RULE_NAMES = {
    "minimum_age": gettext_lazy("Minimum age"),
    "out_of_school_youth": gettext_lazy("Youth not in school"),
    "parent_consent": gettext_lazy("Parent or guardian consent"),
    "transportation": gettext_lazy("Own transportation"),
    "work_based_minimum": gettext_lazy("On-the-job training age"),
    "adults_on_campus": gettext_lazy("Adults on a high-school campus"),
    "priority": gettext_lazy("Priority"),
    "approval": gettext_lazy("Approval"),
}

# Exceptions to the minimum age a program may turn on (settings.ROPDESK
# ["MINIMUM_AGE_EXCEPTIONS"]): EC 52314(b) itself was not read (domain-rules.md §9.4).
MINIMUM_AGE_EXCEPTIONS = {
    "grade_11_12": lambda a: a.grade_level in ("11", "12") and not a.out_of_school,
}


@dataclass(frozen=True)
class Applicant:
    """What the rules know about a person, from an application or a student record."""

    birth_date: date | None  # None: unknown (a student imported without demographics)
    grade_level: str
    out_of_school: bool = False
    out_of_school_since: date | None = None
    high_school_plan_on_file: bool = False
    plan_courses_enrolled: bool = False
    # School-month days (EC 37201) of the regular school year between leaving school and the
    # day judged: out_of_school_days(), filled in by evaluate(); None when no school calendar
    # covers the time.
    out_of_school_days: int | None = None
    parent_consent: bool = False
    parent_approved_plan: bool = False
    # Who determined, when, that an applicant under 16 has exceptional needs for CVE
    # (5 CCR 10103(a)); empty when nobody did. exceptional_needs_of() fills it in.
    cve_exceptional_needs_by: str = ""
    transportation_acknowledged: bool = True
    special_programs: frozenset[str] = field(default_factory=frozenset)

    @property
    def in_high_school(self) -> bool:
        return self.grade_level in Student.HIGH_SCHOOL_GRADES and not self.out_of_school


@dataclass(frozen=True)
class Finding:
    rule: str
    result: str
    reason: str
    source: str
    priority: int | None = None

    @property
    def blocks(self) -> bool:
        return self.result == BLOCK


def age_on(birth_date: date, day: date) -> int:
    """Whole years on `day`: one more from the birthday on (29 Feb: from 1 March)."""
    years = day.year - birth_date.year
    if (day.month, day.day) < (birth_date.month, birth_date.day):
        years -= 1
    return years


def age_of(applicant: Applicant, day: date) -> int | None:
    """The applicant's age on `day`, or None when the birth date is unknown."""
    return None if applicant.birth_date is None else age_on(applicant.birth_date, day)


def _needs_birth_date(rule: str, source: str) -> Finding:
    reason = _(
        "Needs a birth date: the student's record has none, and this rule depends on the age. "
        "Enter the birth date (Data exchange, Needs setup), or the office may override this "
        "with a reason."
    )
    return Finding(rule, BLOCK, reason, source)


def start_day(section: Any, today: date) -> date:
    """The day the rules are judged on: the first day of the term, or today once it began."""
    return max(today, section.term.start_date)


def is_adult(applicant: Applicant, day: date) -> bool:
    """An adult for EC 52314(a)(2): 18 or older and not a high-school student (never when the
    birth date is unknown: adults_on_campus asks for it)."""
    age = age_of(applicant, day)
    return age is not None and age >= 18 and not applicant.in_high_school


def minimum_age(applicant: Applicant, day: date) -> Finding:  # EC 52314 via district policies [S]
    source = "EC 52314; district board policies"
    minimum = settings.ROPDESK["MINIMUM_AGE"]
    age = age_of(applicant, day)
    if age is None:
        return _needs_birth_date("minimum_age", source)
    if age >= minimum:
        return Finding("minimum_age", PASS, _("Is %(age)d years old.") % {"age": age}, source)
    if applicant.out_of_school and out_of_school_youth(applicant, day).result == PASS:
        reason = _("Is under %(min)d but is admitted as a youth not in school (EC 52314.5).")
        return Finding("minimum_age", PASS, reason % {"min": minimum}, source)
    for code in settings.ROPDESK["MINIMUM_AGE_EXCEPTIONS"]:
        exception = MINIMUM_AGE_EXCEPTIONS.get(code)
        if exception is not None and exception(applicant):
            reason = _("Is under %(min)d but in grade 11 or 12, an exception the program allows.")
            return Finding("minimum_age", PASS, reason % {"min": minimum}, source)
    reason = _(
        "Will be %(age)d years old on %(day)s. Students must be at least %(min)d, unless an "
        "exception applies; the office may override this with a reason."
    )
    return Finding(
        "minimum_age",
        BLOCK,
        reason % {"age": age, "day": day_text(day), "min": minimum},
        source,
    )


def work_based_minimum(applicant: Applicant, section: Any, day: date) -> Finding:
    # 5 CCR 10082 (community classroom): "16 years of age or in grade eleven" [S];
    # 5 CCR 10103(a) (CVE): "at least 16 years of age except a student with exceptional needs
    # ... as determined by the principal or local educational director" [C]: no grade rule.
    source = "5 CCR 10082, 10103(a)"
    if section.mode == InstructionMode.CLASSROOM:
        return Finding("work_based_minimum", PASS, _("Classroom-only section."), source)
    age = age_of(applicant, day)
    if section.mode == InstructionMode.CVE:
        return _cve_minimum_age(applicant, age)
    if applicant.grade_level in ("11", "12") or (age is not None and age >= 16):
        return Finding(
            "work_based_minimum", PASS, _("Is 16 or older, or in grade 11 or 12."), source
        )
    reason = _(
        "Community classroom is for students who are 16 or in grade 11. Choose a "
        "classroom-only section, or ask the office."
    )
    if age is None:
        return _needs_birth_date("work_based_minimum", source)
    return Finding("work_based_minimum", BLOCK, reason, source)


def _cve_minimum_age(applicant: Applicant, age: int | None) -> Finding:  # 5 CCR 10103(a)
    source = "5 CCR 10103(a)"
    if age is not None and age >= 16:
        return Finding("work_based_minimum", PASS, _("Is 16 or older."), source)
    if applicant.cve_exceptional_needs_by:
        reason = _(
            "Is under 16, and was determined to be a student with exceptional needs by "
            "%(who)s (5 CCR 10103(a))."
        )
        return Finding(
            "work_based_minimum", PASS, reason % {"who": applicant.cve_exceptional_needs_by}, source
        )
    reason = _(
        "Cooperative vocational education is for students who are at least 16, whatever their "
        "grade. A younger student with exceptional needs may take it when the principal or the "
        "local educational director so determines: record that determination, with its basis."
    )
    if age is None:
        return _needs_birth_date("work_based_minimum", source)
    return Finding("work_based_minimum", BLOCK, reason, source)


def _school_day_overlaps(section: Any) -> bool:
    start = time.fromisoformat(settings.ROPDESK["SCHOOL_DAY_START"])
    end = time.fromisoformat(settings.ROPDESK["SCHOOL_DAY_END"])
    weekday = any(day in ("Mon", "Tue", "Wed", "Thu", "Fri") for day in section.day_list)
    if section.start_time is None or section.end_time is None:  # needs setup (interop)
        return False
    return weekday and section.start_time < end and section.end_time > start


def _district_allows_adults(site: Site) -> bool:
    district = site.district or site.organization.district
    return bool(district and district.allows_adults_on_campus)


def adults_on_campus(applicant: Applicant, section: Any, day: date) -> Finding:  # EC 52314(a)(2)
    source = "EC 52314(a)(2)"
    unknown = applicant.birth_date is None and not applicant.in_high_school
    if not unknown and not is_adult(applicant, day):
        return Finding("adults_on_campus", PASS, _("Not an adult student."), source)
    if section.site.kind != Site.Kind.SCHOOL or not _school_day_overlaps(section):
        return Finding(
            "adults_on_campus",
            PASS,
            _("The section does not meet on a high-school campus during the school day."),
            source,
        )
    if _district_allows_adults(section.site):
        return Finding(
            "adults_on_campus",
            PASS,
            _("The district's board policy allows adults on campus during the school day."),
            source,
        )
    if unknown:
        return _needs_birth_date("adults_on_campus", source)
    reason = _(
        "This section meets on a high-school campus during the school day, and the district "
        "does not allow adult students there then. Choose an evening, weekend or program-center "
        "section."
    )
    return Finding("adults_on_campus", BLOCK, reason, source)


def _months_before(day: date, months: int) -> date:
    month = day.month - months
    year = day.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    for last in (day.day, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=last)
        except ValueError:
            continue
    raise AssertionError("unreachable")  # pragma: no cover


def out_of_school_youth(applicant: Applicant, day: date) -> Finding:  # EC 52314.5
    """EC 52314.5: a youth 15 to 18, eligible for high school, out of school "for more than
    three months during the regular school year", is admitted when a comprehensive high-school
    plan is written with the district, the parent approves it in writing, and the pupil enrolls
    in the adult-school or high-school courses the plan requires. Summer does not count: the
    three months are counted in school-month days of the regular school year (EC 37201: 20 a
    month, so more than 60), from the school calendar."""
    source = "EC 52314.5"
    if not applicant.out_of_school:
        return Finding(
            "out_of_school_youth", PASS, _("Not applying as a youth out of school."), source
        )
    missing = []
    age = age_of(applicant, day)
    if age is None:
        missing.append(_("have a birth date on file (needed to check the age of 15 to 18)"))
    elif not 15 <= age <= 18:
        missing.append(_("be 15 to 18 years old (is %(age)d)") % {"age": age})
    if not _out_more_than_three_school_months(applicant, day):
        missing.append(
            _(
                "have been out of school for more than three months of the regular school year "
                "(summer does not count)"
            )
        )
    if not applicant.high_school_plan_on_file:
        missing.append(_("have a high-school plan written with the district"))
    if (age is None or age < 18) and not applicant.parent_approved_plan:
        missing.append(_("have a parent's written approval of the plan"))
    if not applicant.plan_courses_enrolled:
        missing.append(_("be enrolled in the high-school or adult-school courses the plan names"))
    if not missing:
        return Finding(
            "out_of_school_youth",
            PASS,
            _(
                "Out of school more than three months of the school year, with a plan the "
                "parent approved and the plan's courses taken."
            ),
            source,
        )
    reason = _("To be admitted as a youth not in school, the applicant must: %(list)s.")
    return Finding("out_of_school_youth", BLOCK, reason % {"list": "; ".join(missing)}, source)


def _out_more_than_three_school_months(applicant: Applicant, day: date) -> bool:
    # EC 52314.5 "more than three months during the regular school year"; a month of the school
    # year is a school month of ROPDESK["SCHOOL_MONTH_DAYS"] days (EC 37201) [I: the reading].
    if applicant.out_of_school_since is None:
        return False
    if applicant.out_of_school_days is not None:
        limit = OUT_OF_SCHOOL_MONTHS * settings.ROPDESK["SCHOOL_MONTH_DAYS"]
        return applicant.out_of_school_days > limit
    # No school calendar covers the time: calendar months, as a last resort.
    return applicant.out_of_school_since < _months_before(day, OUT_OF_SCHOOL_MONTHS)


def out_of_school_days(since: date | None, day: date) -> int | None:
    """The school-month days (weekdays of the regular school year, holidays included, the
    winter recess left out when the program so chooses: EC 37201(a)) from `since` to the day
    before `day`, over the school years on file; summers fall between instruction spans and
    count nothing. None when the years on file do not reach back to `since`."""
    from ropdesk.scheduling.calendar import days_left_out_of_school_months, school_days
    from ropdesk.scheduling.models import Holiday, SchoolYear

    if since is None:
        return None
    if since >= day:
        return 0
    earliest = SchoolYear.objects.order_by("start_date").values_list("start_date", flat=True)
    if not earliest or since < earliest[0]:
        return None  # the calendar on file does not reach back to the day the youth left
    years = list(
        SchoolYear.objects.filter(
            last_instruction_day__gte=since, first_instruction_day__lt=day
        ).order_by("start_date")
    )
    entries = Holiday.objects.filter(school_year__in=years).values_list("date", "kind")
    left_out = days_left_out_of_school_months(
        entries, exclude_winter_recess=settings.ROPDESK["SCHOOL_MONTH_EXCLUDES_WINTER_RECESS"]
    )
    total = 0
    for year in years:
        first = max(since, year.first_instruction_day)
        last = min(day - timedelta(days=1), year.last_instruction_day)
        if first <= last:
            total += len(school_days(first, last, left_out))
    return total


def exceptional_needs_of(application: Any) -> str:
    """'Principal Pat Lee on 2026-10-01' when an exceptional-needs determination is recorded
    for the application (5 CCR 10103(a)), else ''."""
    determination = getattr(application, "exceptional_needs", None) if application else None
    if determination is None:
        return ""
    return _("%(role)s %(name)s on %(day)s") % {
        "role": determination.get_determined_by_role_display(),
        "name": determination.determined_by_name,
        "day": day_text(determination.determined_on),
    }


def parent_consent(applicant: Applicant, day: date) -> Finding:
    # 5 CCR 10103 (parent approval under 18, CVE) [C]; the program asks it for every minor [I].
    source = "5 CCR 10103; program policy for minors"
    age = age_of(applicant, day)
    if age is not None and age >= 18:
        return Finding("parent_consent", PASS, _("Is 18 or older."), source)
    if applicant.parent_consent:
        return Finding("parent_consent", PASS, _("A parent or guardian consented."), source)
    if age is None:  # read as a minor until the birth date is known
        reason = _(
            "The student's birth date is unknown, so the student counts as a minor, and no "
            "parent or guardian has consented yet. Enter the birth date, or record the consent."
        )
        return Finding("parent_consent", BLOCK, reason, source)
    reason = _(
        "The applicant is under 18, and no parent or guardian has consented yet. Send the "
        "consent link again, or record consent given on paper or by phone."
    )
    return Finding("parent_consent", BLOCK, reason, source)


def transportation(applicant: Applicant) -> Finding:  # program policy: students travel on their own
    source = "program policy"
    if applicant.transportation_acknowledged:
        return Finding(
            "transportation",
            PASS,
            _("Acknowledged that students provide their own transportation."),
            source,
        )
    reason = _("The applicant has not acknowledged that students provide their own transportation.")
    return Finding("transportation", BLOCK, reason, source)


def priority(applicant: Applicant, day: date) -> Finding:
    # EC 52302.5(d): ages 16-18 highest; CDE ROCP basics: 16-18 in grades 11-12 first;
    # EC 52302.8: CalWORKs, TAP and Job Corps participants first within the non-grade-9-12 share.
    source = "EC 52302.5(d); EC 52302.8; CDE ROCP basics"
    age = age_of(applicant, day)
    youth = age is not None and 16 <= age <= 18
    if youth and applicant.in_high_school and applicant.grade_level in ("11", "12"):
        level, reason = 1, _("Highest priority: ages 16-18 in grade 11 or 12.")
    elif youth:
        level, reason = 2, _("High priority: ages 16-18.")
    elif applicant.special_programs & {"calworks", "tap", "job_corps"}:
        level, reason = 3, _("Priority: a CalWORKs, TAP or Job Corps participant.")
    elif age is None:
        level, reason = 4, _("Regular priority until the birth date is known (it may be higher).")
    else:
        level, reason = 4, _("Regular priority.")
    return Finding("priority", NOTE, reason, source, priority=level)


def approval(actor: Actor, *, authorized: bool, will_benefit: bool) -> Finding:  # EC 52314(a)(1)
    source = "EC 52314(a)(1)"
    if not authorized:
        return Finding(
            "approval", BLOCK, _("Only the office or a counselor may admit students."), source
        )
    if not will_benefit:
        reason = _("Admission needs the approver's finding that the applicant will benefit.")
        return Finding("approval", BLOCK, reason, source)
    reason = _("Admitted by %(name)s, who found that the applicant will benefit.")
    return Finding("approval", PASS, reason % {"name": actor}, source)


def evaluate(applicant: Applicant, section: Any | None, day: date) -> list[Finding]:
    """Every rule that applies before approval, in the order a reader checks them. A youth
    out of school gets the school-year days out counted up to the day judged, from the
    school calendar (EC 52314.5)."""
    if applicant.out_of_school and applicant.out_of_school_days is None:
        applicant = replace(
            applicant, out_of_school_days=out_of_school_days(applicant.out_of_school_since, day)
        )
    findings = [
        minimum_age(applicant, day),
        out_of_school_youth(applicant, day),
        parent_consent(applicant, day),
        transportation(applicant),
    ]
    if section is not None:
        findings += [
            work_based_minimum(applicant, section, day),
            adults_on_campus(applicant, section, day),
        ]
    findings.append(priority(applicant, day))
    return findings


def section_overlaps(a: Any, b: Any) -> bool:
    """Two sections meet at the same time: their terms overlap, they share a weekday and their
    hours overlap."""
    if a.term.start_date > b.term.end_date or b.term.start_date > a.term.end_date:
        return False
    if not set(a.day_list) & set(b.day_list):
        return False
    return a.start_time < b.end_time and b.start_time < a.end_time
