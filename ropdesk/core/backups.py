"""One archive holding the database and the uploaded files (MEDIA_ROOT) together, and its
restore into an empty machine (`ropdesk backup`, `ropdesk restore`; docs/operations.md).

Why together: complaint evidence lives in MEDIA_ROOT and its rows in the database; a restore of
one without the other gives 500 on every evidence download, and Title IX files must be kept
seven years (34 CFR 106.45(b)(10)).

Consistency: the database snapshot is taken first, then the files are copied. Uploaded files
are written before their row is committed and are never changed or deleted afterwards, so
every file the snapshot refers to is in the archive; a file uploaded during the backup may be
in it without its row, which is harmless.

- SQLite: `VACUUM INTO`, a read transaction that WAL lets run beside the writers, so it
  finishes under steady writes (the sqlite3 shell's `.backup` restarts at every write).
- PostgreSQL: `pg_dump` in its custom format (its own MVCC snapshot); `pg_restore` back.

The archive is a tar: `manifest.json` (format, ropdesk version, created_at, database vendor,
applied migrations, SHA-256 and size of every other member), `database/...` and `media/...`.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import subprocess  # noqa: S404 -- pg_dump and pg_restore, with argument lists, never a shell
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path, PurePosixPath
from typing import IO, Any

from django.conf import settings
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

FORMAT = "ropdesk-backup/1"
MANIFEST = "manifest.json"
SQLITE_MEMBER = "database/ropdesk.sqlite3"
POSTGRES_MEMBER = "database/ropdesk.pgdump"
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why, for the operator."""


@dataclass(frozen=True)
class Summary:
    archive: Path
    files: int
    sha256: str  # of the whole archive, to note down beside it
    pending_migrations: tuple[str, ...] = ()


def _vendor() -> str:
    if connection.vendor not in ("sqlite", "postgresql"):
        raise BackupError(f"ropdesk cannot back up a {connection.vendor} database.")
    return connection.vendor


def _version() -> str:
    try:
        return metadata.version("ropdesk")
    except metadata.PackageNotFoundError:
        return "unknown"


def _applied_migrations() -> list[str]:
    recorder = MigrationRecorder(connection)
    return sorted(f"{app}.{name}" for app, name in recorder.applied_migrations())


def _known_migrations() -> set[str]:
    return {f"{app}.{name}" for app, name in MigrationLoader(None).disk_migrations}


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


class _HashingReader:
    """Hands tarfile the bytes of a file while hashing exactly those bytes."""

    def __init__(self, handle: IO[bytes]) -> None:
        self.handle = handle
        self.digest = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self.handle.read(size)
        self.digest.update(data)
        return data


def _add_file(archive: tarfile.TarFile, source: Path, name: str) -> dict[str, Any]:
    with source.open("rb") as handle:
        # The size is fixed when the file is opened, so a file still growing is archived as it
        # was then and its checksum is of those bytes.
        info = tarfile.TarInfo(name)
        info.size = os.fstat(handle.fileno()).st_size
        info.mtime = int(os.fstat(handle.fileno()).st_mtime)
        info.mode = 0o600
        reader = _HashingReader(handle)
        archive.addfile(info, reader)
    return {"path": name, "sha256": reader.digest.hexdigest(), "size": info.size}


def _media_files(root: Path) -> Iterator[Path]:
    if not root.is_dir():
        return
    for folder, folders, files in os.walk(root):
        folders.sort()
        for name in sorted(files):
            path = Path(folder) / name
            if path.is_file() and not path.is_symlink():
                yield path


def _postgres_env() -> tuple[list[str], dict[str, str]]:
    """Connection arguments for pg_dump/pg_restore from the Django settings (the password
    goes through the environment, never the command line)."""
    conf = connection.settings_dict
    args = ["--dbname", conf["NAME"]]
    if conf.get("HOST"):
        args += ["--host", str(conf["HOST"])]
    if conf.get("PORT"):
        args += ["--port", str(conf["PORT"])]
    if conf.get("USER"):
        args += ["--username", str(conf["USER"])]
    env = dict(os.environ)
    if conf.get("PASSWORD"):
        env["PGPASSWORD"] = str(conf["PASSWORD"])
    return args, env


