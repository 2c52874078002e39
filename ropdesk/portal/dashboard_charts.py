"""The dashboards' charts (core/charts.py), each from the figures the apps already compute:
enrollment counts (enrollment.queries), ADA by school month (funding.monthly, cached with the
ADA report), work-based-learning compliance (worksite.queries.compliance_summary, cached too)
and the hours of an instructor's sections (attendance.hours). A fixed number of queries each."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from ropdesk.attendance import hours
from ropdesk.core import charts, versions
from ropdesk.core.types import StaffActor
from ropdesk.enrollment import queries as enrollment_queries
from ropdesk.funding import monthly
from ropdesk.scheduling.models import Section
from ropdesk.worksite import queries as worksite_queries

# The work-based-learning rules (worksite/compliance.py), in the order a coordinator works
# through them, with the name the chart gives each.
RULES = {
    "agreement": gettext_lazy("Training agreement signed"),
    "agreement_current": gettext_lazy("Training agreement in force"),
    "training_plan": gettext_lazy("Training plan"),
    "cc_visit": gettext_lazy("Instructor visits (community classroom)"),
    "cve_visit": gettext_lazy("Coordinator visits (CVE)"),
    "evaluation": gettext_lazy("Evaluations"),
    "workers_comp": gettext_lazy("Workers' compensation on file"),
    "site_occupation": gettext_lazy("Site trains for the course"),
    "joint_venture_attestation": gettext_lazy("Joint venture attestation"),
    "hours_within_enrollment": gettext_lazy("Hours within the enrollment"),
    "cve_paid_minimum": gettext_lazy("Paid hours a week (CVE)"),
    "cve_cap": gettext_lazy("Weekly hours cap (CVE)"),
    "cve_wage": gettext_lazy("Minimum wage (CVE)"),
    "work_permit": gettext_lazy("Work permit"),
    "minor_day": gettext_lazy("Minor's daily limits"),
    "minor_week": gettext_lazy("Minor's weekly limit"),
}


def enrollment(
    title: str, bars: Sequence[enrollment_queries.Bar], label_heading: str, key: str = ""
) -> charts.Chart:
    return charts.bar_chart(
        title=title,
        description=_("Current enrollments (enrolled or completed), one bar each."),
        bars=[charts.Bar(b.label, b.value) for b in bars],
        label_heading=label_heading,
        value_heading=_("Enrollments"),
        key=key,
    )


def ada_by_month(districts: frozenset[int] | None, today: date) -> charts.Chart | None:
    """ADA of each school month this year against the same month of the year before."""
    current, previous = monthly.this_year_and_last(districts, today)
    if current is None:
        return None
    years = [y for y in (current, previous) if y is not None]
    count = max(len(y.months) for y in years)
    return charts.line_chart(
        title=_("ADA by school month, against the year before"),
        description=_(
            "The average daily attendance of each school month (20 school days from the first "
            "day of instruction): its credited hours, divided by 3 hours a day and its school "
            "days. The month in progress counts through today."
        ),
        labels=[str(n + 1) for n in range(count)],
        series=[
            charts.Series(y.year.name, [_ada(y.months, n) for n in range(count)]) for y in years
        ],
        label_heading=_("School month"),
        decimals=2,
    )


def _ada(months: Sequence[monthly.MonthFigures], n: int) -> float | None:
    ada = months[n].ada if n < len(months) else None
    return None if ada is None else float(ada)


def compliance(
    user: StaffActor, today: date
) -> tuple[charts.Chart | None, int, int, worksite_queries.ComplianceSummary | None]:
    """Each work-based-learning rule: how many of the user's trainees meet it and how many
    do not; with the number of trainees, of those who meet every rule, and the summary it
    draws (None, and no chart, while the worker computes a county's first one of the day)."""
    summary = worksite_queries.compliance_summary(user, today)
    if summary is None:
        return None, 0, 0, None
    rows = [
        charts.Stack(str(label), [count.met, count.unmet])
        for rule, label in RULES.items()
        if (count := summary.rules.get(rule)) is not None and (count.met or count.unmet)
    ]
    green, trainees = summary.every_rule_met, summary.trainees
    chart = charts.stacked_bar_chart(
        title=_("Work-based learning compliance by rule"),
        description=_(
            "For each rule, how many trainees meet it and how many do not (a rule counts "
            "against a trainee if any of its checks is red)."
        ),
        series=[pgettext("rule", "Met"), pgettext("rule", "Not met")],
        stacks=[charts.Stack(_("Every rule met (trainees)"), [green, trainees - green])] + rows,
        label_heading=_("Rule"),
        total_heading=_("Trainees"),
    )
    return chart, trainees, green, summary


# How long an instructor's month figures are kept at most, whatever moves (the versions move
# with every write to what they read: core/versions.py, funding/apps.py).
MONTHS_SECONDS = 300


def instructor_month_figures(user: StaffActor, today: date) -> list[hours.SectionsMonth] | None:
    """The month figures of the instructor's sections this school year (None out of one),
    kept in the shared cache at the versions of every attendance write but another
    instructor's records: a start page reads them in one cache read until the instructor's
    own attendance or hours change, or the schedule, enrollments or calendar do."""

    def build() -> list[hours.SectionsMonth] | None:
        year = hours.school_year_of(today)
        if year is None:
            return None
        return hours.sections_by_month(
            Section.objects.filter(instructor=user), hours.months_of(year, today)
        )

    return versions.cached(
        f"ropdesk:instructor-months:{user.pk}:{today.isoformat()}",
        "attendance",
        build,
        seconds=MONTHS_SECONDS,
        part=user.pk,
    )


def instructor_months(user: StaffActor, today: date) -> tuple[charts.Chart, charts.Chart] | None:
    """The attendance and the hours of the instructor's sections, month by month."""
    months = instructor_month_figures(user, today)
    if months is None:
        return None
    labels = [date_format(m.month, "YEAR_MONTH_FORMAT") for m in months]
    attendance = charts.stacked_bar_chart(
        title=_("Attendance in your sections by month"),
        description=_("Student class days attended and missed, each month of the school year."),
        series=[_("Attended"), _("Absent")],
        stacks=[
            charts.Stack(label, [m.attended, m.absent])
            for label, m in zip(labels, months, strict=True)
        ],
        label_heading=_("Month"),
        total_heading=_("Class days recorded"),
    )
    worked = charts.stacked_bar_chart(
        title=_("Hours in your sections by month"),
        description=_(
            "Classroom hours credited and on-the-job hours that count toward attendance, and "
            "on-the-job hours still waiting for the supervisor's approval."
        ),
        series=[
            _("Classroom hours"),
            _("On-the-job hours that count"),
            _("On-the-job hours waiting for approval"),
        ],
        stacks=[
            charts.Stack(label, [float(m.classroom), float(m.job_counted), float(m.job_waiting)])
            for label, m in zip(labels, months, strict=True)
        ],
        label_heading=_("Month"),
        total_heading=_("Total hours"),
        decimals=1,
    )
    return attendance, worked
