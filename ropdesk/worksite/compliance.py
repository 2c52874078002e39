"""The work-based-learning rules, one pure function each, with its source and how sure we are
of it (the tags of domain-rules.md: [C] confirmed in the text, [S] secondary source,
[I] our inference). Each returns a Check: green or red, a reason in plain words, the source.
Queries gather the facts; these functions decide; the dashboard, the reminders and the
services all call them, never a copy.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.conf import settings
from django.utils.formats import date_format
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Check:
    rule: str
    ok: bool
    reason: str
    source: str
    tag: str = "[C]"
    due_on: date | None = None  # when the next thing is due, if the rule has a clock


def _day(day: date) -> str:
    """A date as every page writes it (ropdesk/formats). A county's checks name a few dozen
    distinct dates thousands of times: each is formatted once per language."""
    return _day_in(day, get_language())


@functools.lru_cache(maxsize=4096)
def _day_in(day: date, language: str | None) -> str:
    return date_format(day, "DATE_FORMAT")


def _config() -> dict:
    return settings.ROPDESK


def _hours_text(minutes: int) -> str:
    return f"{Decimal(minutes) / 60:.2f}".rstrip("0").rstrip(".")


# --- Supervision -----------------------------------------------------------------------------


def cc_visit_due(*, last_visit_on: date | None, placed_on: date, today: date) -> Check:
    """A community-classroom student is visited at least every three weeks by their own
    classroom instructor, who observes them working. "Every three weeks" is read as at most 21
    days (CC_VISIT_MAX_DAYS) from the last such visit, or from placement if none yet: day 21
    is green, day 22 red."""
    # 5 CCR 10088(a) [C]; only the student's own classroom instructor: 10088(c) [C].
    source = "5 CCR 10088(a), (c)"
    limit = _config()["CC_VISIT_MAX_DAYS"]
    since = last_visit_on or placed_on
    due = since + timedelta(days=limit)
    days = (today - since).days
    if days <= limit:
        reason = (
            ngettext(
                "Last visit %(n)s day ago; next visit due by %(due)s.",
                "Last visit %(n)s days ago; next visit due by %(due)s.",
                days,
            )
            if last_visit_on
            else _("No visit yet; the first is due by %(due)s.")
        ) % {"n": days, "due": _day(due)}
        return Check("cc_visit", True, reason, source, "[C]", due)
    reason = (
        ngettext(
            "Last visit %(n)s day ago: more than %(limit)s days; a visit was due by %(due)s.",
            "Last visit %(n)s days ago: more than %(limit)s days; a visit was due by %(due)s.",
            days,
        )
        if last_visit_on
        else ngettext(
            "No visit in the %(n)s day since placement; the first was due by %(due)s.",
            "No visit in the %(n)s days since placement; the first was due by %(due)s.",
            days,
        )
    ) % {"n": days, "limit": limit, "due": _day(due)}
    return Check("cc_visit", False, reason, source, "[C]", due)


def coordination_hours_required(cc_students: int) -> Decimal:
    """Weekly supervision and coordination time an instructor needs for their CC students:
    1 hour per 5 students, at least 1 (none without CC students). Rounding up a partial group
    ("ceil") is the default; "exact" keeps the fraction."""
    # 5 CCR 10088(b) [C]; ceil vs exact is [I] (domain-rules.md 2.4), CC_COORDINATION_ROUNDING.
    if cc_students <= 0:
        return Decimal(0)
    per = _config()["CC_STUDENTS_PER_COORDINATION_HOUR"]
    if _config()["CC_COORDINATION_ROUNDING"] == "exact":
        return max(Decimal(1), (Decimal(cc_students) / per).quantize(Decimal("0.01")))
    return Decimal(max(1, math.ceil(cc_students / per)))


# --- Hours -----------------------------------------------------------------------------------


def cve_weekly_paid_minimum(*, paid_minutes: int, week_of: date) -> Check:
    """A CVE employer gives at least 8 hours of paid employment a week: 7.9 h red, 8 h green."""
    # 5 CCR 10107(a)(5) [C]; CVE_MINIMUM_PAID_HOURS_PER_WEEK.
    source = "5 CCR 10107(a)(5)"
    minimum = int(Decimal(str(_config()["CVE_MINIMUM_PAID_HOURS_PER_WEEK"])) * 60)
    values = {
        "hours": _hours_text(paid_minutes),
        "minimum": _hours_text(minimum),
        "week": _day(week_of),
    }
    if paid_minutes >= minimum:
        return Check(
            "cve_paid_minimum",
            True,
            _("%(hours)s paid hours in the week of %(week)s (at least %(minimum)s).") % values,
            source,
        )
    return Check(
        "cve_paid_minimum",
        False,
        _("Only %(hours)s paid hours in the week of %(week)s; at least %(minimum)s are required.")
        % values,
        source,
    )


def cve_weekly_attendance_cap(*, minutes: int, week_of: date) -> Check:
    """Hours over the CVE weekly cap (15) are fine to work but do not count for attendance;
    green with a note, so the instructor knows why credited hours are lower."""
    # Riverside COE deck [S] (domain-rules.md 2.5.3); OJT_WEEKLY_CAP_HOURS["cve_ojt"].
    cap_hours = _config()["OJT_WEEKLY_CAP_HOURS"].get("cve_ojt")
    source = "domain-rules.md 2.5.3 (county practice)"
    if cap_hours is None or minutes <= int(Decimal(str(cap_hours)) * 60):
        return Check("cve_cap", True, _("Within the weekly attendance cap."), source, "[S]")
    return Check(
        "cve_cap",
        True,
        _("%(hours)s hours in the week of %(week)s; only %(cap)s count for attendance.")
        % {"hours": _hours_text(minutes), "week": _day(week_of), "cap": cap_hours},
        source,
        "[S]",
    )


def _clock(text: str) -> time:
    return time.fromisoformat(text)


def _adult(age: int | None) -> bool:
    """18 or older. An unknown age (no birth date on file) is not: the minors' rules protect
    the student until the office enters the birth date."""
    return age is not None and age >= 18


def minor_day_limits(
    *,
    age: int | None,
    minutes: int,
    started_at: time,
    ended_at: time,
    school_day: bool,
    school_tomorrow: bool,
    cve: bool,
) -> Check:
    """A 16- or 17-year-old works at most 8 hours a day, not before 5 a.m., not after 10 p.m.
    before a school day (12:30 a.m. before a day without school), and at most 4 hours on a
    school day — except in a cooperative vocational education program. Adults: no limit here.
    `ended_at` earlier than `started_at` means the shift ended after midnight."""
    # Labor Code 1391(a) [C]; the CVE exception to the 4 hours: EC 49116 [C].
    source = "Labor Code 1391; EC 49116"
    if _adult(age):
        return Check("minor_day", True, _("Adult: no minor's limits."), source)
    config = _config()
    problems = []
    if minutes > config["MINOR_MAX_HOURS_DAY"] * 60:
        problems.append(_("more than %(n)s hours in a day") % {"n": config["MINOR_MAX_HOURS_DAY"]})
    if school_day and not cve and minutes > config["MINOR_MAX_HOURS_SCHOOL_DAY"] * 60:
        problems.append(
            _("more than %(n)s hours on a school day") % {"n": config["MINOR_MAX_HOURS_SCHOOL_DAY"]}
        )
    if started_at < _clock(config["MINOR_EARLIEST_START"]):
        problems.append(_("started before 5 a.m."))
    past_midnight = ended_at < started_at or ended_at == time(0, 0)
    if school_tomorrow:
        if past_midnight or ended_at > _clock(config["MINOR_LATEST_END_BEFORE_SCHOOL_DAY"]):
            problems.append(_("worked after 10 p.m. before a school day"))
    elif past_midnight and ended_at > _clock(config["MINOR_LATEST_END_BEFORE_NON_SCHOOL_DAY"]):
        problems.append(_("worked after 12:30 a.m."))
    if problems:
        return Check("minor_day", False, _("A minor: %s.") % "; ".join(problems), source)
    return Check("minor_day", True, _("Within a minor's daily limits."), source)


def minor_weekly_limit(*, age: int | None, minutes: int, week_of: date) -> Check:
    """A 16- or 17-year-old works at most 48 hours a week."""
    # Labor Code 1391(a)(2) [C].
    source = "Labor Code 1391"
    limit = _config()["MINOR_MAX_HOURS_WEEK"]
    if _adult(age) or minutes <= limit * 60:
        return Check("minor_week", True, _("Within a minor's weekly limit."), source)
    return Check(
        "minor_week",
        False,
        _("A minor worked %(hours)s hours in the week of %(week)s; the limit is %(limit)s.")
        % {"hours": _hours_text(minutes), "week": _day(week_of), "limit": limit},
        source,
    )


def work_permit_on_file(
    *, age: int | None, permit_from: date | None, permit_to: date | None, day: date
) -> Check:
    """A minor needs a work permit valid on the day worked; without one, CVE hours are refused."""
    # EC 49112 [C] (permits for ages 16-17); 49110-49119.
    source = "EC 49112"
    if _adult(age):
        return Check("work_permit", True, _("Adult: no work permit needed."), source)
    if permit_from is not None and permit_to is not None and permit_from <= day <= permit_to:
        return Check(
            "work_permit",
            True,
            _("Work permit valid until %(to)s.") % {"to": _day(permit_to)},
            source,
            due_on=permit_to,
        )
    if age is None:
        reason = _(
            "This student's birth date is unknown, so the student counts as a minor, and no "
            "work permit is valid on %(day)s. Enter the birth date or the permit."
        )
    else:
        reason = _("This student is a minor with no work permit valid on %(day)s.")
    return Check("work_permit", False, reason % {"day": _day(day)}, source)


# --- Paperwork ---------------------------------------------------------------------------------


def agreement_fully_signed(
    *, exists: bool, fully_signed_on: date | None, missing: list[str], cve: bool
) -> Check:
    """No job-site hour counts before the training agreement is signed by every party."""
    # CC: 5 CCR 10087(a); CVE: 10108(a), parties 10100(f) [C]; hours: EC 46300(b)(1) [C].
    source = "5 CCR 10108(a), 10100(f)" if cve else "5 CCR 10087(a)"
    if not exists:
        return Check("agreement", False, _("No training agreement yet."), source)
    if fully_signed_on is None:
        return Check(
            "agreement",
            False,
            _("Waiting for signatures: %(who)s. Hours do not count until then.")
            % {"who": ", ".join(missing)},
            source,
        )
    return Check(
        "agreement",
        True,
        _("Signed by every party on %(day)s.") % {"day": _day(fully_signed_on)},
        source,
    )


def agreement_current(*, ends_on: date | None, today: date) -> Check:
    """The agreement covers today (for the due list: its end date)."""
    # 5 CCR 10087(a), 10108(a) [C]: the training is done under the agreement.
    source = "5 CCR 10087(a), 10108(a)"
    if ends_on is None:
        return Check("agreement_current", False, _("No training agreement yet."), source)
    if ends_on < today:
        return Check(
            "agreement_current",
            False,
            _("The agreement ended on %(day)s.") % {"day": _day(ends_on)},
            source,
            due_on=ends_on,
        )
    return Check(
        "agreement_current",
        True,
        _("The agreement runs until %(day)s.") % {"day": _day(ends_on)},
        source,
        due_on=ends_on,
    )


def training_plan_exists(*, exists: bool, competencies: int, site_copy_ready: bool) -> Check:
    """Every community-classroom and CVE student has an individualized training plan listing
    the course competencies, where each is taught and the expected duration, and a copy of it
    is at the training site."""
    # 5 CCR 10087(b), 10108(b) [C]; "a copy ... shall be kept at the training station":
    # 10087(b)(4), 10108(b)(4) [C].
    source = "5 CCR 10087(b), 10108(b)"
    if not exists:
        return Check("training_plan", False, _("No individualized training plan yet."), source)
    if competencies == 0:
        return Check("training_plan", False, _("The training plan lists no competencies."), source)
    if not site_copy_ready:
        reason = _(
            "The training site has no copy of the plan on record: give the site its copy and "
            "record it on the plan (5 CCR 10087(b)(4), 10108(b)(4))."
        )
        return Check("training_plan", False, reason, source)
    return Check(
        "training_plan",
        True,
        _("Training plan with %(n)s competencies; the site has its copy.") % {"n": competencies},
        source,
    )


def evaluation_due(*, started_on: date, points_done: set[int], today: date) -> Check:
    """Supervisor evaluations at set points: one every EVALUATION_EVERY_WEEKS weeks of training
    (point 1 at 9 weeks, point 2 at 18, ...). Red when a point has passed without one."""
    # Local policy [I]: Title 5 asks for evaluation on the OJT (CC 10081, CVE 10102 [S]) but
    # sets no points; EVALUATION_EVERY_WEEKS.
    source = "5 CCR 10081, 10102 (points: program policy)"
    every = timedelta(weeks=_config()["EVALUATION_EVERY_WEEKS"])
    point, due = 1, started_on + every
    while due <= today:
        if point not in points_done:
            return Check(
                "evaluation",
                False,
                _("Evaluation %(n)s was due on %(day)s.") % {"n": point, "day": _day(due)},
                source,
                "[I]",
                due,
            )
        point, due = point + 1, due + every
    while point in points_done:  # recorded ahead of its point: the next one is what is due
        point, due = point + 1, due + every
    return Check(
        "evaluation",
        True,
        _("Next evaluation (%(n)s) due on %(day)s.") % {"n": point, "day": _day(due)},
        source,
        "[I]",
        due,
    )


def workers_comp_on_file(*, cve: bool, expires_on: date | None, today: date) -> Check:
    """A CVE employer carries workers' compensation, on file and unexpired. For community
    classroom the program itself carries it (EC 52317), so nothing is needed from the site."""
    # 5 CCR 10107 [C]; EC 52317 [C] for CC.
    if not cve:
        return Check(
            "workers_comp", True, _("Covered by the program (community classroom)."), "EC 52317"
        )
    source = "5 CCR 10107"
    if expires_on is None:
        return Check("workers_comp", False, _("No workers' compensation policy on file."), source)
    if expires_on < today:
        return Check(
            "workers_comp",
            False,
            _("Workers' compensation expired on %(day)s.") % {"day": _day(expires_on)},
            source,
            due_on=expires_on,
        )
    return Check(
        "workers_comp",
        True,
        _("Workers' compensation on file until %(day)s.") % {"day": _day(expires_on)},
        source,
        due_on=expires_on,
    )


def shift_minutes(started_at: time, ended_at: time) -> int:
    """Minutes between two clock times; an end before the start means after midnight."""
    start = datetime.combine(date.min, started_at)
    end = datetime.combine(date.min, ended_at)
    if end <= start:
        end += timedelta(days=1)
    return int((end - start).total_seconds() // 60)


# --- Added rules: visits for CVE, wages, the site's occupation, the joint venture's attestation,
# --- hours outside the enrollment, related instruction for CC -----------------------------------


def cve_visit_due(*, last_visit_on: date | None, placed_on: date, today: date) -> Check:
    """A CVE student is visited by the instructor at least every CVE_VISIT_MAX_DAYS days
    (from placement before the first visit): the day of the limit is green, the next red."""
    # 5 CCR 10109 (visitation) was not read (domain-rules.md 2.4.4, 9.2) [I]: the frequency is
    # the program's setting, CVE_VISIT_MAX_DAYS (default 21, as for community classroom).
    source = "5 CCR 10109 (not read); program setting"
    limit = _config()["CVE_VISIT_MAX_DAYS"]
    since = last_visit_on or placed_on
    due = since + timedelta(days=limit)
    days = (today - since).days
    if days <= limit:
        reason = (
            ngettext(
                "Last visit %(n)s day ago; next visit due by %(due)s.",
                "Last visit %(n)s days ago; next visit due by %(due)s.",
                days,
            )
            if last_visit_on
            else _("No visit yet; the first is due by %(due)s.")
        ) % {"n": days, "due": _day(due)}
        return Check("cve_visit", True, reason, source, "[I]", due)
    reason = (
        ngettext(
            "Last visit %(n)s day ago: more than %(limit)s days; a visit was due by %(due)s.",
            "Last visit %(n)s days ago: more than %(limit)s days; a visit was due by %(due)s.",
            days,
        )
        if last_visit_on
        else ngettext(
            "No visit in the %(n)s day since placement; the first was due by %(due)s.",
            "No visit in the %(n)s days since placement; the first was due by %(due)s.",
            days,
        )
    ) % {"n": days, "limit": limit, "due": _day(due)}
    return Check("cve_visit", False, reason, source, "[I]", due)


def minimum_wage_on(day: date) -> Decimal | None:
    """The California minimum wage per hour in force on a day: the entry of MINIMUM_WAGE_BY_YEAR
    for its year, else the latest earlier year's (None before the table begins)."""
    # Labor Code 1182.12 sets the state minimum wage, adjusted each January 1; the amounts are
    # a setting (2026: $16.90). A city or county minimum wage may be higher [I].
    table = {
        int(year): Decimal(str(amount))
        for year, amount in _config()["MINIMUM_WAGE_BY_YEAR"].items()
    }
    years = [year for year in table if year <= day.year]
    return table[max(years)] if years else None