def _run(command: list[str], env: dict[str, str]) -> None:
    program = shutil.which(command[0])
    if program is None:
        raise BackupError(f"{command[0]} is not installed (Debian: the postgresql-client package).")
    result = subprocess.run(  # noqa: S603 -- a fixed program and argument list
        [program, *command[1:]], env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()}")


def _snapshot_database(vendor: str, folder: Path) -> tuple[Path, str]:
    if vendor == "sqlite":
        target = folder / "ropdesk.sqlite3"
        connection.ensure_connection()
        with connection.cursor() as cursor:
            cursor.execute("VACUUM INTO %s", [str(target)])
        return target, SQLITE_MEMBER
    target = folder / "ropdesk.pgdump"
    args, env = _postgres_env()
    _run(["pg_dump", "--format=custom", "--no-owner", "--file", str(target), *args], env)
    return target, POSTGRES_MEMBER


def backup_create(*, archive: Path) -> Summary:
    """Write the archive (to `archive.partial`, renamed when complete, so that an interrupted
    backup never leaves a file that looks whole)."""
    vendor = _vendor()
    if archive.exists():
        raise BackupError(f"{archive} already exists; choose another name.")
    archive.parent.mkdir(parents=True, exist_ok=True)
    partial = archive.with_name(archive.name + ".partial")
    mode = "w:gz" if archive.name.endswith((".tar.gz", ".tgz")) else "w"
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(prefix="ropdesk-backup-") as scratch:
        snapshot, member = _snapshot_database(vendor, Path(scratch))
        migrations = _applied_migrations()
        with tarfile.open(partial, mode) as tar:  # type: ignore[call-overload]
            files = [_add_file(tar, snapshot, member)]
            for path in _media_files(media_root):
                relative = path.relative_to(media_root).as_posix()
                files.append(_add_file(tar, path, f"media/{relative}"))
            manifest = {
                "format": FORMAT,
                "ropdesk_version": _version(),
                "created_at": timezone.now().isoformat(),
                "database": {"vendor": vendor, "path": member},
                "migrations": migrations,
                "files": files,
            }
            body = json.dumps(manifest, indent=2).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mode, info.mtime = len(body), 0o600, int(timezone.now().timestamp())
            tar.addfile(info, io.BytesIO(body))
    os.replace(partial, archive)
    return Summary(archive=archive, files=len(files) - 1, sha256=_sha256(archive))


# --- restore ------------------------------------------------------------------------------------


def _safe_member_name(name: str) -> bool:
    path = PurePosixPath(name)
    return not path.is_absolute() and ".." not in path.parts and name == path.as_posix()


def _read_manifest(tar: tarfile.TarFile) -> dict[str, Any]:
    try:
        member = tar.getmember(MANIFEST)
    except KeyError:
        raise BackupError("The archive has no manifest.json: it is not a ropdesk backup.") from None
    handle = tar.extractfile(member)
    if handle is None:
        raise BackupError("manifest.json in the archive is not a file.")
    try:
        manifest = json.loads(handle.read())
    except ValueError as error:
        raise BackupError(f"manifest.json cannot be read: {error}.") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"manifest.json is not of the format {FORMAT}.")
    return manifest


