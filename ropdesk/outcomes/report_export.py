"""An exit year's headline figures and Perkins V indicators as a CSV file, built by the worker
as a report job (core/jobs.py): for a county's records the indicators read every exit and
answer of the year, which is too long for a web request.

The file holds the figures of the students the person who asked may count (outcome_students:
the county for the office and support services, their own district for a coordinator), with
the page's small-cell suppression: a suppressed cell is "*", as on the page."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from ropdesk.core.access import scope_of
from ropdesk.core.jobs import Progress, import_job_finish, report_job_finish
from ropdesk.core.models import ImportJob, Role
from ropdesk.core.types import Actor
from ropdesk.outcomes import queries
from ropdesk.outcomes.access import can_see_outcomes, outcome_students

KIND = "report_outcomes"
RUNNER = "ropdesk.outcomes.report_export.outcomes_report_run"


def scope_key(user: Actor) -> str:
    """Whose figures the user counts: "county", or their districts' ids."""
    scope = scope_of(user)
    if scope.county_wide or scope.has(Role.SUPPORT_SERVICES):
        return "county"
    return "-".join(str(d) for d in sorted(scope.district_ids))


def may_download(user: Actor, job: ImportJob) -> bool:
    """The figures the user would see on the page now: the same students."""
    return can_see_outcomes(user) and job.options.get("scope") == scope_key(user)


def file_name(exit_year: str) -> str:
    return f"outcomes-{exit_year}.csv"


def as_csv(exit_year: str, students: Any) -> bytes:
    h = queries.headline(exit_year, students)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_("Figure"), _("Value")])
    for label, value in [
        (_("Exit year"), exit_year),
        (_("Completers"), h.completers),
        (_("Surveyed"), h.surveyed),
        (_("Responded"), h.responded),
        (_("Response rate (%)"), h.response_rate),
        (_("Placed"), h.placed),
        (_("Placement rate (%)"), h.placed_rate),
        (_("12th-grade completers"), h.graduation_cohort),
        (_("Graduated"), h.graduated),
        (_("Graduation rate (%)"), h.graduation_rate),
    ]:
        writer.writerow([label, "" if value is None else value])
    writer.writerow([])
    writer.writerow([_("Indicator"), _("Name"), _("Numerator"), _("Denominator"), _("Rate (%)")])
    for indicator in queries.indicators(exit_year, students):
        total = indicator.total
        if total["suppressed"]:
            writer.writerow([indicator.code, _(indicator.name), "*", "*", "*"])
        else:
            rate = "" if total["rate"] is None else total["rate"]
            writer.writerow(
                [indicator.code, _(indicator.name), total["numerator"], total["denominator"], rate]
            )
    return ("\ufeff" + out.getvalue()).encode()


def outcomes_report_run(*, job: ImportJob, actor: Actor | None, progress: Progress) -> ImportJob:
    """Build the file for the students the person who asked counts (asked again now)."""
    if actor is None or not can_see_outcomes(actor):
        reason = _("The person who asked may no longer see these figures.")
        return import_job_finish(job, status=ImportJob.Status.FAILED, failure=reason)
    students = outcome_students(actor)
    year = job.options["exit_year"]
    progress(10, _("counting the figures"))
    with translation.override(job.options.get("language") or settings.LANGUAGE_CODE):
        content = as_csv(year, students)
    return report_job_finish(
        job, content=content, name=file_name(year), content_type="text/csv; charset=utf-8"
    )
