"""The office's upload of EDD occupational projections, run by the worker (core/jobs.py):
every row checked by `lmi.check_projections`, then all saved in one transaction by
`services.projections_save`, or none, each problem naming its row and column."""

from __future__ import annotations

from django.utils.translation import gettext as _

from ropdesk.core.jobs import (
    MAX_ERRORS_KEPT,
    Progress,
    import_job_create,
    import_job_finish,
    import_job_start,
    import_rows_finish,
)
from ropdesk.core.models import ImportJob
from ropdesk.core.types import Actor
from ropdesk.partners import lmi, services

KIND = "edd_projections"
RUNNER = "ropdesk.partners.projections_import.projections_import_run"


def projections_import_start(*, actor: Actor | None, file_name: str, data: bytes) -> ImportJob:
    """Keep the uploaded file and hand it to the worker (a file that is not UTF-8 text is
    refused at once, with a ValidationError)."""
    lmi.decode(data, file_name=file_name)
    job = import_job_create(kind=KIND, actor=actor, file_name=file_name, data=data)
    return import_job_start(job=job, runner=RUNNER)


def projections_import_run(
    *, job: ImportJob, actor: Actor | None, progress: Progress | None = None
) -> ImportJob:
    report = progress or (lambda percent, step: None)
    report(0, _("checking rows"))
    text = lmi.decode(bytes(job.content), file_name=job.file_name)
    rows, problems = lmi.check_projections(text, max_errors=MAX_ERRORS_KEPT)
    columns = [aliases[0] for aliases in lmi.COLUMNS.values()]
    if problems:
        counts = {"created": 0, "updated": 0, "unchanged": 0}
        return import_rows_finish(
            job,
            status=ImportJob.Status.REJECTED,
            errors=problems,
            counts=counts,
            columns=columns,
            action="projections_import",
        )
    report(50, _("saving %(total)s rows") % {"total": len(rows)})
    saved = services.projections_save(actor=actor, rows=rows, file_name=job.file_name)
    # projections_save writes the audit record (file and rows); the job keeps the counts.
    counts = {k: saved[k] for k in ("created", "updated", "unchanged")}
    return import_job_finish(job, status=ImportJob.Status.DONE, result=counts)
