"""The ADA report built by the worker as a report job (core/jobs.py) when it is not in the
cache: for a county's year of attendance its computation is too long for a web request.

- Its downloads (CSV, XLSX, PDF): the job builds the file, its page offers it.
- Its page (`/funding/ada/`): a cold page starts a job that only fills the cache (or joins
  the one running for the same year, period, dimension, districts, day and language, whoever
  started it) and shows its progress; once it is done the page reloads and shows the figures.

The worker computes the report through `queries.ada_report_cached`, so the page and the next
downloads find it ready."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ropdesk.core import access
from ropdesk.core.jobs import (
    Progress,
    import_job_finish,
    import_jobs_expire_stale,
    report_job_finish,
    report_job_start,
)
from ropdesk.core.models import ImportJob
from ropdesk.core.types import Actor
from ropdesk.funding import exports, queries
from ropdesk.scheduling.models import SchoolYear

KIND = "report_ada"
RUNNER = "ropdesk.funding.report_jobs.ada_download_run"
PAGE_KIND = "report_ada_page"
PAGE_RUNNER = "ropdesk.funding.report_jobs.ada_page_run"

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


def _scope(districts: frozenset[int] | None) -> list[int] | None:
    return None if districts is None else sorted(districts)


FAILED_SHOWN = timedelta(minutes=5)


def page_job_start(
    *, actor: Actor, asked: dict[str, Any], back: str, again: bool = False
) -> ImportJob:
    """The job filling the cache for the page `asked` (year, period, dimension, districts):
    the one already running with the same options, whoever started it, or a new one. The
    options hold everything the cache key holds (queries._ada_report_key), the scope too.
    A job for them that failed in the last FAILED_SHOWN is shown as it is (its reason), not
    started again with every reload, until the person asks `again`."""
    year = asked["school_year"]
    options = {
        "school_year_id": year.pk,
        "period": asked["period"],
        "by": asked["by"],
        "districts": _scope(asked["districts"]),
        "day": timezone.localdate().isoformat(),
        "language": translation.get_language() or settings.LANGUAGE_CODE,
        "back": back,
    }
    # A job whose worker died is failed first, so that nobody joins it.
    same = ImportJob.objects.filter(kind=PAGE_KIND, options=options).defer("content", "output")
    import_jobs_expire_stale(same)
    if not again:
        latest = same.order_by("-pk").first()
        recent = timezone.now() - FAILED_SHOWN
        if (
            latest is not None
            and latest.status == ImportJob.Status.FAILED
            and latest.finished_at is not None
            and latest.finished_at > recent
        ):
            return latest
    return report_job_start(
        kind=PAGE_KIND,
        actor=actor,
        title=f"ada-{year.name}-{asked['period']}-{asked['by']}",
        options=options,
        runner=PAGE_RUNNER,
        shared=True,
    )


def may_follow_page_job(user: Actor, job: ImportJob) -> bool:
    """Who may follow a page's job (its progress, never figures): whoever may see the ADA
    report for exactly the districts it is computed for."""
    if job.kind != PAGE_KIND or not access.can_see_ada_report(user):
        return False
    return _scope(access.ada_report_districts(user)) == job.options.get("districts")


def ada_page_run(*, job: ImportJob, actor: Actor | None, progress: Progress) -> ImportJob:
    """Fill the cache with the report the page asked for; the page shows it from there."""
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
    return import_job_finish(job, status=ImportJob.Status.DONE, result={"rows": len(report.rows)})


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
