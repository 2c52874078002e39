"""A district's return files checked by the worker (core/jobs.py): the district's page shows
each file's rows and problems, and building every file of a district's year (its whole year
of enrollments, marks and follow-up answers) is too long for a web request in a large
district. The page starts the check (or joins the one running for the same district, year
and language, whoever started it), shows its progress, and then the result the job kept: the
files as they were when it ran, with the time of the check. A check is shown for
CHECK_SHOWN_MINUTES; after that, or when asked, the page checks again.

What is shown can only be older than the data, never wrong about a download: a file's
download and the zip build the file again and refuse one that does not validate
(services.handoff_record, bundle.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ropdesk.core.jobs import (
    Progress,
    import_job_finish,
    import_jobs_expire_stale,
    report_job_start,
)
from ropdesk.core.models import ImportJob, Organization
from ropdesk.core.types import Actor
from ropdesk.returns import access
from ropdesk.returns.files import district_files
from ropdesk.scheduling.models import SchoolYear

KIND = "report_returns_check"
RUNNER = "ropdesk.returns.checks.check_run"
CHECK_SHOWN_MINUTES = 10
PROBLEMS_SHOWN = 200


@dataclass(frozen=True)
class CheckedProblem:
    line: int
    who: str
    field: str
    message: str


@dataclass(frozen=True)
class CheckedFile:
    """One file as the check found it: its rows and problems (the first PROBLEMS_SHOWN)."""

    file_type: str
    title: str
    rows: int
    problems: int
    shown: list[CheckedProblem]

    @property
    def valid(self) -> bool:
        return self.problems == 0


def checks_of(district: Organization, year: SchoolYear) -> Any:
    return ImportJob.objects.filter(
        kind=KIND, options__district_id=district.pk, options__school_year_id=year.pk
    ).defer("content", "output")


def check_found(district: Organization, year: SchoolYear, pk: str | None) -> ImportJob | None:
    """The check the page's address names (`?check=`), when it is this district's and year's
    and may still be shown: running, failed, or done less than CHECK_SHOWN_MINUTES ago."""
    if not pk or not pk.isdigit():
        return None
    found = checks_of(district, year).filter(pk=int(pk))
    import_jobs_expire_stale(found)
    job = found.first()
    if job is None or job.status != ImportJob.Status.DONE:
        return job
    recent = timezone.now() - timedelta(minutes=CHECK_SHOWN_MINUTES)
    return job if job.finished_at is not None and job.finished_at > recent else None


def check_start(
    *, actor: Actor, district: Organization, school_year: SchoolYear, back: str
) -> ImportJob:
    options = {
        "district_id": district.pk,
        "school_year_id": school_year.pk,
        "language": translation.get_language() or settings.LANGUAGE_CODE,
        "back": back,
    }
    import_jobs_expire_stale(checks_of(district, school_year))
    return report_job_start(
        kind=KIND,
        actor=actor,
        title=f"{district.name} {school_year.name}",
        options=options,
        runner=RUNNER,
        shared=True,
    )


def may_follow(user: Actor, job: ImportJob) -> bool:
    """Whoever may see the district's return files may follow its check (and see its result)."""
    return (
        job.kind == KIND
        and access.return_districts_of(user).filter(pk=job.options.get("district_id")).exists()
    )


def checked_files(job: ImportJob) -> list[CheckedFile]:
    return [
        CheckedFile(
            file_type=f["file_type"],
            title=f["title"],
            rows=f["rows"],
            problems=f["problems"],
            shown=[CheckedProblem(**p) for p in f["shown"]],
        )
        for f in job.result.get("files", [])
    ]


def check_run(*, job: ImportJob, actor: Actor | None, progress: Progress) -> ImportJob:
    if actor is None or not may_follow(actor, job):
        reason = _("The person who asked may no longer have this district's return files.")
        return import_job_finish(job, status=ImportJob.Status.FAILED, failure=reason)
    district = Organization.objects.get(pk=job.options["district_id"])
    year = SchoolYear.objects.get(pk=job.options["school_year_id"])
    progress(5, _("building the files"))
    with translation.override(job.options.get("language") or settings.LANGUAGE_CODE):
        files = [
            {
                "file_type": f.file_type,
                "title": f.title,
                "rows": len(f.rows),
                "problems": len(f.problems),
                "shown": [
                    {"line": p.line, "who": p.who, "field": p.field, "message": p.message}
                    for p in f.problems[:PROBLEMS_SHOWN]
                ],
            }
            for f in district_files(district, year)
        ]
    return import_job_finish(job, status=ImportJob.Status.DONE, result={"files": files})
