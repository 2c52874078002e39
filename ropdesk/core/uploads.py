"""Limits on what people upload, and saving uploaded files so that a failure leaves nothing.

- `check_size(upload, kind)`: each kind of upload has its own size limit (settings
  ROPDESK["UPLOAD_MAX_MB"]); the message names the file and the limit.
- `open_zip_safely(data)`: the members of a zip, refusing one with too many members or whose
  members expand past a limit (a 398 KB zip expanded to 400 MB in memory). The sizes the zip
  declares are not trusted: members are read in chunks and counting stops at the limit.
- `store_upload(field_file, name, content)`: saves a file to storage; a full disk (or any
  other OSError) becomes a ValidationError with a clear message, and files saved during a
  request that no database row refers to are deleted when the request ends
  (`DiscardUncommittedUploadsMiddleware`), so nothing is left half saved.
"""

from __future__ import annotations

import contextvars
import errno
import io
import logging
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import Storage
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

MB = 1024 * 1024
CHUNK = 64 * 1024


def limit_mb(kind: str) -> int:
    """The size limit in MB of one kind of upload (ROPDESK["UPLOAD_MAX_MB"])."""
    return int(settings.ROPDESK["UPLOAD_MAX_MB"][kind])


def check_size(upload: Any, kind: str) -> None:
    """Refuse an upload larger than its kind allows, naming the file and the limit."""
    limit = limit_mb(kind)
    if upload.size > limit * MB:
        raise ValidationError(
            _("“%(name)s” is larger than %(mb)s MB, the limit for this kind of file.")
            % {"name": PurePath(upload.name or "file").name, "mb": limit},
            code="file_too_large",
        )


# --- zip archives --------------------------------------------------------------------------------


class UnsafeZip(ValueError):
    """The archive is refused: too many members, or they expand past the limit."""


def open_zip_safely(
    data: bytes,
    *,
    suffix: str = "",
    max_members: int | None = None,
    max_total_bytes: int | None = None,
) -> dict[str, bytes]:
    """The members of a zip whose name ends in `suffix`, by file name (folders dropped).

    Raises UnsafeZip when the archive lists more than `max_members` entries or its members
    expand to more than `max_total_bytes` together (defaults: ROPDESK["ZIP_MAX_MEMBERS"] and
    ROPDESK["ZIP_MAX_TOTAL_MB"]), and zipfile.BadZipFile when it is not a zip at all.
    """
    limits = settings.ROPDESK
    max_members = max_members if max_members is not None else int(limits["ZIP_MAX_MEMBERS"])
    if max_total_bytes is None:
        max_total_bytes = int(limits["ZIP_MAX_TOTAL_MB"]) * MB
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = [i for i in archive.infolist() if not i.is_dir()]
        _check_member_count(len(members), max_members)
        budget = [max_total_bytes, max_total_bytes]  # what is left, and the whole
        files: dict[str, bytes] = {}
        for info in members:
            if suffix and not info.filename.endswith(suffix):
                continue
            files[PurePath(info.filename).name] = _read_member(archive, info, budget)
        return files


def check_zip(data: bytes) -> None:
    """Refuse (UnsafeZip) an archive that `open_zip_safely` would refuse, keeping nothing in
    memory: the check an upload form makes before the file is stored."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = [i for i in archive.infolist() if not i.is_dir()]
        _check_member_count(len(members), int(settings.ROPDESK["ZIP_MAX_MEMBERS"]))
        total = int(settings.ROPDESK["ZIP_MAX_TOTAL_MB"]) * MB
        budget = [total, total]
        for info in members:
            _read_member(archive, info, budget, keep=False)


def _check_member_count(count: int, max_members: int) -> None:
    if count > max_members:
        raise UnsafeZip(
            _("The archive holds %(n)s files; at most %(max)s are accepted.")
            % {"n": count, "max": max_members}
        )


def _read_member(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: list[int], *, keep: bool = True
) -> bytes:
    """Read one member in chunks, never past what is left of the budget (shared by all) nor
    past ZIP_MAX_RATIO times its compressed size (the sizes in the zip are not trusted)."""
    name = PurePath(info.filename).name
    ratio = int(settings.ROPDESK["ZIP_MAX_RATIO"])
    ceiling = max(ratio * info.compress_size, MB)  # small files may compress very well
    parts, size = [], 0
    with archive.open(info) as member:
        while chunk := member.read(CHUNK):
            size += len(chunk)
            budget[0] -= len(chunk)
            if budget[0] < 0:
                raise UnsafeZip(
                    _("The archive expands to more than %(mb)s MB (at “%(name)s”).")
                    % {"mb": f"{budget[1] / MB:g}", "name": name}
                )
            if size > ceiling:
                raise UnsafeZip(
                    _(
                        "“%(name)s” in the archive expands to more than %(ratio)s times its "
                        "compressed size; it is refused as unsafe."
                    )
                    % {"name": name, "ratio": ratio}
                )
            if keep:
                parts.append(chunk)
    return b"".join(parts)


# --- saving files --------------------------------------------------------------------------------

# Files saved while a request runs: (storage, name, model, field name).
Pending = list[tuple[Storage, str, type[Any], str]]
_pending: contextvars.ContextVar[Pending | None] = contextvars.ContextVar(
    "ropdesk_pending_uploads", default=None
)


def storage_failure_message(name: str, error: OSError) -> str:
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return _(
            "“%(name)s” could not be stored: the server's disk is full. Nothing was saved; "
            "please try again later or tell the office."
        ) % {"name": name}
    return _(
        "“%(name)s” could not be stored because of a problem on the server. Nothing was "
        "saved; please try again later or tell the office."
    ) % {"name": name}


def store_upload(field_file: Any, name: str, content: Any) -> None:
    """Save `content` into a FileField (without saving the model) or raise ValidationError."""
    try:
        field_file.save(name, content, save=False)
    except OSError as error:
        logger.error("Storing upload %r failed: %s", name, error)
        raise ValidationError(storage_failure_message(name, error), code="storage") from error
    pending = _pending.get()
    if pending is not None:
        model = type(field_file.instance)
        pending.append((field_file.storage, field_file.name, model, field_file.field.name))


@contextmanager
def uncommitted_uploads_discarded() -> Iterator[None]:
    """Delete, on leaving, every file stored inside that no database row refers to: its
    transaction was rolled back (a later file failed, a rule refused the change)."""
    pending: Pending = []
    token = _pending.set(pending)
    try:
        yield
    finally:
        _pending.reset(token)
        for storage, name, model, field in pending:
            try:
                if not model._default_manager.filter(**{field: name}).exists():
                    storage.delete(name)
            except (OSError, DatabaseError):
                logger.exception("Could not check or delete the upload %r", name)


class DiscardUncommittedUploadsMiddleware:
    """Runs each request inside `uncommitted_uploads_discarded`."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with uncommitted_uploads_discarded():
            return self.get_response(request)
