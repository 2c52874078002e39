"""Importing a OneRoster 1.1 or 1.2 CSV package (docs/import-formats.md).

Three steps: read every file and value (reader.py), check every reference against the package
and what ropdesk already holds, then — only when nothing at all is wrong — apply everything in
one transaction, comparing values so that importing the same package twice changes nothing.
Bulk files add and update; delta files also remove (status=tobedeleted). Records that history
hangs on (attendance, certificates) are never deleted: their enrollments are ended instead.

Every import names the district feed it came from (or none: the program's own package). A
person is matched to an existing one only by a stable key from the same source — the feed's
own sourcedId, the SSID — never by username; a feed changes only the records it owns, and no
file changes an account that holds a staff role.
"""

from __future__ import annotations

import json
import time as time_module
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeVar

from django.db import IntegrityError, connection, models, transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _

from ropdesk.catalog.models import Course, Pathway, StateCourseCode
from ropdesk.catalog.services import CA_CTE_DIR, catalog_load_reference
from ropdesk.core import versions
from ropdesk.core.models import (
    AuditEvent,
    Guardianship,
    Organization,
    Role,
    RoleAssignment,
    Site,
    Student,
    User,
)
from ropdesk.core.services import audit_record
from ropdesk.core.types import Actor, recorded
from ropdesk.enrollment import eligibility, reasons
from ropdesk.enrollment.categories import (
    SPECIAL_PROGRAMS,
    apply_category,
    funding_category,
    student_categories_follow,
)
from ropdesk.enrollment.models import Enrollment, EnrollmentEvent
from ropdesk.enrollment.services import (
    enrollment_roster_end,
    enrollments_derive_funding,
)
from ropdesk.interop import sourced, spec
from ropdesk.interop.models import Feed, FeedRecord, SourcedId
from ropdesk.interop.reader import NAME_COLUMNS, Package, Problem, Record, read_package
from ropdesk.scheduling.calendar import kind_for_name
from ropdesk.scheduling.models import Holiday, Meeting, SchoolYear, Section, Term
from ropdesk.scheduling.services import (
    school_year_build_calendar,
    section_create,
    section_generate_meetings,
)

Progress = Callable[[int, str], None]
T = TypeVar("T")
# Ids per IN (...) list (under SQLite's oldest limit of 999 parameters) and rows per bulk write.
CHUNK = 900
BATCH = 2000
ACTIONS = ("created", "updated", "unchanged", "matched", "deleted", "ended", "kept", "skipped")
STRICT = (FeedRecord.Kind.STUDENT, FeedRecord.Kind.TEACHER, FeedRecord.Kind.CLASS)
# Kinds several feeds share (a county office, a school year, the program's catalog): another
# feed may refer to them but only their owner changes them.
SHARED = (FeedRecord.Kind.ORG, FeedRecord.Kind.YEAR, FeedRecord.Kind.TERM, FeedRecord.Kind.COURSE)


@dataclass
class Outcome:
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    dry_run: bool = False

    def bump(self, file: str, action: str, n: int = 1) -> None:
        self.counts.setdefault(file, dict.fromkeys(ACTIONS, 0))[action] += n

    @property
    def changed(self) -> bool:
        return any(
            c[a] for c in self.counts.values() for a in ("created", "updated", "deleted", "ended")
        )


_FOREIGN: dict[tuple[Any, str], str | None] = {}


def _current(obj: models.Model, name: str) -> Any:
    """obj's value of a field to compare; of a foreign key, the id (reading the related object
    would cost a query per row)."""
    key = (type(obj), name)
    if key not in _FOREIGN:
        field = obj._meta.get_field(name)
        _FOREIGN[key] = getattr(field, "attname", None) if field.many_to_one else None
    attname = _FOREIGN[key]
    if attname is None:
        return getattr(obj, name)
    cached = obj._state.fields_cache.get(name, ...)
    return cached if cached is not ... else _Id(getattr(obj, attname))


class _Id:
    """A foreign key's id, equal to the related object of that id (or to None when unset)."""

    __slots__ = ("pk",)

    def __init__(self, pk: Any) -> None:
        self.pk = pk

    def __eq__(self, other: object) -> bool:
        return (other.pk if isinstance(other, models.Model) else other) == self.pk

    def __ne__(self, other: object) -> bool:
        return not self == other

    __hash__ = None  # type: ignore[assignment]


def _save(obj: models.Model, values: dict[str, Any]) -> str:
    """Set the values on obj and save only when one differs: created, updated or unchanged."""
    if obj.pk is None:
        for name, value in values.items():
            setattr(obj, name, value)
        obj.save()
        return "created"
    changed = [name for name, value in values.items() if _current(obj, name) != value]
    for name in changed:
        setattr(obj, name, values[name])
    if not changed:
        return "unchanged"
    # auto_now fields move only when saved, and API clients sync by them (modified_since).
    stamps = [f.name for f in obj._meta.concrete_fields if getattr(f, "auto_now", False)]
    obj.save(update_fields=[*changed, *stamps])
    return "updated"


def _chunks(items: Iterable[T], size: int = CHUNK) -> Iterator[list[T]]:
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _changes(obj: models.Model, values: dict[str, Any]) -> list[str]:
    """Set the values on obj; the names of those that differ (all of them for a new obj)."""
    if obj.pk is None:
        for name, value in values.items():
            setattr(obj, name, value)
        return list(values)
    changed = [name for name, value in values.items() if _current(obj, name) != value]
    for name in changed:
        setattr(obj, name, values[name])
    return changed