def cve_wage(*, hourly_wage: Decimal | None, day: date) -> Check:
    """A CVE day is paid: a wage of $0 is refused at entry (the service), and a wage below the
    California minimum wage for that day's year is flagged for the coordinator."""
    # 5 CCR 10100: CVE is "paid" on-the-job training [C]; minimum wage applies to paid
    # employment (domain-rules.md 2.5.6 [I]; Labor Code 1182.12 for the amount).
    source = "5 CCR 10100; Labor Code 1182.12"
    if hourly_wage is None:
        return Check(
            "cve_wage", False, _("No hourly wage given for %(day)s.") % {"day": day}, source, "[I]"
        )
    if hourly_wage <= 0:
        reason = _("A wage of $0 on %(day)s: CVE hours are paid employment.")
        return Check("cve_wage", False, reason % {"day": _day(day)}, source, "[C]")
    minimum = minimum_wage_on(day)
    if minimum is not None and hourly_wage < minimum:
        reason = _(
            "$%(wage)s an hour on %(day)s is below the California minimum wage of $%(min)s for "
            "%(year)s. Check the wage with the employer."
        )
        return Check(
            "cve_wage",
            False,
            reason % {"wage": hourly_wage, "day": _day(day), "min": minimum, "year": day.year},
            source,
            "[I]",
        )
    return Check("cve_wage", True, _("Paid at or above the minimum wage."), source, "[I]")


