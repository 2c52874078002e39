"""Writes of the interop app: running a OneRoster import job, and API tokens."""

from __future__ import annotations

import hashlib
import io
import secrets
import zipfile
from collections.abc import Callable
from typing import Any

from django.db import OperationalError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ropdesk.core.background import job_start
from ropdesk.core.services import audit_record
from ropdesk.interop.importer import Rejected, oneroster_import
from ropdesk.interop.models import ApiToken, OneRosterImport
from ropdesk.interop.reader import files_of

MAX_ERRORS_KEPT = 1000


def zip_of(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in sorted(files.items()):
            archive.writestr(name, data)
    return buffer.getvalue()


def oneroster_import_create(
    *,
    actor: Any,
    file_name: str,
    data: bytes,
    feed: Any = None,
    dry_run: bool = False,
    import_valid_rows: bool = False,
) -> OneRosterImport:
    """Keep an uploaded package (a .zip), waiting to be imported: from which district feed,
    as a dry run or not, all-or-nothing or "import what is valid"."""
    return OneRosterImport.objects.create(
        file_name=file_name[:200],
        content=data,
        sha256=hashlib.sha256(data).hexdigest(),
        uploaded_by=actor if getattr(actor, "pk", None) else None,
        feed=feed,
        dry_run=dry_run,
        import_valid_rows=import_valid_rows,
    )


def oneroster_import_start(
    *,
    actor: Any,
    file_name: str,
    data: bytes,
    feed: Any = None,
    dry_run: bool = False,
    import_valid_rows: bool = False,
) -> OneRosterImport:
    """Keep the package and import it in a background thread the page polls, or right away
    (ROPDESK["ATTENDANCE_IMPORT_IN_BACKGROUND"], the one switch for background imports)."""
    job = oneroster_import_create(
        actor=actor,
        file_name=file_name,
        data=data,
        feed=feed,
        dry_run=dry_run,
        import_valid_rows=import_valid_rows,
    )
    job_start(label="oneroster", job=job, actor=actor, run=oneroster_import_run)
    return job


def oneroster_import_run(
    *, job: OneRosterImport, actor: Any, echo: Callable[[str], None] | None = None
) -> OneRosterImport:
    def progress(percent: int, step: str) -> None:
        try:
            OneRosterImport.objects.filter(pk=job.pk).update(
                percent=percent,
                step=step[:80],
                status=OneRosterImport.Status.CHECKING
                if percent < 40
                else OneRosterImport.Status.SAVING,
            )
        except OperationalError:
            pass  # progress is for show: a busy database must not fail the import
        if echo:
            echo(f"{percent:3d}% {step}")

    try:
        outcome = oneroster_import(
            files=files_of(bytes(job.content)),
            actor=actor,
            audit_obj=job,
            progress=progress,
            feed=job.feed,
            dry_run=job.dry_run,
            import_valid_rows=job.import_valid_rows,
        )
    except Rejected as rejected:
        job.errors = [p.as_dict() for p in rejected.problems[:MAX_ERRORS_KEPT]]
        return _finish(job, OneRosterImport.Status.REJECTED)
    except Exception as failure:
        job.errors = [
            {"file": "", "row": 0, "column": "", "reason": f"{type(failure).__name__}: {failure}"}
        ]
        _finish(job, OneRosterImport.Status.FAILED)
        raise
    job.counts = outcome.counts
    job.warnings = [w.as_dict() for w in outcome.warnings[:MAX_ERRORS_KEPT]]
    return _finish(job, OneRosterImport.Status.DONE)


def _finish(job: OneRosterImport, status: str) -> OneRosterImport:
    job.status = status
    job.percent = 100
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "percent", "finished_at", "errors", "counts", "warnings"])
    return job


# --- API tokens ---------------------------------------------------------------------------------

TOKEN_PREFIX = "rd_"  # noqa: S105 -- a visible marker, not a secret


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def api_token_create(*, user: Any, name: str) -> tuple[ApiToken, str]:
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
def api_token_revoke(*, token: ApiToken, actor: Any) -> ApiToken:
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
