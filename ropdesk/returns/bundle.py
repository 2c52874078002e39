"""A district's return files for a year in one zip (every file that validates, in one
format), built by the worker as a report job (core/jobs.py): the rows of every file read
the district's whole year of enrollments and marks, which is too long for a web request.

The zip is handed to the district when it is downloaded, not when it is built: then each
file in it gets its hand-off log row, audit record and disclosure-log rows
(services.bundle_handoff_record), as a single file's download does. Files with problems are
left out of the zip and named in its job's result; a district with no valid file gets a
failed job saying so."""

from __future__ import annotations

import io
import zipfile

from django.utils.translation import gettext as _

from ropdesk.core.jobs import Progress, import_job_finish, report_job_finish
from ropdesk.core.models import ImportJob, Organization
from ropdesk.core.types import Actor
from ropdesk.returns import access
from ropdesk.returns.files import ReturnFile, district_files
from ropdesk.returns.services import bundle_handoff_record
from ropdesk.scheduling.models import SchoolYear

KIND = "report_returns"
RUNNER = "ropdesk.returns.bundle.bundle_run"


def name_of(district: Organization, year: SchoolYear, file_format: str) -> str:
    return f"returns_{district.code}_{year.name}_{file_format}.zip"


def may_download(user: Actor, job: ImportJob) -> bool:
    """The return files' own policy: the office, or the district's own coordinator."""
    return access.return_districts_of(user).filter(pk=job.options.get("district_id")).exists()


def downloaded(user: Actor, job: ImportJob) -> None:
    district = Organization.objects.get(pk=job.options["district_id"])
    year = SchoolYear.objects.get(pk=job.options["school_year_id"])
    bundle_handoff_record(
        actor=user,
        district=district,
        school_year=year,
        file_format=job.options["format"],
        files=job.result.get("files", []),
    )


def bundle_run(*, job: ImportJob, actor: Actor | None, progress: Progress) -> ImportJob:
    district = Organization.objects.get(pk=job.options["district_id"])
    year = SchoolYear.objects.get(pk=job.options["school_year_id"])
    file_format = job.options["format"]
    if actor is None or not may_download(actor, job):
        reason = _("The person who asked may no longer have this district's return files.")
        return import_job_finish(job, status=ImportJob.Status.FAILED, failure=reason)
    progress(5, _("building the files"))
    files = district_files(district, year)
    valid = [f for f in files if f.valid]
    if not valid:
        reason = _("No file of this district and year is valid yet: fix the problems first.")
        return import_job_finish(job, status=ImportJob.Status.FAILED, failure=reason)
    buffer = io.BytesIO()
    kept = []
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for done, file in enumerate(valid, start=1):
            content = file.content(file_format)
            name = file.file_name(file_format)
            archive.writestr(name, content)
            kept.append(
                {
                    "file_type": file.file_type,
                    "name": name,
                    "spec_version": file.version,
                    "rows": len(file.rows),
                    "students": sorted(file.students),
                    "sha256": ReturnFile.sha256(content),
                }
            )
            progress(5 + 90 * done // len(valid), _("writing %(file)s") % {"file": name})
    left_out = [f.file_type for f in files if not f.valid]
    return report_job_finish(
        job,
        content=buffer.getvalue(),
        name=name_of(district, year, file_format),
        content_type="application/zip",
        result={"files": kept, "left_out": left_out},
    )