def site_trains_for_course(
    *, site_pathways: set[int], course_pathway: int | None, cve: bool
) -> Check:
    """The training site lists the occupation (pathway) of the student's course. A warning:
    placement is not refused, the coordinator checks the site."""
    # 5 CCR 10107(b): the CVE station trains "in the specific occupation" the course is
    # approved for [C]; the same check for community classroom is our inference [I].
    source = "5 CCR 10107(b)"
    if course_pathway is not None and course_pathway in site_pathways:
        return Check(
            "site_occupation",
            True,
            _("The site trains for the course's occupation."),
            source,
            "[C]" if cve else "[I]",
        )
    reason = _(
        "Warning: the training site does not list the occupation of this course. Add the "
        "occupation to the site, or place the student at a site that trains for it."
    )
    return Check("site_occupation", False, reason, source, "[C]" if cve else "[I]")


def joint_venture_attested(*, no_immediate_benefit: bool, no_displacement: bool) -> Check:
    """A community-classroom joint venture agreement carries the site's attestation that the
    unpaid training gives it no immediate benefit and displaces no worker."""
    # 5 CCR 10090(a)(1), (2) [C]: unpaid OJT shall not "result in an immediate benefit" to the
    # site, nor "replace an employee, cut an employee's hours or prevent hiring".
    source = "5 CCR 10090"
    missing = []
    if not no_immediate_benefit:
        missing.append(_("no immediate benefit to the site"))
    if not no_displacement:
        missing.append(_("no displacement of workers"))
    if missing:
        reason = _("The agreement does not attest: %(list)s.") % {"list": "; ".join(missing)}
        return Check("joint_venture_attestation", False, reason, source)
    return Check(
        "joint_venture_attestation",
        True,
        _("The site attests no immediate benefit and no displacement of workers."),
        source,
    )


def hours_within_enrollment(*, outside_days: list[date]) -> Check:
    """On-the-job hours are logged only on days inside the enrollment; days outside it count
    for nothing and are listed here so that the office can correct or remove them."""
    # EC 46300: ADA counts the attendance of enrolled pupils only.
    source = "EC 46300"
    if not outside_days:
        return Check(
            "hours_within_enrollment", True, _("All hours fall inside the enrollment."), source
        )
    days = ", ".join(_day(day) for day in sorted(outside_days)[:5])
    more = len(outside_days) - 5
    reason = ngettext(
        "Hours logged on %(n)s day outside the enrollment (%(days)s%(more)s): they do not count "
        "for attendance.",
        "Hours logged on %(n)s days outside the enrollment (%(days)s%(more)s): they do not count "
        "for attendance.",
        len(outside_days),
    ) % {"n": len(outside_days), "days": days, "more": f", +{more}" if more > 0 else ""}
    return Check("hours_within_enrollment", False, reason, source)
