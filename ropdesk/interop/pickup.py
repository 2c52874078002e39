"""Scheduled pickup of district feeds: each active feed with a pickup folder (an SFTP drop) is
scanned; every new package (.zip) in it is imported as that feed's, then moved to the folder's
done/ or failed/ sub-folder; the feed keeps its last result for the data-exchange page.

`pickup_run()` is a plain function: the task scheduler runs it periodically, and
`ropdesk pickup-feeds` runs it once by hand.
"""

from __future__ import annotations

import logging
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from django.utils import timezone

from ropdesk.core.jobs import import_job_fail_unexpectedly, import_job_finish
from ropdesk.core.models import ImportJob
from ropdesk.interop import services
from ropdesk.interop.models import Feed
from ropdesk.interop.reader import files_of

log = logging.getLogger(__name__)
# A file younger than this may still be uploading (SFTP writes in place): left for next time.
SETTLE_SECONDS = 60


@dataclass(frozen=True)
class Picked:
    feed: str
    file: str
    status: str  # an ImportJob status, or "skipped" (already imported)
    message: str


def _packages(folder: Path, settle: int) -> list[Path]:
    now = time.time()
    found = [
        p
        for p in folder.iterdir()
        if p.is_file() and p.suffix.lower() == ".zip" and now - p.stat().st_mtime >= settle
    ]
    return sorted(found, key=lambda p: (p.stat().st_mtime, p.name))


def _move(path: Path, sub: str) -> Path:
    target = path.parent / sub
    target.mkdir(exist_ok=True)
    stamp = timezone.now().strftime("%Y%m%dT%H%M%S")
    destination = target / f"{stamp}-{path.name}"
    shutil.move(str(path), destination)
    return destination


def _record(feed: Feed, status: str, message: str, job: ImportJob | None) -> None:
    feed.last_run_at = timezone.now()
    feed.last_status = status[:12]
    feed.last_message = message[:500]
    feed.last_import = job or feed.last_import
    feed.save(update_fields=["last_run_at", "last_status", "last_message", "last_import"])


def _pick_one(feed: Feed, path: Path) -> Picked:
    data = path.read_bytes()
    job = services.oneroster_import_create(
        actor=None,
        file_name=path.name,
        data=data,
        feed=feed,
        import_valid_rows=feed.import_valid_rows,
    )
    if (
        services.oneroster_jobs()
        .filter(
            options__feed_id=feed.pk,
            sha256=job.sha256,
            status=ImportJob.Status.DONE,
            options__dry_run=False,
        )
        .exclude(pk=job.pk)
        .exists()
    ):
        job.delete()
        _move(path, "done")
        message = "The same package was imported before; nothing to do."
        _record(feed, "skipped", f"{path.name}: {message}", None)
        return Picked(feed.code, path.name, "skipped", message)
    if not files_of(data):
        errors = [{"file": path.name, "row": 0, "column": "", "reason": "Not a .zip file."}]
        import_job_finish(job, status=ImportJob.Status.REJECTED, errors=errors)
    else:
        try:
            services.oneroster_import_run(job=job, actor=None)
        except Exception as failure:  # recorded on the job; the next package still runs
            import_job_fail_unexpectedly(job, failure, runner=f"pickup {feed.code} {path.name}")
        job.refresh_from_db()
    done = job.status == ImportJob.Status.DONE
    _move(path, "done" if done else "failed")
    if done:
        message = ", ".join(
            f"{file}: {sum(n for a, n in c.items() if a != 'unchanged')} changed"
            for file, c in job.result.items()
        )
    else:
        message = f"{len(job.errors)} problems; nothing was imported."
    _record(feed, job.status, f"{path.name}: {message}", job)
    return Picked(feed.code, path.name, job.status, message)


def pickup_run(
    *,
    feeds: Any = None,
    settle_seconds: int = SETTLE_SECONDS,
    echo: Callable[[str], None] | None = None,
) -> list[Picked]:
    """Import every new package of every active feed with a pickup folder (or of `feeds`)."""
    results = []
    queryset = feeds if feeds is not None else Feed.objects.filter(active=True).exclude(folder="")
    for feed in queryset:
        folder = Path(feed.folder)
        if not folder.is_dir():
            _record(feed, "failed", f"The pickup folder {folder} does not exist.", None)
            results.append(Picked(feed.code, "", "failed", "no such folder"))
            continue
        for path in _packages(folder, settle_seconds):
            picked = _pick_one(feed, path)
            results.append(picked)
            if echo:
                echo(f"{picked.feed}: {picked.file}: {picked.status}: {picked.message}")
    return results


def pickup_scheduled(*, today: date) -> int:
    """The worker's daily pickup (ROPDESK["SCHEDULE"]["district-feed-pickup"]): every active
    feed's folder, as `ropdesk pickup-feeds` does by hand. Returns the packages it read."""
    return len(pickup_run())
