"""The office's uploads of a district exit file and of follow-up answers gathered elsewhere,
run by the worker (core/jobs.py). Both check every row with the same code as
`ropdesk import-exits` and `ropdesk import-followup` (outcomes/imports.py) and save all rows
in one transaction or none, each problem naming its row and column."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ropdesk.core.jobs import (
    Progress,
    import_job_create,
    import_job_finish,
    import_job_start,
    import_rows_finish,
)
from ropdesk.core.models import ImportJob
from ropdesk.core.types import Actor
from ropdesk.outcomes import imports, services

EXITS = "outcome_exits"
FOLLOWUP = "followup_answers"
EXITS_RUNNER = "ropdesk.outcomes.import_jobs.exits_import_run"
FOLLOWUP_RUNNER = "ropdesk.outcomes.import_jobs.followup_import_run"


def decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as bad:
        raise ValidationError(_("The file is not UTF-8 text.")) from bad


def exits_import_start(*, actor: Actor | None, file_name: str, data: bytes) -> ImportJob:
    decode(data)
    job = import_job_create(kind=EXITS, actor=actor, file_name=file_name, data=data)
    return import_job_start(job=job, runner=EXITS_RUNNER)


def followup_import_start(*, actor: Actor | None, file_name: str, data: bytes) -> ImportJob:
    decode(data)
    job = import_job_create(kind=FOLLOWUP, actor=actor, file_name=file_name, data=data)
    return import_job_start(job=job, runner=FOLLOWUP_RUNNER)


def _run(
    job: ImportJob,
    actor: Actor | None,
    progress: Progress | None,
    *,
    read: Callable[[str], list[dict[str, Any]]],
    save: Callable[..., int],
    columns: list[str],
    action: str,
) -> ImportJob:
    report = progress or (lambda percent, step: None)
    report(0, _("checking rows"))
    try:
        rows = read(decode(bytes(job.content)))
    except imports.ImportRefused as refused:
        return import_rows_finish(
            job,
            status=ImportJob.Status.REJECTED,
            errors=refused.errors,
            counts={"created": 0},
            columns=columns,
            action=action,
        )
    report(50, _("saving %(total)s rows") % {"total": len(rows)})
    # The service writes its own audit record (file and rows) in the same transaction.
    count = save(actor=actor, rows=rows, file_name=job.file_name)

    return import_job_finish(job, status=ImportJob.Status.DONE, result={"saved": count})


def exits_import_run(
    *, job: ImportJob, actor: Actor | None, progress: Progress | None = None
) -> ImportJob:
    return _run(
        job,
        actor,
        progress,
        read=imports.read_exits,
        save=services.exits_import,
        columns=[*imports.EXIT_COLUMNS, *imports.EXIT_OPTIONAL],
        action="exits_import",
    )


def followup_import_run(
    *, job: ImportJob, actor: Actor | None, progress: Progress | None = None
) -> ImportJob:
    return _run(
        job,
        actor,
        progress,
        read=imports.read_followup,
        save=services.responses_import,
        columns=[*imports.FOLLOWUP_COLUMNS, *imports.FOLLOWUP_OPTIONAL],
        action="followup_import",
    )
