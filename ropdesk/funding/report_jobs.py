"""The ADA report's downloads (CSV, XLSX, PDF) built by the worker as a report job
(core/jobs.py) when the report is not in the cache: for a county's year of attendance its
computation is too long for a web request. The worker computes it through
`queries.ada_report_cached`, so the page and the next downloads find it ready."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from ropdesk.core import access
from ropdesk.core.jobs import Progress, import_job_finish, report_job_finish
from ropdesk.core.models import ImportJob
from ropdesk.core.types import Actor
from ropdesk.funding import exports, queries
from ropdesk.scheduling.models import SchoolYear

KIND = "report_ada"
RUNNER = "ropdesk.funding.report_jobs.ada_download_run"

DOWNLOADS: dict[str, tuple[str, Callable[[queries.AdaReport], str | bytes]]] = {
    "csv": ("text/csv; charset=utf-8", exports.as_csv),
    "xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        exports.as_xlsx,
    ),
    "pdf": ("application/pdf", exports.as_pdf),
}


def file_name(report: queries.AdaReport, download: str) -> str:
    return f"ada-{report.school_year.name}-{report.period}-{report.by}.{download}"


def may_download(user: Actor, job: ImportJob) -> bool:
    """The ADA report's own policy (access.ada_report_districts), asked again: the county's
    report for whoever sees the county; a district coordinator's for whoever sees at least
    those districts."""
    if not access.can_see_ada_report(user):
        return False
    scope = access.ada_report_districts(user)
    asked = job.options.get("districts")
    return scope is None or (asked is not None and set(asked) <= scope)


def ada_download_run(*, job: ImportJob, actor: Actor | None, progress: Progress) -> ImportJob:
    if actor is None or not access.can_see_ada_report(actor):
        reason = _("The person who asked may no longer see the ADA report.")
        return import_job_finish(job, status=ImportJob.Status.FAILED, failure=reason)
    options = job.options
    districts = options.get("districts")
    school_year = SchoolYear.objects.get(pk=options["school_year_id"])
    progress(5, _("computing the report"))
    with translation.override(options.get("language") or settings.LANGUAGE_CODE):
        report = queries.ada_report_cached(
            school_year=school_year,
            period=options["period"],
            by=options["by"],
            districts=None if districts is None else frozenset(districts),
        )
        progress(80, _("writing the file"))
        content_type, build = DOWNLOADS[options["format"]]
        built = build(report)
        content = built.encode() if isinstance(built, str) else built
    return report_job_finish(
        job,
        content=content,
        name=file_name(report, options["format"]),
        content_type=content_type,
    )