class Writes:
    """Rows to write in bulk at the end of a step: new objects (bulk_create) and changed ones
    (bulk_update of the fields that changed, auto_now stamps moved as save() would)."""

    def __init__(self, model: Any) -> None:
        self.model = model
        self.new: dict[int, Any] = {}  # by id(obj): an object given by several rows
        self.changed: dict[int, Any] = {}
        self.fields: set[str] = set()
        self.stamps = [f.name for f in model._meta.concrete_fields if getattr(f, "auto_now", False)]
        self.step: int | None = None  # new objects written a part at a time (flush_new)
        self.wrote = False

    def save(self, obj: Any, values: dict[str, Any]) -> str:
        """As _save: created, updated or unchanged; written by flush()."""
        if obj.pk is None and id(obj) not in self.new:
            _changes(obj, values)
            self.new[id(obj)] = obj
            return "created"
        changed = [name for name, value in values.items() if _current(obj, name) != value]
        for name in changed:
            setattr(obj, name, values[name])
        if not changed:
            return "unchanged"
        if obj.pk is not None:  # (a new one is written whole)
            self.changed[id(obj)] = obj
            self.fields.update(changed)
        return "updated"

    def flush_new(self) -> list[Any]:
        """Write the new objects now when a whole number of the database's insert batches is
        pending (so that writing them a part at a time makes the same queries as writing them
        all at the end); the objects written, else []. A county's 60,000 students are thus never
        all held as full instances at once."""
        if not self.new:
            return []
        if self.step is None:
            fields = [
                f
                for f in self.model._meta.concrete_fields
                if not f.generated and not isinstance(f, models.AutoField)
            ]
            batch = min(BATCH, max(connection.ops.bulk_batch_size(fields, [None] * BATCH), 1))
            self.step = batch * (BATCH // batch)
        if len(self.new) < self.step:
            return []
        written = list(self.new.values())
        self.model.objects.bulk_create(written, batch_size=BATCH)
        self.new = {}
        self.wrote = True
        return written

    def flush(self) -> bool:
        """Write what is pending; True when anything was written (flush_new included)."""
        wrote = bool(self.new or self.changed or self.wrote)
        self.wrote = False
        if self.new:
            self.model.objects.bulk_create(list(self.new.values()), batch_size=BATCH)
        if self.changed:
            now = timezone.now()
            rows = list(self.changed.values())
            for obj in rows:
                for stamp in self.stamps:
                    setattr(obj, stamp, now)
            fields = sorted(self.fields | set(self.stamps))
            self.model.objects.bulk_update(rows, fields, batch_size=BATCH // 4)
        self.new, self.changed, self.fields = {}, {}, set()
        return wrote


# What the steps after "people" read of a student (its id and code, and what the enrollments'
# funding category and waitlist priority are judged on); the rest of a written student's
# fields are let go (_compact).
STUDENT_KEPT = frozenset(
    {"_state", "id", "local_id", "grade_level", "birth_date", *SPECIAL_PROGRAMS}
)


# What the import reads and compares of a student it finds (_check_student, _apply_student,
# _demographic_values, _funding_status): a student is read with these fields only (a Student
# has about forty; a county's re-import finds 60,000). Another is read from the database if
# it is ever asked for (Django's deferred fields).
STUDENT_READ = (
    "id",
    "local_id",
    "statewide_id",
    *(name for _column, name in NAME_COLUMNS),
    "email",
    "phone",
    "grade_level",
    "district_of_residence",
    "school_of_attendance",
    *spec.PROGRAMS.values(),
    "races",
    "hispanic_latino",
    "birth_date",
    "sex",
)


def _read(model: Any) -> Any:
    """The rows of a model as the importer reads them (of a student, STUDENT_READ)."""
    return model.objects.only(*STUDENT_READ) if model is Student else model.objects


def _compact(obj: models.Model, kept: frozenset[str] = STUDENT_KEPT) -> None:
    """Let go of the fields of a saved instance that no later step reads: they become deferred
    fields (Django reads one from the database if it is ever asked for). A Student holds about
    forty values; a county's package names 60,000 of them."""
    if obj is not None and obj.pk is not None and len(obj.__dict__) > len(kept):
        obj.__dict__ = {name: value for name, value in obj.__dict__.items() if name in kept}
        obj._state.__dict__.pop("fields_cache", None)  # the related objects read (made anew)


def _audit_bulk(
    actor: Actor | None, entries: list[tuple[str, models.Model, dict[str, Any]]]
) -> None:
    """audit_record for many objects at once: the same events, written in batches."""
    by = recorded(actor)
    AuditEvent.objects.bulk_create(
        (
            AuditEvent(
                actor=by,
                action=action,
                object_type=obj._meta.label_lower,
                object_id=str(obj.pk),
                details=details,
            )
            for action, obj, details in entries
        ),
        batch_size=BATCH,
    )


class Rate:
    """Progress of one long step: percent between `low` and `high`, and a step that says how
    many rows are done, how fast and about how long is left (as the attendance import's)."""

    def __init__(self, progress: Progress, name: str, low: int, high: int, total: int) -> None:
        self.progress, self.name, self.low, self.high = progress, name, low, high
        self.total = max(total, 1)
        self.started = time_module.monotonic()
        self.shown = -1.0

    def __call__(self, done: int, *, force: bool = False) -> None:
        now = time_module.monotonic()
        if not force and now - self.shown < 1.0:
            return  # at most one progress write a second
        self.shown = now
        elapsed = max(now - self.started, 1e-6)
        rate = done / elapsed
        left = max(self.total - done, 0) / rate if rate else 0
        step = _(
            "%(phase)s: %(done)s of %(total)s rows, %(rate)s rows a second, about %(left)s s left"
        ) % {
            "phase": self.name,
            "done": done,
            "total": self.total,
            "rate": f"{rate:,.0f}",
            "left": f"{left:.0f}",
        }
        self.progress(self.low + (self.high - self.low) * min(done, self.total) // self.total, step)


class NewEnrollment:
    """An enrollment the import will create, before it is written (lighter than a model
    instance: a county's roster makes a few hundred thousand)."""

    __slots__ = (
        "student_id",
        "section_id",
        "status",
        "enrolled_on",
        "ended_on",
        "priority",
        "requested_at",
        "status_reason",
        "grade_9_12",
        "concurrent",
        "special_population",
        "special_programs",
        "grade_level",
    )

    def __init__(
        self,
        student_id: int,
        section_id: int,
        *,
        status: str = Enrollment.Status.ADMITTED,
        enrolled_on: date | None = None,
        ended_on: date | None = None,
        requested_at: Any = None,
    ) -> None:
        self.student_id, self.section_id, self.status = student_id, section_id, status
        self.enrolled_on, self.ended_on, self.requested_at = enrolled_on, ended_on, requested_at
        self.priority: int | None = None
        self.status_reason = ""
        self.grade_9_12: bool | None = None
        self.concurrent: bool | None = None
        self.special_population = False
        self.special_programs: list[str] = []
        self.grade_level = ""


ENROLLMENT_COLUMNS = (
    "student_id",
    "section_id",
    "status",
    "enrolled_on",
    "ended_on",
    "priority",
    "requested_at",
    "status_reason",
    "grade_9_12",
    "concurrent",
    "special_population",
    "special_programs",
    "grade_level",
    "created_at",
    "updated_at",
)
EVENT_COLUMNS = (
    "enrollment_id",
    "from_status",
    "to_status",
    "at",
    "by_id",
    "reason",
    "reason_code",
    "reason_args",
)
AUDIT_COLUMNS = ("at", "actor_id", "action", "object_type", "object_id", "details")
FEED_COLUMNS = ("feed_id", "kind", "sourced_id", "object_id", "owner")
ENROLLMENT_TYPE = Enrollment._meta.label_lower


def _insert(model: Any, columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
    """Rows straight into a model's table, values already in the database's form: COPY on
    PostgreSQL, executemany elsewhere. For the biggest writes of a package, where bulk_create
    would spend more time building model instances and SQL than the database spends writing.
    The table's constraints (unique, foreign keys) still hold; no ORM signal is sent (callers
    move versions themselves)."""
    if not rows:
        return
    known = {f.column for f in model._meta.concrete_fields}
    assert set(columns) <= known, set(columns) - known
    quote = connection.ops.quote_name
    table, names = quote(model._meta.db_table), ", ".join(quote(c) for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(columns))
            for chunk in _chunks(rows, BATCH):
                cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", chunk)  # noqa: S608 -- names from model metadata


def _try_delete(obj: models.Model) -> bool:
    try:
        with transaction.atomic():
            obj.delete()
    except (ProtectedError, IntegrityError):
        return False
    return True


def holds_staff_role(user: User) -> bool:
    """An account that holds more than the instructor role (office, administrator, counselor,
    coordinator, supervisor…, or Django staff) is never changed by a file: a roster row with
    its username would otherwise rename it, redirect its password reset or deactivate it."""
    if user.is_staff or user.is_superuser:
        return True
    return user.roles.exclude(role=Role.INSTRUCTOR).exists()


class Importer:
    """Checks and applies one package. `problems` after check(); `outcome` after apply()."""

    def __init__(
        self,
        package: Package,
        *,
        actor: Actor | None,
        progress: Progress | None = None,
        feed: Any = None,
        import_valid_rows: bool = False,
    ) -> None:
        self.p = package
        self.actor = recorded(actor)
        self.progress = progress or (lambda percent, step: None)
        self.feed = feed
        self.import_valid_rows = import_valid_rows
        self.outcome = Outcome()
        self.skipped: set[tuple[str, int]] = set()
        self._index()
        # What each sourcedId of the package names in ropdesk (None: a new record), filled by
        # check() and by apply() as records are created.
        self.found: dict[tuple[str, str], Any] = {}
        self.matched: set[tuple[str, str]] = set()  # found by another key than the sourcedId
        self.frozen: set[tuple[str, str]] = set()  # shared records another feed owns
        self.aliases: dict[str, str] = {}  # department sourcedId -> its school's sourcedId
        self.term_years: dict[str, tuple[str, str]] = {}  # term sid -> ("sid"|"name", key)
        # What ropdesk holds, read once (a query per object would be a query per row):
        self.objects: dict[tuple[Any, Any], Any] = {}  # (model, pk) -> the one instance
        self.codes: dict[tuple[Any, str, Any], Any] = {}  # (model, field, value) -> it or None
        self.roles: dict[int, set[tuple[str, Any, Any]]] = {}  # user pk -> (role, org, site)
        self.teacher_ids: dict[str, str] | None = None  # SourcedId: teacher sid -> user pk
        self.teacher_keys: dict[str, str] = {}
        self.teacher_ids_gone: set[str] = set()
        self.teacher_ids_new: dict[str, str] = {}
        self.label, self.low, self.high = "", 40, 100  # the step being applied (progress)
        self._load_feed()

    def _index(self) -> None:
        self.live: dict[str, dict[str, Record]] = {
            name: {
                r.sid: r
                for r in self.p.rows(name)
                if not r.deleted and (r.file, r.row) not in self.skipped
            }
            for name in spec.COLUMNS_1_2
            # looked up by nobody (demographics have their own index): never indexed
            if name not in ("enrollments.csv", "demographics.csv")
        }
        self.demographics = {
            r.sid: r for r in self.p.rows("demographics.csv") if (r.file, r.row) not in self.skipped
        }

    def rows(self, name: str) -> list[Any]:
        if not self.skipped:
            return list(self.p.rows(name))
        return [r for r in self.p.rows(name) if (r.file, r.row) not in self.skipped]

    def add(self, r: Record, column: str, reason: str, *, skippable: bool = False) -> None:
        self.p.add(r.file, r.row, column, reason, skippable=skippable)

    def unknown(self, r: Record, column: str, sid: str) -> None:
        reason = _("No record has the sourcedId “%(sid)s”, in this package or in ropdesk.")
        self.add(r, column, reason % {"sid": sid})

    def _owner_problem(self, r: Record, kind: str, obj: Any, column: str = "sourcedId") -> bool:
        """True when the package may not change the object. People and classes of another
        feed are refused (a problem); a person nobody owns is claimed by the feed that matches
        them. Shared records (orgs, sessions, courses) change only by the feed that created
        them: a feed refers to the program's own and to other feeds' without changing them."""
        owner = self.owner_of(kind, obj.pk)
        mine = self.feed.pk if self.feed is not None else None
        if owner is not None and owner.pk == mine:
            return False
        if kind in STRICT:
            if owner is None:
                return False
            reason = _(
                "This record belongs to the district feed “%(feed)s”; a feed changes only the "
                "records it owns."
            )
            self.add(r, column, reason % {"feed": owner.name})
            return True
        if owner is None and self.feed is None:
            return False
        self.frozen.add((kind, r.sid))
        return True

    # --- what ropdesk holds, read once ---------------------------------------------------------

    def _load_feed(self) -> None:
        """The feed's sourcedIds (FeedRecord), read once, kept as they change and written in
        bulk (interop.sourced.feed_remember, for a whole package)."""
        self.feed_rows: dict[tuple[str, str], tuple[int, bool]] = {}  # -> (object id, owner)
        self.feed_objects: dict[tuple[str, int], str] = {}  # (kind, object id) -> sid
        self.feed_gone: set[tuple[str, str]] = set()
        self.feed_new: dict[tuple[str, str], bool] = {}  # -> owner (the object: feed_rows)
        self.owners: dict[tuple[str, int], int | None] = {}  # (kind, object id) -> feed id
        self.feeds: dict[int, Feed] = {}
        if self.feed is None:
            return
        self.feeds[self.feed.pk] = self.feed
        rows = FeedRecord.objects.filter(feed=self.feed).values_list(
            "kind", "sourced_id", "object_id", "owner"
        )
        for kind, sid, object_id, owner in rows.iterator(chunk_size=BATCH):
            self.feed_rows[(kind, sid)] = (object_id, owner)
            self.feed_objects[(kind, object_id)] = sid
            if owner:
                self.owners[(kind, object_id)] = self.feed.pk

    def _feed_id(self, kind: str, sid: str) -> int | None:
        """The object a feed's sourcedId names, if the feed has seen it before."""
        if self.feed is None or not sid:
            return None
        row = self.feed_rows.get((kind, sid))
        return row[0] if row else None

    def _owners_of(self, kind: str, object_ids: Iterable[int]) -> None:
        wanted = {pk for pk in object_ids if (kind, pk) not in self.owners}
        for chunk in _chunks(wanted):
            for pk in chunk:
                self.owners[(kind, pk)] = None
            found = FeedRecord.objects.filter(kind=kind, object_id__in=chunk, owner=True)
            for pk, feed_id in found.values_list("object_id", "feed_id"):
                self.owners[(kind, pk)] = feed_id

    def owner_of(self, kind: str, object_id: int) -> Feed | None:
        """The feed that owns an object (created it or claimed it first), or None."""
        if (kind, object_id) not in self.owners:
            self._owners_of(kind, [object_id])
        feed_id = self.owners[(kind, object_id)]
        if feed_id is None:
            return None
        if feed_id not in self.feeds:
            self.feeds[feed_id] = Feed.objects.get(pk=feed_id)
        return self.feeds[feed_id]

    def _feed_remember(self, kind: str, sid: str, obj: Any, *, claim: bool = True) -> None:
        """sourced.feed_remember, kept in memory and written by _feed_flush."""
        if self.feed is None:
            return
        row = self.feed_rows.get((kind, sid))
        if row is not None and row[0] == obj.pk:
            return
        other = self.feed_objects.get((kind, obj.pk))
        if other is not None:
            self._feed_forget(kind, other)
        if row is not None:
            self._feed_forget(kind, sid)
        owner = claim and self.owner_of(kind, obj.pk) is None
        key = (kind, sid)  # one key object for both maps (a county's package names 60,000)
        self.feed_rows[key] = (obj.pk, owner)
        self.feed_objects[(kind, obj.pk)] = sid
        if owner:
            self.owners[(kind, obj.pk)] = self.feed.pk
        self.feed_new[key] = owner  # the row is made when written (_feed_flush)

    def _feed_forget(self, kind: str, sid: str) -> None:
        object_id, owner = self.feed_rows.pop((kind, sid))
        self.feed_objects.pop((kind, object_id), None)
        if owner:
            self.owners[(kind, object_id)] = None
        if self.feed_new.pop((kind, sid), None) is None:
            self.feed_gone.add((kind, sid))

    def _feed_flush(self) -> None:
        gone: dict[str, list[str]] = defaultdict(list)
        for kind, sid in self.feed_gone:
            gone[kind].append(sid)
        for kind, sids in gone.items():
            for chunk in _chunks(sids):
                FeedRecord.objects.filter(feed=self.feed, kind=kind, sourced_id__in=chunk).delete()
        if self.feed_new:
            feed = self.feed.pk
            rows = self.feed_rows
            _insert(
                FeedRecord,
                FEED_COLUMNS,
                [
                    (feed, kind, sid, rows[(kind, sid)][0], owner)
                    for (kind, sid), owner in self.feed_new.items()
                ],
            )
        self.feed_gone, self.feed_new = set(), {}

    def _teacher_ids(self) -> dict[str, str]:
        """SourcedId of the program's own teachers (sid -> user pk), read once."""
        if self.teacher_ids is None:
            self.teacher_ids = dict(
                SourcedId.objects.filter(kind=SourcedId.Kind.TEACHER).values_list(
                    "sourced_id", "object_key"
                )
            )
            self.teacher_keys = {key: sid for sid, key in self.teacher_ids.items()}
        return self.teacher_ids

    def _teacher_remember(self, sid: str, user: User) -> None:
        """sourced.remember of a teacher, kept in memory and written by _teacher_flush."""
        ids, key = self._teacher_ids(), str(user.pk)
        if ids.get(sid) == key:
            return
        for gone in {self.teacher_keys.get(key), sid if sid in ids else None} - {None}:
            assert gone is not None
            self.teacher_keys.pop(ids.pop(gone), None)
            if self.teacher_ids_new.pop(gone, None) is None:
                self.teacher_ids_gone.add(gone)
        ids[sid], self.teacher_keys[key] = key, sid
        self.teacher_ids_new[sid] = key

    def _teacher_flush(self) -> None:
        for chunk in _chunks(self.teacher_ids_gone):
            SourcedId.objects.filter(kind=SourcedId.Kind.TEACHER, sourced_id__in=chunk).delete()
        SourcedId.objects.bulk_create(
            (
                SourcedId(kind=SourcedId.Kind.TEACHER, sourced_id=sid, object_key=key)
                for sid, key in self.teacher_ids_new.items()
            ),
            batch_size=BATCH,
        )
        self.teacher_ids_gone, self.teacher_ids_new = set(), {}

    def _one(self, model: Any, obj: Any) -> Any:
        """The one instance of a row: every lookup of it returns the same object."""
        if obj is None:
            return None
        return self.objects.setdefault((model, obj.pk), obj)

    def _get(self, model: Any, pk: Any) -> Any:
        if (model, pk) not in self.objects:
            self.objects[(model, pk)] = _read(model).filter(pk=pk).first()
        return self.objects[(model, pk)]

    def _by(self, model: Any, name: str, value: Any) -> Any:
        """The row whose `name` is `value` (a unique field), or None; read once."""
        key = (model, name, value)
        if key not in self.codes:
            self.codes[key] = self._one(model, _read(model).filter(**{name: value}).first())
        return self.codes[key]

    def _preload(self, model: Any, name: str, values: Iterable[Any]) -> None:
        """Read many rows by a unique field at once (those missing are remembered as such)."""
        wanted = {v for v in values if v and (model, name, v) not in self.codes}
        for chunk in _chunks(wanted):
            for value in chunk:
                self.codes[(model, name, value)] = None
            for obj in _read(model).filter(**{f"{name}__in": chunk}):
                self.codes[(model, name, getattr(obj, name))] = self._one(model, obj)

    def _preload_pks(self, model: Any, pks: Iterable[Any]) -> None:
        wanted = {pk for pk in pks if pk is not None and (model, pk) not in self.objects}
        for chunk in _chunks(wanted):
            for pk in chunk:
                self.objects[(model, pk)] = None
            for obj in _read(model).filter(pk__in=chunk):
                self.objects[(model, obj.pk)] = obj

    def _preload_roles(self, users: Iterable[User]) -> None:
        wanted = {u.pk for u in users if u is not None and u.pk not in self.roles}
        for chunk in _chunks(wanted):
            for pk in chunk:
                self.roles[pk] = set()
            found = RoleAssignment.objects.filter(user_id__in=chunk)
            for pk, role, org, site in found.values_list(
                "user_id", "role", "organization_id", "site_id"
            ):
                self.roles[pk].add((role, org, site))

    def _roles_of(self, user: User) -> set[str]:
        if user.pk not in self.roles:
            self._preload_roles([user])
        return {role for role, _org, _site in self.roles[user.pk]}

    def _holds_staff_role(self, user: User) -> bool:
        """holds_staff_role, from the roles read once."""
        if user.is_staff or user.is_superuser:
            return True
        return bool(self._roles_of(user) - {Role.INSTRUCTOR})

    def _preload_package(self) -> None:
        """Read, a chunk of ids at a time, every student, account and section the package's
        rows may name, so that checking and applying look them up in memory."""
        users = self.live["users.csv"]
        people = set(users) | set(self.demographics)
        classes = set(self.live["classes.csv"])
        for r in self.p.rows("enrollments.csv"):
            people.add(r.get("userSourcedId"))
            classes.add(r.get("classSourcedId"))
        people.discard("")
        classes.discard("")
        for kind, model, sids in (
            ("student", Student, people),
            ("teacher", User, people),
            ("class", Section, classes),
        ):
            self._preload_pks(model, (self._feed_id(kind, sid) for sid in sids))
        self._preload(Student, "local_id", people)
        self._preload(Section, "code", classes)
        teachers = [r for r in users.values() if "teacher" in r.roles]
        self._preload(User, "username", (r.get("username")[:150] for r in teachers))
        if self.feed is None:
            ids = self._teacher_ids()
            self._preload_pks(User, (int(ids[sid]) for sid in people if sid in ids))
        accounts = [o for (model, _pk), o in self.objects.items() if model is User and o]
        self._preload_roles(accounts)
        for kind, model in (("student", Student), ("teacher", User), ("class", Section)):
            self._owners_of(kind, (pk for (m, pk), o in self.objects.items() if m is model and o))

    # --- finding what the package's records are in ropdesk --------------------------------------

    def _by_feed(self, kind: str, model: Any, sid: str) -> Any:
        object_id = self._feed_id(kind, sid)
        return self._get(model, object_id) if object_id else None

    def org(self, sid: str) -> Organization | None:
        sid = self.aliases.get(sid, sid)
        if ("org", sid) in self.found:
            return self.found[("org", sid)]
        return self._by_feed("org", Organization, sid) or (
            self._by(Organization, "code", sid) if sid else None
        )

    def _match_org(self, r: Record) -> Organization | None:
        """An org of the file: by the feed's sourcedId, by code, then by CDS code (identifier),
        then by name and kind — so a package whose orgs use GUIDs finds "ABC Unified"."""
        found = (
            self._by_feed("org", Organization, r.sid)
            or Organization.objects.filter(code=r.sid).first()
        )
        if found is None and r.get("identifier"):
            found = Organization.objects.filter(code=r.get("identifier")).first()
            self.matched.add(("org", r.sid)) if found else None
        if found is None and r.parsed.get("kind") in ("district", "school", "county"):
            found = Organization.objects.filter(
                kind=r.parsed["kind"], name__iexact=r.get("name")
            ).first()
            self.matched.add(("org", r.sid)) if found else None
        return found

    def org_kind(self, sid: str) -> str | None:
        sid = self.aliases.get(sid, sid)
        found = self.live["orgs.csv"].get(sid)
        if found is not None:
            return found.parsed.get("kind")
        org = self.org(sid)
        return org.kind if org is not None else None

    def session(self, sid: str) -> str | None:
        """'year' or 'term' for a known session sourcedId, else None."""
        found = self.live["academicSessions.csv"].get(sid)
        if found is not None:
            return "year" if found.get("type") == "schoolYear" else "term"
        obj = self.session_obj(sid)
        return None if obj is None else ("year" if isinstance(obj, SchoolYear) else "term")

    def session_obj(self, sid: str) -> SchoolYear | Term | None:
        for kind, model in (("year", SchoolYear), ("term", Term)):
            if (kind, sid) in self.found and self.found[(kind, sid)] is not None:
                return self.found[(kind, sid)]
            obj = self._by_feed(kind, model, sid)
            if obj is not None:
                return obj
        return sourced.find_session(sid)

    def course(self, sid: str) -> Course | None:
        if self.found.get(("course", sid)) is not None:
            return self.found[("course", sid)]
        return self._by_feed("course", Course, sid) or self._by(Course, "code", sid)

    def section(self, sid: str) -> Section | None:
        if self.found.get(("class", sid)) is not None:
            return self.found[("class", sid)]
        return self._by_feed("class", Section, sid) or self._by(Section, "code", sid)

    def student(self, sid: str) -> Student | None:
        if self.found.get(("student", sid)) is not None:
            return self.found[("student", sid)]
        # ropdesk's own id is matched too; _check_student refuses it when another feed owns
        # the student or the SSIDs disagree.
        return self._by_feed("student", Student, sid) or self._by(Student, "local_id", sid)

    def teacher(self, sid: str) -> User | None:
        if self.found.get(("teacher", sid)) is not None:
            return self.found[("teacher", sid)]
        found = self._by_feed("teacher", User, sid)
        if found is None and self.feed is None:
            mapped = self._teacher_ids().get(sid)
            if mapped is not None:
                found = self._get(User, int(mapped))
        return found

    # --- checking references -------------------------------------------------------------------

    def check(self) -> list[Problem]:
        self._preload_package()
        self._check_orgs()
        self._check_sessions()
        self._check_courses()
        self._check_classes()
        self._check_users()
        self._check_enrollments()
        self._check_demographics()
        if self.import_valid_rows:
            self._skip_skippable()
        return self.p.problems

    def _skip_skippable(self) -> None:
        """ "Import what is valid": the problems of optional rows become skipped rows (listed),
        with the rows that depend on them (a skipped student's enrollments and demographics)."""
        if any(not problem.skippable for problem in self.p.problems):
            return
        for problem in self.p.problems:
            self.skipped.add((problem.file, problem.row))
            self.p.warn(
                problem.file,
                problem.row,
                problem.column,
                _("Skipped: %(reason)s") % {"reason": problem.reason},
            )
        self.p.problems.clear()
        gone = {r.sid for r in self.p.rows("users.csv") if (r.file, r.row) in self.skipped}
        for name, column in (
            ("enrollments.csv", "userSourcedId"),
            ("demographics.csv", "sourcedId"),
        ):
            for r in self.p.rows(name):
                if r.get(column) in gone and (r.file, r.row) not in self.skipped:
                    self.skipped.add((r.file, r.row))
                    self.p.warn(r.file, r.row, column, _("Skipped with the user it names."))
        self._index()

    def _check_orgs(self) -> None:
        for r in self.live["orgs.csv"].values():
            if r.parsed["kind"] == "department":
                parent = r.get("parentSourcedId")
                if parent:
                    self.aliases[r.sid] = parent
                else:
                    r.parsed["kind"] = "school"
        for r in self.live["orgs.csv"].values():
            if r.sid in self.aliases:
                continue
            parent = r.get("parentSourcedId")
            if parent and self.org_kind(parent) is None:
                self.unknown(r, "parentSourcedId", parent)
            found = self._match_org(r)
            if found is not None:
                if found.kind != r.parsed["kind"] and r.parsed["kind"]:
                    reason = _("This organization is a %(kind)s in ropdesk.") % {"kind": found.kind}
                    self.add(r, "type", reason)
                self._owner_problem(r, "org", found)
            self.found[("org", r.sid)] = found

    def _check_sessions(self) -> None:
        for r in self.live["academicSessions.csv"].values():
            year = r.parsed["year"]
            kind = "year" if r.get("type") == "schoolYear" else "term"
            found = self._by_feed(kind, SchoolYear if kind == "year" else Term, r.sid)
            found = found or sourced.find_session(r.sid)
            if found is not None and kind == ("year" if isinstance(found, SchoolYear) else "term"):
                self._owner_problem(r, kind, found)
                self.found[(kind, r.sid)] = found
            if kind == "year":
                if (
                    year
                    and r.parsed["start"]
                    and not (
                        date(year - 1, 7, 1)
                        <= r.parsed["start"]
                        <= r.parsed["end"]
                        <= date(year, 6, 30)
                    )
                ):
                    reason = _(
                        "A school year's dates must fall between July 1 and June 30 of %(y)s."
                    )
                    self.add(r, "startDate", reason % {"y": f"{year - 1}-{year}"})
            elif self._year_of_term(r) is None:
                parent = r.get("parentSourcedId")
                if parent:
                    self.unknown(r, "parentSourcedId", parent)

    def _year_of_term(self, r: Record) -> tuple[str, str] | None:
        """The school year of a term: its parent; without one (a parent is optional), the school
        year of its schoolYear column — in the package, in ropdesk, or one made for it."""
        parent = r.get("parentSourcedId")
        if parent:
            if self.session(parent) == "year":
                self.term_years[r.sid] = ("sid", parent)
                return self.term_years[r.sid]
            if self.session(parent) == "term":  # a grading period inside a semester
                return (
                    self._year_of_term(self.live["academicSessions.csv"][parent])
                    if (parent in self.live["academicSessions.csv"])
                    else None
                )
            return None
        y = r.parsed["year"]
        if y is None:
            return None
        for other in self.live["academicSessions.csv"].values():
            if other.get("type") == "schoolYear" and other.parsed["year"] == y:
                self.term_years[r.sid] = ("sid", other.sid)
                return self.term_years[r.sid]
        self.term_years[r.sid] = ("name", f"{y - 1}-{y}")
        return self.term_years[r.sid]

    def _check_courses(self) -> None:
        pathways = set(Pathway.objects.values_list("code", flat=True)) or _reference_pathways()
        codes = set(StateCourseCode.objects.values_list("code", flat=True))
        for r in self.live["courses.csv"].values():
            org = r.get("orgSourcedId")
            if org and self.org_kind(org) is None:
                self.unknown(r, "orgSourcedId", org)
            pathway = r.get("metadata.ropdesk.pathway")
            if pathway and pathway not in pathways:
                self.add(r, "metadata.ropdesk.pathway", _("No CALPADS pathway has this code."))
            state = r.get("metadata.ropdesk.stateCourseCode")
            if state and codes and state not in codes:
                self.add(
                    r,
                    "metadata.ropdesk.stateCourseCode",
                    _("No state course code is %(c)s.") % {"c": state},
                )
            found = self.course(r.sid)
            if found is None and r.get("courseCode"):
                found = self._by(Course, "code", r.get("courseCode"))
                self.matched.add(("course", r.sid)) if found else None
            if found is not None:
                self._owner_problem(r, "course", found)
            elif len(r.get("courseCode") or r.sid) > 20:
                reason = _("A new course needs a courseCode of at most 20 characters.")
                self.add(r, "courseCode", reason)
            self.found[("course", r.sid)] = found

    def course_modes(self, sid: str) -> list[str] | None:
        found = self.live["courses.csv"].get(sid)
        course = self.course(sid)
        if found is not None and (found.parsed["modes"] or course is None):
            return found.parsed["modes"] or ["classroom"]
        return None if course is None else course.allowed_modes()

    def _check_classes(self) -> None:
        for r in self.live["classes.csv"].values():
            modes = self.course_modes(r.get("courseSourcedId"))
            if r.get("courseSourcedId") and modes is None:
                self.unknown(r, "courseSourcedId", r.get("courseSourcedId"))
            elif r.parsed["mode"] and modes is not None and r.parsed["mode"] not in modes:
                self.add(
                    r,
                    "metadata.ropdesk.mode",
                    _("The course is not approved for this instruction mode."),
                )
            school = r.get("schoolSourcedId")
            if school and self.org_kind(school) is None:
                self.unknown(r, "schoolSourcedId", school)
            for term in r.parsed["terms"]:
                if self.session(term) is None:  # a school year is a year-long class's term
                    self.unknown(r, "termSourcedIds", term)
            found = self.section(r.sid)
            if found is not None:
                self._owner_problem(r, "class", found)
            self.found[("class", r.sid)] = found

    def user_roles(self, sid: str) -> list[str] | None:
        """The roles of a user of the package (a 1.2 user may hold several) or of ropdesk;
        None for an unknown sourcedId."""
        found = self.live["users.csv"].get(sid)
        if found is not None:
            return found.roles
        if self.student(sid) is not None:
            return ["student"]
        return ["teacher"] if self.teacher(sid) is not None else None

    def _check_users(self) -> None:
        ssids = {r.parsed["ssid"] for r in self.live["users.csv"].values() if r.parsed["ssid"]}
        self._preload(Student, "statewide_id", ssids)
        by_ssid = {ssid: s for ssid in ssids if (s := self._by(Student, "statewide_id", ssid))}
        self._owners_of("student", (s.pk for s in by_ssid.values()))
        for r in self.live["users.csv"].values():
            for org in r.parsed["orgs"]:
                if self.org_kind(org) is None:
                    self.unknown(r, "orgSourcedIds", org)
            roles = r.roles
            if "student" in roles:
                self._check_student(r, by_ssid)
            if "teacher" in roles:
                self._check_teacher(r)
            if set(roles) & set(spec.GUARDIAN_ROLES):
                for agent in r.parsed["agents"]:
                    if "student" not in (self.user_roles(agent) or []):
                        self.unknown(r, "agentSourcedIds", agent)
        for ssid in ssids:  # looked up by SSID only here
            self.codes.pop((Student, "statewide_id", ssid), None)

    def _check_student(self, r: Record, by_ssid: dict[str, Student]) -> None:
        kinds = [self.org_kind(o) for o in r.parsed["orgs"]]
        if "district" not in kinds and "school" not in kinds:
            self.add(r, "orgSourcedIds", _("A student needs a school or district."))
        elif "district" not in kinds and not any(
            (self._district_of_school(o)) for o in r.parsed["orgs"] if self.org_kind(o) == "school"
        ):
            reason = _(
                "A student needs a district of residence: give the district in orgSourcedIds "
                "or as the school's parentSourcedId."
            )
            self.add(r, "orgSourcedIds", reason)
        found = self.student(r.sid)
        ssid = r.parsed["ssid"]
        if (
            found is not None
            and self.feed is not None
            and self._feed_id("student", r.sid) is None
            and self.owner_of("student", found.pk) is None
            and ssid
            and (found.statewide_id not in (None, "", ssid))
        ):
            found = None  # the same code, another person: not a match
        by_key = by_ssid.get(ssid) if ssid else None
        if found is not None and by_key is not None and by_key.pk != found.pk:
            reason = _("The SSID %(ssid)s is already the SSID of another student (%(id)s).") % {
                "ssid": ssid,
                "id": by_key.local_id,
            }
            self.add(r, "userIds", reason)
            return
        if found is None and by_key is not None:
            found = by_key
            self.matched.add(("student", r.sid))
        if found is not None:
            if self._owner_problem(r, "student", found, "userIds" if by_key else "sourcedId"):
                return
        elif self._by(Student, "local_id", r.sid) is not None:
            reason = _("Another student already has this id in ropdesk; give the SSID to match.")
            self.add(r, "sourcedId", reason)
        self.found[("student", r.sid)] = found
        # No demographics row (OneRoster makes it optional): the student is created with the
        # birth date and sex unknown, and listed on the needs-setup page; the age rules answer
        # "needs a birth date" meanwhile (enrollment.eligibility, worksite.compliance).

    def _district_of_school(self, sid: str) -> bool:
        row = self.live["orgs.csv"].get(self.aliases.get(sid, sid))
        if row is not None:
            return self.org_kind(row.get("parentSourcedId")) == "district"
        org = self.org(sid)
        return bool(org and org.parent and org.parent.kind == "district")

    def _check_teacher(self, r: Record) -> None:
        found = self.teacher(r.sid)
        username = r.get("username")[:150]
        if found is None:
            taken = self._by(User, "username", username)
            if (
                taken is not None
                and self.feed is None
                and not self._holds_staff_role(taken)
                and Role.INSTRUCTOR in self._roles_of(taken)
            ):
                found = taken  # the program's own package names its own instructor
                self.matched.add(("teacher", r.sid))
            elif taken is not None:
                reason = _(
                    "An account named “%(u)s” already exists and is not this record's: ropdesk "
                    "never matches a person by username. Give the teacher another username, or "
                    "link the account in ropdesk first."
                )
                self.add(r, "username", reason % {"u": username})
                return
        if found is not None:
            if self._holds_staff_role(found):
                reason = _(
                    "The account “%(u)s” holds a staff role; a roster file cannot change it."
                )
                self.add(r, "username", reason % {"u": found.username})
                return
            self._owner_problem(r, "teacher", found)
        self.found[("teacher", r.sid)] = found

    def _check_enrollments(self) -> None:
        for r in self.rows("enrollments.csv"):
            klass = r.get("classSourcedId")
            if klass and klass not in self.live["classes.csv"] and self.section(klass) is None:
                self.unknown(r, "classSourcedId", klass)
            school = r.get("schoolSourcedId")
            if school and self.org_kind(school) is None:
                self.unknown(r, "schoolSourcedId", school)
            user = r.get("userSourcedId")
            roles = self.user_roles(user) if user else []
            if user and roles is None:
                self.unknown(r, "userSourcedId", user)
            elif user and r.role in ("student", "teacher") and r.role not in (roles or []):
                reason = _("The user is not a %(role)s.") % {"role": r.role}
                self.add(r, "userSourcedId", reason, skippable=True)

    def _check_demographics(self) -> None:
        for r in self.rows("demographics.csv"):
            roles = self.user_roles(r.sid) if r.sid else ["student"]
            if roles is None:
                self.unknown(r, "sourcedId", r.sid)
            elif "student" not in roles:
                # Demographics of staff are valid OneRoster; ropdesk keeps them only for students.
                self.skipped.add((r.file, r.row))
                self.p.warn(r.file, r.row, "sourcedId", _("Not used: the user is not a student."))
        self._index()

    # --- applying --------------------------------------------------------------------------------

    def apply(self) -> Outcome:
        """Write everything, inside the caller's transaction."""
        steps = [
            (_("organizations"), self._apply_orgs),
            (_("school years and terms"), self._apply_sessions),
            (_("courses"), self._apply_courses),
            (_("people"), self._apply_users),
            (_("classes"), self._apply_classes),
            (_("enrollments"), self._apply_enrollments),
            (_("removals"), self._apply_deletions),
            (_("attendance"), self._apply_attendance),
            (_("job-site hours"), self._apply_job_site_hours),
        ]
        for number, (label, step) in enumerate(steps):
            self.low, self.high = (
                40 + 60 * number // len(steps),
                40 + 60 * (number + 1) // len(steps),
            )
            self.label = label
            self.progress(self.low, label)
            step()
            self._feed_flush()
            if step == self._apply_users:
                # The people are written: their rows are let go (a delta's removals are kept).
                self._forget("users.csv", "demographics.csv")
        self._teacher_flush()
        self.outcome.warnings = list(self.p.warnings)
        for warning in self.p.warnings:
            if warning.reason.startswith(_("Skipped")):
                self.outcome.bump(warning.file, "skipped")
        return self.outcome

    def _forget(self, *names: str) -> None:
        """Let go of the rows of files whose records are applied, but for the removals (applied
        last): a county's users and demographics are 120,000 rows."""
        for name in names:
            self._forget_rows(name)
            self.live[name] = {}
        if "demographics.csv" in names:
            self.demographics = {}

    def _forget_rows(self, name: str) -> None:
        if name in self.p.records:
            self.p.records[name] = [r for r in self.p.records[name] if r.deleted]

    def _record(self, kind: str, sid: str, obj: Any, *, claim: bool = True) -> None:
        self.found[(kind, sid)] = obj
        self._feed_remember(kind, sid, obj, claim=claim)

    def _action(self, kind: str, sid: str, action: str) -> str:
        return "matched" if (kind, sid) in self.matched and action != "created" else action

    def _apply_orgs(self) -> None:
        order = {"county": 0, "district": 1, "school": 2}
        rows = [r for r in self.live["orgs.csv"].values() if r.sid not in self.aliases]
        for r in sorted(rows, key=lambda r: order[r.parsed["kind"]]):
            org = self.found.get(("org", r.sid))
            if ("org", r.sid) in self.frozen:
                self.outcome.bump("orgs.csv", "matched")
                self._record("org", r.sid, org, claim=False)
                continue
            if org is None:
                # A feed's orgs take their CDS code (identifier) as ropdesk's code; the program's
                # own package keeps its sourcedIds (they are ropdesk's codes).
                code = r.get("identifier") if self.feed is not None else r.sid
                if not code or Organization.objects.filter(code=code).exists():
                    code = r.sid
                org = Organization(code=code[:40])
            values = {
                "kind": r.parsed["kind"],
                "name": r.get("name")[:200],
                "parent": self.org(r.get("parentSourcedId")) if r.get("parentSourcedId") else None,
            }
            action = _save(org, values)
            self._record("org", r.sid, org)
            self.outcome.bump("orgs.csv", self._action("org", r.sid, action))
        for _department in self.aliases:
            self.outcome.bump("orgs.csv", "matched")  # read as its school

    def _apply_sessions(self) -> None:
        rows = self.live["academicSessions.csv"].values()
        for r in [r for r in rows if r.get("type") == "schoolYear"]:
            self._apply_year(r)
        terms = [r for r in rows if r.get("type") != "schoolYear"]
        for name in {key for kind, key in self.term_years.values() if kind == "name"}:
            self._implied_year(
                name, [r for r in terms if self.term_years.get(r.sid) == ("name", name)]
            )
        for r in sorted(
            terms,
            key=lambda r: (
                r.get("parentSourcedId") in self.live["academicSessions.csv"]
                and self.session(r.get("parentSourcedId")) == "term"
            ),
        ):
            kind, key = self.term_years[r.sid]
            year = self.session_obj(key) if kind == "sid" else SchoolYear.objects.get(name=key)
            assert isinstance(year, SchoolYear)
            found = self.found.get(("term", r.sid))
            same_name = Term.objects.filter(school_year=year, name=r.get("title")[:60]).first()
            if found is None and same_name is not None and self.feed is not None:
                if self.owner_of("term", same_name.pk) != self.feed:
                    self.frozen.add(("term", r.sid))
                found = same_name
            if ("term", r.sid) in self.frozen:
                self.outcome.bump("academicSessions.csv", "matched")
                self._record("term", r.sid, found, claim=False)
                continue
            term = found or same_name or Term()
            values = {
                "school_year": year,
                "name": r.get("title")[:60],
                "start_date": r.parsed["start"],
                "end_date": r.parsed["end"],
            }
            self.outcome.bump("academicSessions.csv", _save(term, values))
            self._record("term", r.sid, term)
            if self.feed is None:
                sourced.remember(SourcedId.Kind.SESSION, r.sid, term)

    def _implied_year(self, name: str, terms: list[Record]) -> None:
        """A school year for terms that name none (parentSourcedId is optional): fiscal year
        July 1 – June 30, instruction from the first term's start to the last term's end."""
        year = SchoolYear.objects.filter(name=name).first()
        if year is not None:
            return
        y = int(name[5:])
        year = SchoolYear.objects.create(
            name=name,
            start_date=date(y - 1, 7, 1),
            end_date=date(y, 6, 30),
            first_instruction_day=min(r.parsed["start"] for r in terms),
            last_instruction_day=max(r.parsed["end"] for r in terms),
        )
        school_year_build_calendar(school_year=year)
        self.outcome.bump("academicSessions.csv", "created")

    def _apply_year(self, r: Record) -> None:
        y = r.parsed["year"]
        name = f"{y - 1}-{y}"
        found = self.found.get(("year", r.sid))
        same_name = SchoolYear.objects.filter(name=name).first()
        if found is None and same_name is not None and self.feed is not None:
            if self.owner_of("year", same_name.pk) != self.feed:
                self.frozen.add(("year", r.sid))
            found = same_name
        if ("year", r.sid) in self.frozen:
            self.outcome.bump("academicSessions.csv", "matched")
            self._record("year", r.sid, found, claim=False)
            return
        year = found if isinstance(found, SchoolYear) else None
        year = year or same_name or SchoolYear()
        values = {
            "name": name,
            "start_date": date(y - 1, 7, 1),
            "end_date": date(y, 6, 30),
            "first_instruction_day": r.parsed["start"],
            "last_instruction_day": r.parsed["end"],
        }
        action = _save(year, values)
        if r.get("metadata.ropdesk.holidays") or action == "created":
            wanted = dict(r.parsed["holidays"])
            have = dict(year.holidays.values_list("date", "name"))
            if wanted != have:
                year.holidays.all().delete()
                Holiday.objects.bulk_create(
                    Holiday(school_year=year, date=d, name=n[:120], kind=kind_for_name(n))
                    for d, n in wanted.items()
                )
                action = "updated" if action == "unchanged" else action
        if action != "unchanged" or not year.school_months.exists():
            school_year_build_calendar(school_year=year)
        self.outcome.bump("academicSessions.csv", action)
        self._record("year", r.sid, year)
        if self.feed is None:
            sourced.remember(SourcedId.Kind.SESSION, r.sid, year)

    def _apply_courses(self) -> None:
        if self.live["courses.csv"] and not Pathway.objects.exists():
            catalog_load_reference()  # the state catalog is reference data every course needs
        for r in self.live["courses.csv"].values():
            if ("course", r.sid) in self.frozen:
                self.outcome.bump("courses.csv", "matched")
                self._record("course", r.sid, self.found[("course", r.sid)], claim=False)
                continue
            course = self.found.get(("course", r.sid)) or Course(
                code=(r.get("courseCode") if self.feed else "") or r.sid
            )
            if course.pk is None and Course.objects.filter(code=course.code).exists():
                course.code = r.sid[:20]
            values: dict[str, Any] = {"title": r.get("title")[:200], "active": True}
            if r.get("metadata.ropdesk.pathway"):
                values["pathway"] = Pathway.objects.get(code=r.get("metadata.ropdesk.pathway"))
            if r.parsed["hours"]:
                values["hours"] = r.parsed["hours"]
            if r.get("metadata.ropdesk.modes") or course.pk is None:
                modes = r.parsed["modes"] or ["classroom"]
                values["allows_classroom"] = "classroom" in modes
                values["allows_community_classroom"] = "community_classroom" in modes
                values["allows_cve"] = "cve" in modes
            if "metadata.ropdesk.stateCourseCode" in r.values:
                code = r.get("metadata.ropdesk.stateCourseCode")
                values["state_course_code"] = (
                    StateCourseCode.objects.filter(code=code).first() if code else None
                )
            pathway = values.get("pathway", course.pathway if course.pk else None)
            hours = values.get("hours", course.hours if course.pk else None)
            # A course without pathway or hours is kept "needs setup" (interop.setup).
            values["needs_setup"] = pathway is None or hours is None
            action = _save(course, values)
            self._record("course", r.sid, course)
            self.outcome.bump("courses.csv", self._action("course", r.sid, action))

    # --- people ----------------------------------------------------------------------------------

    def _apply_users(self) -> None:
        """People in bulk: accounts and students compared in memory, the new ones created
        and the changed ones updated a batch at a time, then their sourcedIds recorded."""
        rows = list(self.live["users.csv"].values())
        rate = Rate(self.progress, self.label, self.low, self.high, len(rows))
        # A user's demographics row is applied with the user (and let go then, _apply_student);
        # the rows of students the file does not give are applied after them.
        others = [
            r
            for r in self.rows("demographics.csv")
            if r.sid not in self.live["users.csv"] and not r.deleted
        ]
        self._forget_rows("demographics.csv")
        accounts, students = Writes(User), Writes(Student)
        teachers: list[tuple[Record, User, str]] = []
        people: list[tuple[Record, Student, str, tuple[Any, ...] | None]] = []
        for number, r in enumerate(rows):
            if "teacher" in r.roles:
                teachers.append(self._apply_teacher(r, accounts))
            if "student" in r.roles:
                people.append(self._apply_student(r, students))
                for written in students.flush_new():
                    _compact(written)
            if r.roles and r.roles[0] in spec.STAFF_ROLES_SKIPPED:
                self.outcome.bump("users.csv", "kept")
            rate(number)
        for r in others:
            student = self.student(r.sid)
            assert student is not None
            self.outcome.bump("demographics.csv", students.save(student, _demographic_values(r)))
        del others
        accounts.flush()
        if students.flush():
            versions.changed("attendance", "worksite")  # a bulk write sends no ORM signal
        self._owners_of("student", (student.pk for _r, student, _a, _s in people))
        self._owners_of("teacher", (user.pk for _r, user, _a in teachers))
        self._grant_instructors(teachers)
        for r, student, action, status_before in people:
            self._record("student", r.sid, student)
            self.outcome.bump("users.csv", self._action("student", r.sid, action))
            if status_before is not None and status_before != _funding_status(student):
                # A new grade or program changes the category of attendance from today on, not
                # of the hours already earned (EC 52302.8).
                student_categories_follow(
                    actor=self.actor, student=student, effective_on=timezone.localdate()
                )
            _compact(student)
        rate(len(rows), force=True)
        self._apply_guardians(rows)

    def _apply_teacher(self, r: Record, accounts: Writes) -> tuple[Record, User, str]:
        user = self.found.get(("teacher", r.sid))
        created = user is None
        if user is None:
            user = User(username=r.get("username")[:150])
            user.set_unusable_password()
            self.found[("teacher", r.sid)] = user
        values = {
            "first_name": r.get("givenName")[:150],
            "last_name": r.get("familyName")[:150],
            "is_active": r.parsed.get("enabled", True),
        }
        # The e-mail is where a password reset goes: a file sets it on the accounts it creates
        # or owns, never on an account it found by username.
        if created or ("teacher", r.sid) not in self.matched:
            values["email"] = r.get("email")
        return r, user, accounts.save(user, values)

    def _grant_instructors(self, teachers: list[tuple[Record, User, str]]) -> None:
        """The instructor role of each teacher (created when missing, audited), and the
        teachers' sourcedIds."""
        grants: dict[int, User] = {}
        for _r, user, _action in teachers:
            if user.pk not in self.roles:
                self.roles[user.pk] = set()  # a new account: no role yet
            if (Role.INSTRUCTOR, None, None) not in self.roles[user.pk]:
                grants[user.pk] = user
        RoleAssignment.objects.bulk_create(
            (
                RoleAssignment(user=user, role=Role.INSTRUCTOR, organization=None, site=None)
                for user in grants.values()
            ),
            batch_size=BATCH,
        )
        for user in grants.values():
            self.roles[user.pk].add((Role.INSTRUCTOR, None, None))
        _audit_bulk(
            self.actor,
            [("role.grant", user, {"role": Role.INSTRUCTOR}) for user in grants.values()],
        )
        for r, user, action in teachers:
            action = "updated" if user.pk in grants and action == "unchanged" else action
            self.outcome.bump("users.csv", self._action("teacher", r.sid, action))
            self._record("teacher", r.sid, user)
            if self.feed is None:
                self._teacher_remember(r.sid, user)

    def _student_orgs(self, r: Record) -> tuple[Organization, Organization | None]:
        orgs = [self.org(sid) for sid in r.parsed["orgs"]]
        school = next((o for o in orgs if o and o.kind == "school"), None)
        district = next((o for o in orgs if o and o.kind == "district"), None)
        return district or school.parent, school  # type: ignore[union-attr,return-value]

    def _apply_student(
        self, r: Record, students: Writes
    ) -> tuple[Record, Student, str, tuple[Any, ...] | None]:
        student = self.found.get(("student", r.sid)) or Student(local_id=r.sid)
        self.found[("student", r.sid)] = student
        status_before = _funding_status(student) if student.pk else None
        district, school = self._student_orgs(r)
        values: dict[str, Any] = {
            "legal_first_name": r.get("givenName")[:80],
            "legal_last_name": r.get("familyName")[:80],
            "legal_middle_name": r.get("middleName")[:80],
            "email": r.get("email"),
            "phone": (r.get("phone") or r.get("sms"))[:40],
            "grade_level": r.parsed["grade"],
            "district_of_residence": district,
            "school_of_attendance": school,
        }
        if r.parsed["ssid"] or student.pk is None:
            values["statewide_id"] = r.parsed["ssid"] or None
        if "metadata.ropdesk.preferredName" in r.values:
            values["preferred_name"] = r.get("metadata.ropdesk.preferredName")[:80]
        elif r.get("preferredGivenName"):
            values["preferred_name"] = r.get("preferredGivenName")[:80]
        if "metadata.ropdesk.programs" in r.values:
            for program, name in spec.PROGRAMS.items():
                values[name] = program in r.parsed["programs"]
        demo = self.demographics.pop(r.sid, None)
        if demo is not None and not demo.deleted:
            values.update(_demographic_values(demo))
            self.outcome.bump("demographics.csv", "unchanged")
        return r, student, students.save(student, values), status_before

    def _apply_guardians(self, rows: list[Record]) -> None:
        """Guardianships of the students named. No account is created or linked: a guardian's
        login is linked in ropdesk (a file's username would link whoever holds it)."""
        links: dict[str, set[str]] = defaultdict(set)  # guardian sid -> student sids
        for r in rows:
            if "student" in r.roles:
                for agent in r.parsed["agents"]:
                    if agent in self.live["users.csv"] and _guardian_role(
                        self.live["users.csv"][agent]
                    ):
                        links[agent].add(r.sid)
            if _guardian_role(r):
                links[r.sid] |= set(r.parsed["agents"])
        if not links:
            return
        named = {s.pk: s for sids in links.values() for sid in sids if (s := self.student(sid))}
        have: dict[tuple[int, str], Guardianship] = {}
        for chunk in _chunks(named):
            for g in Guardianship.objects.filter(student_id__in=chunk):
                have.setdefault((g.student_id, g.name), g)
        writes = Writes(Guardianship)
        for sid, students in links.items():
            r = self.live["users.csv"][sid]
            relationship = r.get("metadata.ropdesk.relationship") or _guardian_role(r).title()
            name = f"{r.get('givenName')} {r.get('familyName')}"[:160]
            for student_sid in sorted(students):
                student = self.student(student_sid)
                if student is None:
                    continue
                found = have.get((student.pk, name))
                if found is None:
                    found = have[(student.pk, name)] = Guardianship(student=student, name=name)
                values = {
                    "relationship": relationship[:40],
                    "email": r.get("email"),
                    "phone": (r.get("phone") or r.get("sms"))[:40],
                }
                self.outcome.bump("users.csv", writes.save(found, values))
        writes.flush()

    # --- classes and enrollments -----------------------------------------------------------------

    def _teachers_of_classes(self) -> dict[str, str]:
        teachers: dict[str, tuple[bool, str]] = {}
        for r in self.rows("enrollments.csv"):
            if r.role == "teacher" and not r.deleted:
                primary = bool(r.primary)
                current = teachers.get(r.get("classSourcedId"))
                if current is None or (primary and not current[0]):
                    teachers[r.get("classSourcedId")] = (primary, r.get("userSourcedId"))
        return {klass: user for klass, (_p, user) in teachers.items()}

    def _site(self, r: Record) -> Site:
        org = self.org(r.get("schoolSourcedId"))
        assert org is not None
        code = r.get("metadata.ropdesk.siteCode") or f"{org.code}-CAMPUS"
        site = self._by(Site, "code", code)
        if site is not None:
            return site
        kind = r.get("metadata.ropdesk.siteKind") or (
            "school" if org.kind == "school" else "community"
        )
        owner = org
        if kind == "community":
            owner = Organization.objects.filter(kind="county").first() or org
        site = Site.objects.create(
            kind=kind,
            code=code[:40],
            name=(r.get("metadata.ropdesk.siteName") or r.get("location") or org.name)[:200],
            organization=owner,
            district=org.district,
        )
        self.codes[(Site, "code", code)] = site
        return site

    def _apply_classes(self) -> None:
        teachers = self._teachers_of_classes()
        year_terms: dict[int, Term] = {}
        waiting: list[tuple[Record, Section]] = []  # new sections needing setup, written in bulk
        rows = list(self.live["classes.csv"].values())
        rate = Rate(self.progress, self.label, self.low, self.high, len(rows))
        for number, r in enumerate(rows):
            rate(number)
            section = self.found.get(("class", r.sid))
            term = self.session_obj(r.parsed["terms"][0])
            if isinstance(term, SchoolYear):
                if term.pk not in year_terms:
                    year_terms[term.pk] = _year_term(term)
                term = year_terms[term.pk]
            course = self.course(r.get("courseSourcedId"))
            assert course is not None
            values: dict[str, Any] = {"course": course, "term": term, "site": self._site(r)}
            if r.sid in teachers:
                values["instructor"] = self.teacher(teachers[r.sid])
            elif section is None:
                values["instructor"] = None
            for name, column in (
                ("mode", "mode"),
                ("days", "days"),
                ("start_time", "start"),
                ("end_time", "end"),
                ("capacity", "capacity"),
            ):
                if r.parsed[column]:
                    values[name] = r.parsed[column]
            if section is None:
                new = self._create_section(r, course, values)
                if new is not None:
                    waiting.append((r, new))
                continue
            values["needs_setup"] = course.needs_setup or bool(
                Section(**{**_pattern(section), **values}).setup_missing()
            )
            action = _save(section, values)
            if action == "updated" and not section.needs_setup:
                section_generate_meetings(section=section)
            self._record("class", r.sid, section)
            self.outcome.bump("classes.csv", action)
        if waiting:
            Section.objects.bulk_create([section for _r, section in waiting], batch_size=BATCH)
            versions.changed("attendance", "worksite")  # a bulk write sends no ORM signal
            _audit_bulk(
                self.actor,
                [("section.create", section, {"code": section.code}) for _r, section in waiting],
            )
            self._owners_of("class", (section.pk for _r, section in waiting))
            for r, section in waiting:
                self._record("class", r.sid, section)
                self.outcome.bump("classes.csv", "created")
        rate(len(rows), force=True)

    def _create_section(self, r: Record, course: Course, values: dict[str, Any]) -> Section | None:
        """A new section: created through section_create (meetings generated) when its mode and
        pattern are known; else kept "needs setup", without meetings, for the office (returned
        unsaved, for the caller to write in bulk)."""
        modes = course.allowed_modes()
        if "mode" not in values and len(modes) == 1:
            values["mode"] = modes[0]  # the course allows one mode: it is the section's
        values.setdefault("capacity", 30)
        code = r.sid if len(r.sid) <= 40 else r.get("classCode")[:40]
        pattern = ("mode", "days", "start_time", "end_time")
        if all(values.get(name) for name in pattern):
            section = section_create(actor=self.actor, code=code, **values)
            if course.needs_setup:
                section.needs_setup = True
                section.save(update_fields=["needs_setup"])
            self._record("class", r.sid, section)
            self.outcome.bump("classes.csv", "created")
            return None
        values.setdefault("mode", "")
        return Section(code=code, needs_setup=True, **values)

    def _apply_enrollments(self) -> None:
        """Enrollments in bulk. The sections the rows name are locked and their seats counted
        once; each new roster row then takes a free seat or a place on the waitlist in file
        order, as enrollment_roster does one at a time (with the same events and audit
        records), and the new enrollments are written a batch at a time."""
        rows = [r for r in self.rows("enrollments.csv") if not r.deleted]
        # History first (completed, dropped), so that it is in place before seats are counted.
        rows.sort(key=lambda r: r.status in ("", Enrollment.Status.ENROLLED))
        rate = Rate(self.progress, self.label, self.low, self.high, len(rows))
        sections: dict[int, Section] = {}
        for r in rows:
            if r.role == "student":
                section = self.section(r.get("classSourcedId"))
                assert section is not None
                sections[section.pk] = section
        # (pk, status, enrolled_on, ended_on) of each enrollment, or a new one not yet written
        have: dict[tuple[int, int], tuple[Any, ...] | NewEnrollment] = {}
        self.have = have  # new ones become tuples once written (memory keeps no instances)
        same: dict[Any, Any] = {}  # one object per status and date read (a county's 200,000)
        seats: dict[int, int] = defaultdict(int)
        for chunk in _chunks(sorted(sections)):
            # Lock the sections, then count and insert (style.md rule 10; enrollment_roster).
            list(Section.objects.select_for_update().filter(pk__in=chunk).values_list("pk"))
            found = Enrollment.objects.filter(section_id__in=chunk).values_list(
                "pk", "student_id", "section_id", "status", "enrolled_on", "ended_on"
            )
            for pk, student_id, section_id, status, begin, end in found.iterator(BATCH):
                status = same.setdefault(status, status)
                begin, end = same.setdefault(begin, begin), same.setdefault(end, end)
                have[(student_id, section_id)] = (pk, status, begin, end)
                seats[section_id] += status in Enrollment.SEATED
        self.batch: list[tuple[NewEnrollment, bool]] = []  # (new enrollment, rostered)
        self.have_new = False
        self.historical: list[int] = []
        changed: dict[int, Enrollment] = {}
        now, today = timezone.now(), timezone.localdate()
        reason = reasons.ROSTERED.say().english()  # its code goes with the events (write)
        for number, r in enumerate(rows):
            rate(number)
            if r.role != "student":
                self.outcome.bump("enrollments.csv", "unchanged" if r.role == "teacher" else "kept")
                continue
            student = self.student(r.get("userSourcedId"))
            section = self.section(r.get("classSourcedId"))
            assert student is not None and section is not None
            key = (student.pk, section.pk)
            state = have.get(key)
            status = r.status
            if state is None and status in ("", Enrollment.Status.ENROLLED):
                enrollment = NewEnrollment(student.pk, section.pk, requested_at=now)
                enrollment.status_reason = reason
                apply_category(
                    enrollment, funding_category(student), grade_level=student.grade_level
                )
                if seats[section.pk] < section.capacity:
                    seats[section.pk] += 1
                    enrollment.status = Enrollment.Status.ENROLLED
                    enrollment.enrolled_on = r.begin or today
                    enrollment.ended_on = r.end
                else:
                    facts = eligibility.Applicant(
                        birth_date=student.birth_date, grade_level=student.grade_level
                    )
                    day = eligibility.start_day(section, today)
                    enrollment.priority = eligibility.priority(facts, day).priority
                    enrollment.status = Enrollment.Status.WAITLISTED
                    waitlisted = _("The section is full: the student is on its waitlist.")
                    self.p.warn(r.file, r.row, "classSourcedId", waitlisted)
                have[key] = enrollment
                self._enrollment_new(enrollment, rostered=True)
                self.outcome.bump("enrollments.csv", "created")
                continue
            values: dict[str, Any] = {"enrolled_on": r.begin, "ended_on": r.end}
            if status:
                values["status"] = status
            elif isinstance(state, tuple) and state[1] == Enrollment.Status.WAITLISTED:
                # On the waitlist: the roster's dates wait for a seat (the waitlist gives it).
                values = {}
            if state is None:
                enrollment = NewEnrollment(student.pk, section.pk, **values)
                have[key] = enrollment
                seats[section.pk] += enrollment.status in Enrollment.SEATED
                self._enrollment_new(enrollment, rostered=False)
                self.outcome.bump("enrollments.csv", "created")
                continue
            if isinstance(state, NewEnrollment):  # new in this package, given twice
                before = state.status
                differ = [n for n, v in values.items() if getattr(state, n) != v]
                for name in differ:
                    setattr(state, name, values[name])
                action = "updated" if differ else "unchanged"
                seats[section.pk] += (state.status in Enrollment.SEATED) - (
                    before in Enrollment.SEATED
                )
                self.outcome.bump("enrollments.csv", action)
                continue
            pk, before, begin, end = state
            after = (
                pk,
                values.get("status", before),
                values.get("enrolled_on", begin),
                values.get("ended_on", end),
            )
            if after == state:
                self.outcome.bump("enrollments.csv", "unchanged")
                continue
            have[key] = after
            seats[section.pk] += (after[1] in Enrollment.SEATED) - (before in Enrollment.SEATED)
            changed[pk] = Enrollment(
                pk=pk, status=after[1], enrolled_on=after[2], ended_on=after[3], updated_at=now
            )
            self.outcome.bump("enrollments.csv", "updated")
        self._enrollments_write()
        if changed:
            # auto_now moves as save() moves it: API clients sync by it (modified_since).
            fields = ["status", "enrolled_on", "ended_on", "updated_at"]
            Enrollment.objects.bulk_update(list(changed.values()), fields, batch_size=BATCH // 4)
        if changed or self.have_new:
            versions.changed("attendance", "worksite")  # a bulk write sends no ORM signal
        for chunk in _chunks(self.historical):
            enrollments_derive_funding(Enrollment.objects.filter(pk__in=chunk))
        rate(len(rows), force=True)

    def _enrollment_new(self, enrollment: NewEnrollment, *, rostered: bool) -> None:
        self.batch.append((enrollment, rostered))
        self.have_new = True
        if len(self.batch) >= BATCH:
            self._enrollments_write()

    def _enrollments_write(self) -> None:
        """Write a batch of new enrollments, with the events and audit records a rostered one
        gets from enrollment_roster (admitted, then enrolled or waitlisted): straight into
        their tables (_insert), the new ids read back by (student, section)."""
        if not self.batch:
            return
        ops = connection.ops
        now = ops.adapt_datetimefield_value(timezone.now())
        day = ops.adapt_datefield_value
        programs: dict[tuple[str, ...], str] = {}

        def json_of(value: list[str]) -> str:
            key = tuple(value)
            if key not in programs:
                programs[key] = json.dumps(value)
            return programs[key]

        _insert(
            Enrollment,
            ENROLLMENT_COLUMNS,
            [
                (
                    e.student_id,
                    e.section_id,
                    e.status,
                    day(e.enrolled_on),
                    day(e.ended_on),
                    e.priority,
                    now if e.requested_at is not None else None,
                    e.status_reason,
                    e.grade_9_12,
                    e.concurrent,
                    e.special_population,
                    json_of(e.special_programs),
                    e.grade_level,
                    now,
                    now,
                )
                for e, _rostered in self.batch
            ],
        )
        ids: dict[tuple[int, int], int] = {}
        keys = {(e.student_id, e.section_id) for e, _rostered in self.batch}
        students = sorted({student for student, _section in keys})
        for chunk in _chunks(sorted({section for _student, section in keys})):
            found = Enrollment.objects.filter(
                section_id__in=chunk, student_id__in=students
            ).values_list("pk", "student_id", "section_id")
            for pk, student_id, section_id in found.iterator(BATCH):
                if (student_id, section_id) in keys:
                    ids[(student_id, section_id)] = pk
        by = self.actor.pk if self.actor is not None else None
        admitted = Enrollment.Status.ADMITTED
        events: list[tuple[Any, ...]] = []
        audits: list[tuple[Any, ...]] = []
        details: dict[tuple[str, str], str] = {}
        rostered_words = reasons.ROSTERED.say().english()
        for e, rostered in self.batch:
            pk = ids[(e.student_id, e.section_id)]
            self.have[(e.student_id, e.section_id)] = (pk, e.status, e.enrolled_on, e.ended_on)
            if not rostered:
                self.historical.append(pk)
                continue
            code = reasons.ROSTERED.code if e.status_reason == rostered_words else ""
            events.append((pk, "", admitted, now, by, e.status_reason, code, "{}"))
            events.append((pk, admitted, e.status, now, by, e.status_reason, code, "{}"))
            said = (e.status, e.status_reason)
            if said not in details:
                details[said] = json.dumps({"before": admitted, "reason": e.status_reason})
            audits.append(
                (now, by, f"enrollment_{e.status}", ENROLLMENT_TYPE, str(pk), details[said])
            )
        _insert(EnrollmentEvent, EVENT_COLUMNS, events)
        _insert(AuditEvent, AUDIT_COLUMNS, audits)
        self.batch = []

    # --- delta removals ---------------------------------------------------------------------------

    def _end(self, enrollment: Enrollment, file: str, day: date | None) -> None:
        """Remove an enrollment, or end it when attendance or a completion hangs on it; a freed
        seat goes to the waitlist (enrollment services)."""
        result = enrollment_roster_end(
            enrollment=enrollment,
            actor=self.actor,
            reason=_("Removed by a OneRoster delta import."),
            delete=True,
        )
        if result == "ended" and day is not None:
            Enrollment.objects.filter(pk=enrollment.pk).update(ended_on=day)
        self.outcome.bump(file, result)

    def _apply_deletions(self) -> None:
        gone = {name: [r for r in self.rows(name) if r.deleted] for name in spec.COLUMNS}
        for r in gone["enrollments.csv"]:
            section = self.section(r.get("classSourcedId"))
            if r.role == "teacher":
                teacher = self.teacher(r.get("userSourcedId"))
                if section and teacher and section.instructor_id == teacher.pk:
                    section.instructor = None
                    section.save(update_fields=["instructor", "updated_at"])
                self.outcome.bump("enrollments.csv", "deleted")
                continue
            student = self.student(r.get("userSourcedId"))
            enrollment = Enrollment.objects.filter(section=section, student=student).first()
            if enrollment is not None:
                self._end(enrollment, "enrollments.csv", r.end)
        for r in gone["classes.csv"]:
            section = self.section(r.sid)
            if section is not None and self._may_remove(r, "class", section):
                for enrollment in section.enrollments.all():
                    self._end(enrollment, "enrollments.csv", None)
                self.outcome.bump("classes.csv", "deleted" if _try_delete(section) else "kept")
        for r in gone["users.csv"]:
            self._remove_user(r)
        for r in gone["courses.csv"]:
            course = self.course(r.sid)
            if course is None or not self._may_remove(r, "course", course):
                continue
            if not _try_delete(course):
                course.active = False
                course.save(update_fields=["active"])
                self.outcome.bump("courses.csv", "kept")
            else:
                self.outcome.bump("courses.csv", "deleted")
        for r in gone["academicSessions.csv"]:
            session = self.session_obj(r.sid)
            kind = "year" if isinstance(session, SchoolYear) else "term"
            if session is not None and self._may_remove(r, kind, session):
                self.outcome.bump(
                    "academicSessions.csv", "deleted" if _try_delete(session) else "kept"
                )
        for r in gone["orgs.csv"]:
            org = self.org(r.sid)
            if org is not None and self._may_remove(r, "org", org):
                self.outcome.bump("orgs.csv", "deleted" if _try_delete(org) else "kept")

    def _may_remove(self, r: Record, kind: str, obj: Any) -> bool:
        """A feed removes only what it owns; the program's own package removes what no feed
        owns. Anything else is kept and the row listed."""
        owner = self.owner_of(kind, obj.pk)
        mine = self.feed.pk if self.feed is not None else None
        if (owner.pk if owner else None) == mine:
            return True
        reason = _("Not removed: the record belongs to another district feed.")
        self.p.warn(r.file, r.row, "status", reason)
        self.outcome.bump(r.file, "kept")
        return False

    def _remove_user(self, r: Record) -> None:
        for role in r.roles:
            self._remove_user_role(r, role)

    def _remove_user_role(self, r: Record, role: str) -> None:
        if role == "student":
            student = self.student(r.sid)
            if student is None or not self._may_remove(r, "student", student):
                return
            for enrollment in student.enrollments.all():
                self._end(enrollment, "enrollments.csv", None)
            self.outcome.bump("users.csv", "deleted" if _try_delete(student) else "kept")
        elif role == "teacher":
            teacher = self.teacher(r.sid)
            if teacher is None or not self._may_remove(r, "teacher", teacher):
                return
            if self._holds_staff_role(teacher):
                reason = _("Not removed: the account holds a staff role.")
                self.p.warn(r.file, r.row, "status", reason)
                self.outcome.bump("users.csv", "kept")
                return
            RoleAssignment.objects.filter(user=teacher, role=Role.INSTRUCTOR).delete()
            teacher.is_active = False
            teacher.save(update_fields=["is_active"])
            self.outcome.bump("users.csv", "ended")
        elif role in spec.GUARDIAN_ROLES:
            name = f"{r.get('givenName')} {r.get('familyName')}"
            students = [s for s in (self.student(sid) for sid in r.parsed["agents"]) if s]
            removed, _rows = Guardianship.objects.filter(student__in=students, name=name).delete()
            self.outcome.bump("users.csv", "deleted", removed)

    # --- attendance (ropdesk's extension file) ----------------------------------------------------

    def _apply_attendance(self) -> None:
        """Restore attendance.csv through the attendance import's parser and writer. The
        records were checked by ropdesk's rules when they were taken, so only their student,
        section and meeting are looked up here (not the roster dates: an export may hold a
        record of the day a course was completed)."""
        if self.p.attendance is None:
            return
        from ropdesk.attendance import imports

        rows, errors = imports.parse(imports.decode(self.p.attendance))
        enrollments = {
            (e.student.local_id, e.section.code): e
            for e in Enrollment.objects.select_related("student", "section").filter(
                section__code__in={r.section_id for r in rows}
            )
        }
        meetings = {
            (m.section.code, m.date): m
            for m in Meeting.objects.select_related("section").filter(
                section__code__in={r.section_id for r in rows}
            )
        }
        for row in rows:
            row.enrollment = enrollments.get((row.student_id, row.section_id))
            row.meeting = meetings.get((row.section_id, row.day))
            if row.enrollment is None:
                errors.append(
                    imports.RowError(
                        row.number, "student_id", _("The student is not in this section.")
                    )
                )
            elif row.meeting is None:
                errors.append(
                    imports.RowError(
                        row.number, "date", _("The section does not meet on this date.")
                    )
                )
        result = imports.Outcome(errors=errors)
        if not errors:
            imports.apply(rows, actor=self.actor, outcome=result)
        for e in result.errors:
            self.p.add(spec.ATTENDANCE_FILE, e.row, e.column, e.reason)
        self.outcome.bump(spec.ATTENDANCE_FILE, "created", result.created)
        self.outcome.bump(spec.ATTENDANCE_FILE, "updated", result.updated)
        self.outcome.bump(spec.ATTENDANCE_FILE, "unchanged", result.unchanged)

    def _apply_job_site_hours(self) -> None:
        """Restore jobSiteHours.csv: each day's hours with their approval and the agreement
        date, then let the attendance rules credit them (attendance.services.ojt_recount)."""
        if self.p.job_site_hours is None:
            return
        import csv
        import io
        from datetime import datetime

        from ropdesk.attendance.models import OnTheJobHours
        from ropdesk.attendance.rules import week_start
        from ropdesk.attendance.services import (
            ojt_outside_enrollment_message,
            ojt_recount,
            ojt_within_enrollment,
        )

        file = spec.JOB_SITE_HOURS_FILE
        text = self.p.job_site_hours.decode("utf-8-sig")
        weeks: dict[tuple[int, str], set[date]] = defaultdict(set)
        enrollments = {
            (e.student.local_id, e.section.code): e
            for e in Enrollment.objects.select_related("student", "section__term")
        }
        for number, row in enumerate(csv.DictReader(io.StringIO(text)), start=2):
            enrollment = enrollments.get((row["student_id"], row["section_id"]))
            try:
                day = date.fromisoformat(row["date"])
                minutes = int(row["minutes"])
                approved = (
                    datetime.fromisoformat(row["approved_at"]) if row["approved_at"] else None
                )
                signed = (
                    date.fromisoformat(row["agreement_signed_on"])
                    if row["agreement_signed_on"]
                    else None
                )
            except (ValueError, KeyError):
                self.p.add(file, number, "", _("A value of this row is not valid."))
                continue
            if enrollment is None or row["kind"] not in OnTheJobHours.Kind.values:
                self.p.add(file, number, "student_id", _("The student is not in this section."))
                continue
            if not ojt_within_enrollment(enrollment, day):  # EC 46300
                self.p.add(file, number, "date", ojt_outside_enrollment_message(enrollment, day))
                continue
            entry = OnTheJobHours.objects.filter(
                enrollment=enrollment, kind=row["kind"], date=day
            ).first()
            values = {
                "minutes": minutes,
                "supervisor_approved_at": approved,
                "agreement_signed_on": signed,
            }
            action = _save(
                entry or OnTheJobHours(enrollment=enrollment, kind=row["kind"], date=day), values
            )
            self.outcome.bump(file, action)
            if action != "unchanged":
                weeks[(enrollment.pk, row["kind"])].add(week_start(day))
        for (enrollment_id, kind), mondays in weeks.items():
            ojt_recount(
                enrollment=Enrollment.objects.get(pk=enrollment_id), kind=kind, weeks=mondays
            )


YEAR_TERM = "Year"


def _year_term(year: SchoolYear) -> Term:
    """The term of a year-long class, whose termSourcedIds name the school year itself: a
    Section meets in one Term (scheduling.models), so the class gets the school year's "Year"
    term, from its first to its last day of instruction (kept in step with the year)."""
    span = {"start_date": year.first_instruction_day, "end_date": year.last_instruction_day}
    term, created = Term.objects.get_or_create(school_year=year, name=YEAR_TERM, defaults=span)
    if not created:
        _save(term, span)
    return term


def _guardian_role(r: Record) -> str:
    """The user's guardian role (guardian, parent, relative), or ''."""
    return next((role for role in r.roles if role in spec.GUARDIAN_ROLES), "")


def _pattern(section: Section) -> dict[str, Any]:
    return {name: getattr(section, name) for name in ("mode", "days", "start_time", "end_time")}


def _funding_status(student: Student) -> tuple[Any, ...]:
    """What a student's funding category is derived from (enrollment.categories)."""
    return (student.grade_level, *(getattr(student, p) for p in SPECIAL_PROGRAMS))


def _demographic_values(r: Record) -> dict[str, Any]:
    values: dict[str, Any] = {
        "races": r.parsed["races"],
        "hispanic_latino": bool(r.parsed["hispanic"]),
    }
    if r.parsed["birth"]:
        values["birth_date"] = r.parsed["birth"]
    if r.parsed["sex"]:
        values["sex"] = r.parsed["sex"]
    return values


def _reference_pathways() -> set[str]:
    import csv

    with (CA_CTE_DIR / "pathways.csv").open(encoding="utf-8-sig") as source:
        return {row["pathway_code"] for row in csv.DictReader(source)}


class Rejected(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems, key=_problem_order)
        shown = "; ".join(f"{p.file}:{p.row}:{p.column}: {p.reason}" for p in self.problems[:5])
        count = len(problems)
        super().__init__(f"{count} problem{'' if count == 1 else 's'}: {shown}")


def _problem_order(p: Problem) -> tuple[int, str, int, str]:
    files = [*spec.COLUMNS_1_2, spec.ATTENDANCE_FILE]
    position = files.index(p.file) if p.file in files else -1
    return (position, p.file, p.row, p.column)


def oneroster_import(
    *,
    files: dict[str, bytes],
    actor: Actor | None,
    audit_obj: models.Model,
    progress: Progress | None = None,
    feed: Any = None,
    dry_run: bool = False,
    import_valid_rows: bool = False,
) -> Outcome:
    """Check a whole package, then apply it in one transaction; Rejected lists every problem.

    `feed`: the district feed the package came from (it may change only what it owns).
    `dry_run`: apply and roll back — the outcome says what would be created, updated, matched
    and skipped, and nothing is written. `import_valid_rows`: problems of optional rows skip
    those rows (listed in outcome.warnings) instead of rejecting the package."""
    progress = progress or (lambda percent, step: None)
    progress(5, _("reading files"))
    package = read_package(files)
    del files  # the files' text is read: let it go (the package keeps what it still needs)
    importer = Importer(
        package, actor=actor, progress=progress, feed=feed, import_valid_rows=import_valid_rows
    )
    if not package.problems:
        progress(20, _("checking references"))
        importer.check()
    if package.problems:
        raise Rejected(package.problems)
    with transaction.atomic():
        outcome = importer.apply()
        outcome.dry_run = dry_run
        if package.problems or dry_run:
            # the attendance file found something only the saved roster shows, or a dry run
            transaction.set_rollback(True)
        else:
            audit_record(
                actor=actor,
                action="oneroster.import",
                obj=audit_obj,
                counts=outcome.counts,
                feed=feed.code if feed is not None else "",
                skipped=len(outcome.warnings),
            )
    if package.problems:
        raise Rejected(package.problems)
    return outcome


def oneroster_check(*, files: dict[str, bytes], feed: Any = None) -> list[Problem]:
    """Every problem of a package, without writing anything (the template validator)."""
    package = read_package(files)
    if not package.problems:
        Importer(package, actor=None, feed=feed).check()
    return sorted(package.problems, key=_problem_order)
