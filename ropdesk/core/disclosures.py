"""The disclosure log, kept in one place: the access layer (34 CFR 99.32; EC 49064).

An employer supervisor is an outside party: every student record they are shown is a
disclosure that must be logged. Rather than asking each page to remember, the access
functions (core/access.py) hand an outside party a `DisclosingQuerySet`: when it is evaluated,
the students in its rows are noted. `DisclosureMiddleware` collects the notes of one request
and writes one row per student, naming the page; outside a request (a shell, a command) each
evaluation writes its rows at once. Counts and other aggregates disclose no record and are
not logged. A student the same user also reaches as a school official (their instructor,
say) is not logged: that user sees the record under 99.31(a)(1) anyway.
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from django.db.models.query import ModelIterable, QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_noop

from ropdesk.core.types import StaffActor

# 34 CFR 99.32(a)(3): the log names the parties and their legitimate interest.
LEGAL_BASIS = gettext_noop(
    "34 CFR 99.31(a)(1): supervisor of the student's training site under the work-based-"
    "learning placement (5 CCR 10087, 10107)"
)


@dataclass
class _Party:
    user: StaffActor
    legal_basis: str
    students: dict[int, set[str]] = field(default_factory=dict)


# One party per (user, legal basis): the log names the basis of each disclosure (99.32(a)(3)).
_collector: ContextVar[dict[tuple[int, str], _Party] | None] = ContextVar(
    "disclosures", default=None
)


def note(
    *, user: StaffActor, student_ids: set[int], records: str, legal_basis: str = LEGAL_BASIS
) -> None:
    """Record that `records` of these students were shown to `user` (an outside party),
    under `legal_basis` (by default the site supervisor's, which the access layer's own
    notes are)."""
    student_ids = {pk for pk in student_ids if pk is not None}
    if not student_ids:
        return
    basis = str(legal_basis)
    collected = _collector.get()
    if collected is None:
        _write(
            {(user.id, basis): _Party(user, basis, {pk: {records} for pk in student_ids})},
            page="",
        )
        return
    party = collected.setdefault((user.id, basis), _Party(user, basis))
    for pk in student_ids:
        party.students.setdefault(pk, set()).add(records)


class DisclosingQuerySet(QuerySet[Any]):
    """A queryset that notes the students of the rows it hands out."""

    _disclosure: tuple[StaffActor, str, str] | None = None  # user, path to the student, records

    def _clone(self) -> DisclosingQuerySet:
        clone = super()._clone()  # type: ignore[misc]  # private in Django, missing in the stubs
        clone._disclosure = self._disclosure
        return clone

    def _fetch_all(self) -> None:
        first = self._result_cache is None
        super()._fetch_all()
        if first and self._disclosure is not None and self._result_cache:
            user, path, records = self._disclosure
            note(user=user, student_ids=_student_ids(self, path), records=records)


def _student_ids(qs: DisclosingQuerySet, path: str) -> set[int]:
    rows = qs._result_cache or []
    if qs._iterable_class is ModelIterable:  # rows, even when annotated with per-row totals
        if path == "pk":
            return {row.pk for row in rows}
        if path == "student":
            return {row.student_id for row in rows}
        pks = [row.pk for row in rows]
        return set(qs.model._base_manager.filter(pk__in=pks).values_list(f"{path}__pk", flat=True))
    if qs.query.group_by is not None or qs.query.distinct_fields:
        return set()  # figures (counts per group), not records
    plain: QuerySet[Any] = QuerySet(
        model=qs.model,
        query=qs.query.chain(),
        using=qs._db,  # type: ignore[attr-defined]  # private in Django, missing in the stubs
    )
    return set(plain.values_list("pk" if path == "pk" else f"{path}__pk", flat=True))


def disclosing(
    queryset: QuerySet[Any], *, user: StaffActor, path: str, records: str
) -> QuerySet[Any]:
    """The same rows, noted as a disclosure when they are evaluated."""
    clone = DisclosingQuerySet(
        model=queryset.model,
        query=queryset.query.chain(),
        using=queryset._db,  # type: ignore[attr-defined]  # private in Django, missing in the stubs
    )
    # Private in Django, missing in the stubs:
    clone._prefetch_related_lookups = queryset._prefetch_related_lookups  # type: ignore[attr-defined]
    clone._disclosure = (user, path, records)
    return clone


def _write(collected: dict[tuple[int, str], _Party], *, page: str) -> None:
    from ropdesk.core import access
    from ropdesk.core.models import DisclosureLog, Student

    rows = []
    for party in collected.values():
        own = access.students_seen_as_school_official(party.user, set(party.students))
        students = Student.objects.filter(pk__in=set(party.students) - own).only(
            "pk", "local_id", "statewide_id", "legal_first_name", "legal_last_name"
        )
        description = f"{party.user} ({party.user.username})"[:200]
        rows += [
            DisclosureLog(
                student=student,
                student_local_id=student.local_id,
                student_statewide_id=student.statewide_id or "",
                student_name=f"{student.legal_first_name} {student.legal_last_name}"[:200],
                party=party.user,
                party_description=description,
                records="; ".join(sorted(party.students[student.pk]))[:200],
                page=page[:200],
                legal_basis=party.legal_basis[:200],
            )
            for student in students
        ]
    DisclosureLog.objects.bulk_create(rows)


class DisclosureMiddleware:
    """Collects one request's disclosures and logs them when the response is ready."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _collector.set({})
        try:
            response = self.get_response(request)
        finally:
            collected = _collector.get() or {}
            _collector.reset(token)
        if collected:
            _write(collected, page=request.get_full_path())
        return response


def disclosures_of(students: QuerySet[Any]) -> QuerySet[Any]:
    """The log rows of these students, newest first (what 99.32(c) lets them inspect)."""
    from ropdesk.core.models import DisclosureLog

    return DisclosureLog.objects.filter(student__in=students).select_related("student")