def backup_verify(*, archive: Path, into: Path) -> dict[str, Any]:
    """Extract the archive into the empty folder `into`, checking every member against the
    manifest (name, size, SHA-256; nothing missing, nothing extra). Raises BackupError on the
    first difference; touches nothing outside `into`."""
    if not archive.is_file():
        raise BackupError(f"{archive} is not a file.")
    try:
        tar = tarfile.open(archive, "r:*")  # noqa: SIM115 -- closed below
    except tarfile.TarError as error:
        raise BackupError(f"{archive} is not a tar archive: {error}.") from None
    with tar:
        manifest = _read_manifest(tar)
        expected = {entry["path"]: entry for entry in manifest.get("files", [])}
        database = manifest.get("database", {})
        if database.get("path") not in expected:
            raise BackupError("The manifest names no database snapshot.")
        seen: set[str] = set()
        for member in tar.getmembers():
            name = member.name
            if name == MANIFEST or (member.isdir() and _safe_member_name(name)):
                continue
            if not member.isfile() or not _safe_member_name(name):
                raise BackupError(
                    f"Refused: the archive holds {name!r}, which is not a plain file."
                )
            entry = expected.get(name)
            if entry is None:
                raise BackupError(f"Refused: {name} is in the archive but not in its manifest.")
            if name in seen:
                raise BackupError(f"Refused: {name} is in the archive twice.")
            seen.add(name)
            target = into / name
            target.parent.mkdir(parents=True, exist_ok=True)
            source = tar.extractfile(member)
            assert source is not None  # a regular file, checked above
            digest = hashlib.sha256()
            with target.open("wb") as out:
                while chunk := source.read(CHUNK):
                    digest.update(chunk)
                    out.write(chunk)
            if member.size != entry.get("size") or digest.hexdigest() != entry.get("sha256"):
                raise BackupError(
                    f"Refused: {name} does not match its SHA-256 in the manifest "
                    "(the archive was changed or damaged)."
                )
        missing = sorted(set(expected) - seen)
        if missing:
            raise BackupError(
                f"Refused: the manifest lists {missing[0]}, missing from the archive."
            )
    return manifest


def _check_empty_layout(vendor: str, media_root: Path) -> None:
    name = connection.settings_dict["NAME"]
    if connection.introspection.table_names():
        if vendor == "sqlite":
            raise BackupError(
                f"Refused: the database {name} is not empty. Restore into an empty layout: "
                "stop ropdesk and move the old database files aside first."
            )
        raise BackupError(
            f"Refused: the database {name} has tables. Restore into a new, empty database "
            "(createdb) and point DATABASE_URL at it."
        )
    if media_root.is_dir() and any(media_root.iterdir()):
        raise BackupError(f"Refused: MEDIA_ROOT {media_root} is not empty.")


def backup_restore(*, archive: Path, check_only: bool = False) -> Summary:
    """Verify the whole archive first, then refuse anything but an empty layout, then put the
    database and the files in place."""
    vendor = _vendor()
    media_root = Path(settings.MEDIA_ROOT)
    staging_parent = media_root.parent
    staging_parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".ropdesk-restore-", dir=staging_parent) as staging:
        folder = Path(staging)
        manifest = backup_verify(archive=archive, into=folder)
        files = len(manifest["files"]) - 1
        if check_only:  # the archive alone; it may be checked on a machine of another kind
            return Summary(archive, files, _sha256(archive))
        archived_vendor = manifest["database"]["vendor"]
        if archived_vendor != vendor:
            raise BackupError(
                f"Refused: the archive holds a {archived_vendor} database and this ropdesk "
                f"runs on {vendor}."
            )
        unknown = sorted(set(manifest.get("migrations", [])) - _known_migrations())
        if unknown:
            raise BackupError(
                f"Refused: the archive was made by a newer ropdesk "
                f"({manifest.get('ropdesk_version')}); this code lacks migration {unknown[0]}. "
                "Install that version, restore, then upgrade."
            )
        pending = tuple(sorted(_known_migrations() - set(manifest.get("migrations", []))))
        _check_empty_layout(vendor, media_root)
        _restore_database(vendor, folder / manifest["database"]["path"])
        media = folder / "media"
        if media.is_dir():
            media_root.parent.mkdir(parents=True, exist_ok=True)
            if media_root.is_dir():
                media_root.rmdir()  # empty, checked above
            os.replace(media, media_root)
    return Summary(archive, files, _sha256(archive), pending)


def _restore_database(vendor: str, snapshot: Path) -> None:
    if vendor == "sqlite":
        connection.close()
        name = Path(connection.settings_dict["NAME"])
        name.parent.mkdir(parents=True, exist_ok=True)
        for leftover in (Path(f"{name}-wal"), Path(f"{name}-shm")):
            leftover.unlink(missing_ok=True)
        shutil.copyfile(snapshot, name.with_name(name.name + ".restoring"))
        os.replace(name.with_name(name.name + ".restoring"), name)
        return
    args, env = _postgres_env()
    connection.close()
    _run(
        ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
         *args, str(snapshot)],
        env,
    )  # fmt: skip
