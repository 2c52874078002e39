"""Writes of the interop app: running a OneRoster import job, and API tokens."""

from __future__ import annotations

import io
import secrets
import zipfile
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from ropdesk.core.jobs import Progress as JobProgress
from ropdesk.core.jobs import import_job_create, import_job_finish, import_job_start
from ropdesk.core.models import ImportJob
from ropdesk.core.services import audit_record
from ropdesk.core.tokens import token_hash
from ropdesk.core.types import Actor, StaffActor
from ropdesk.interop.importer import Rejected, oneroster_import
from ropdesk.interop.models import ApiToken, Feed
from ropdesk.interop.reader import files_of

MAX_ERRORS_KEPT = 1000


def zip_of(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in sorted(files.items()):
            archive.writestr(name, data)
    return buffer.getvalue()


RUNNER = "ropdesk.interop.services.oneroster_import_run"


def oneroster_import_create(
    *,
    actor: Actor | None,
    file_name: str,
    data: bytes,
    feed: Feed | None = None,
    dry_run: bool = False,
    import_valid_rows: bool = False,
) -> ImportJob:
    """Keep an uploaded package (a .zip), waiting to be imported: from which district feed,
    as a dry run or not, all-or-nothing or "import what is valid"."""
    return import_job_create(
        kind=ImportJob.Kind.ONEROSTER,
        actor=actor,
        file_name=file_name,
        data=data,
        options={
            "feed_id": feed.pk if feed else None,
            "dry_run": dry_run,
            "import_valid_rows": import_valid_rows,
        },
    )


def oneroster_import_start(
    *,
    actor: Actor | None,
    file_name: str,
    data: bytes,
    feed: Feed | None = None,
    dry_run: bool = False,
    import_valid_rows: bool = False,
) -> ImportJob:
    """Keep the package and hand it to the worker (core/jobs.py); the job's page follows it.
    A package brings the roster, attendance.csv and jobSiteHours.csv in one import."""
    job = oneroster_import_create(
        actor=actor,
        file_name=file_name,
        data=data,
        feed=feed,
        dry_run=dry_run,
        import_valid_rows=import_valid_rows,
    )
    return import_job_start(job=job, runner=RUNNER)


def feed_of(job: ImportJob) -> Feed | None:
    """The district feed a OneRoster job came from (None: the program's own package)."""
    feed_id = job.options.get("feed_id")
    return Feed.objects.filter(pk=feed_id).first() if feed_id else None


def oneroster_jobs() -> QuerySet[ImportJob]:
    return ImportJob.objects.filter(kind=ImportJob.Kind.ONEROSTER)


def oneroster_import_run(
    *,
    job: ImportJob,
    actor: Actor | None,
    progress: JobProgress | None = None,
    echo: Callable[[str], None] | None = None,
) -> ImportJob:
    """The job's runner: the importer's own progress hook feeds the job's progress bar."""

    def report(percent: int, step: str) -> None:
        if progress:
            progress(percent, step)
        if echo:
            echo(f"{percent:3d}% {step}")

    try:
        outcome = oneroster_import(
            files=files_of(bytes(job.content)),
            actor=actor,
            audit_obj=job,
            progress=report,
            feed=feed_of(job),
            dry_run=bool(job.options.get("dry_run")),
            import_valid_rows=bool(job.options.get("import_valid_rows")),
        )
    except Rejected as rejected:
        errors = [p.as_dict() for p in rejected.problems[:MAX_ERRORS_KEPT]]
        return import_job_finish(job, status=ImportJob.Status.REJECTED, errors=errors)
    return import_job_finish(
        job,
        status=ImportJob.Status.DONE,
        result=outcome.counts,
        warnings=[w.as_dict() for w in outcome.warnings[:MAX_ERRORS_KEPT]],
    )


# --- API tokens ---------------------------------------------------------------------------------

TOKEN_PREFIX = "rd_"  # noqa: S105 -- a visible marker, not a secret


@transaction.atomic
def api_token_create(*, user: StaffActor, name: str) -> tuple[ApiToken, str]:
    """A new token for the user, and its secret — shown once, never stored."""
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name.strip()[:80] or _("API token"),
        prefix=secret[:10],
        hashed_secret=token_hash(secret),
    )
    audit_record(actor=user, action="api_token.create", obj=token, name=token.name)
    return token, secret


@transaction.atomic
def api_token_revoke(*, token: ApiToken, actor: Actor | None) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(actor=actor, action="api_token.revoke", obj=token)
    return token


def api_token_user(secret: str) -> Any:
    """The active owner of an unrevoked token, or None."""
    token = (
        ApiToken.objects.select_related("user")
        .filter(hashed_secret=token_hash(secret), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
