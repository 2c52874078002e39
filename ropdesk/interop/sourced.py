"""Finding records by sourcedId, and the sourcedId of a record (for the export).

Organizations, courses, sections and students keep the sourcedId as their code; school years
and terms are found by the sourcedId they were imported with (interop.SourcedId) or by their
natural one ("2026-2027", "2026-2027-Fall"); teachers by the imported sourcedId or username.
"""

from __future__ import annotations

from typing import Any

from ropdesk.core.models import User
from ropdesk.interop.models import SourcedId
from ropdesk.scheduling.models import SchoolYear, Term


def year_sid(year: SchoolYear, mapped: dict[str, str]) -> str:
    return mapped.get(f"year:{year.pk}", year.name)


def term_sid(term: Term, mapped: dict[str, str]) -> str:
    return mapped.get(f"term:{term.pk}", f"{term.school_year.name}-{term.name}")


def session_map() -> dict[str, str]:
    """object key -> sourcedId of the sessions imported under a sourcedId of their own."""
    return dict(
        SourcedId.objects.filter(kind=SourcedId.Kind.SESSION).values_list(
            "object_key", "sourced_id"
        )
    )


def teacher_map() -> dict[str, str]:
    return dict(
        SourcedId.objects.filter(kind=SourcedId.Kind.TEACHER).values_list(
            "object_key", "sourced_id"
        )
    )


def find_session(sid: str) -> SchoolYear | Term | None:
    mapped = SourcedId.objects.filter(kind=SourcedId.Kind.SESSION, sourced_id=sid).first()
    if mapped is not None:
        kind, _sep, pk = mapped.object_key.partition(":")
        model: Any = SchoolYear if kind == "year" else Term
        found = model.objects.filter(pk=pk).first()
        if found is not None:
            return found
    year = SchoolYear.objects.filter(name=sid).first()
    if year is not None:
        return year
    for candidate in SchoolYear.objects.filter(name=sid[:9]):
        term = candidate.terms.filter(name=sid[10:]).first()
        if term is not None and sid[9:10] == "-":
            return term
    return None


def find_teacher(sid: str, username: str = "") -> User | None:
    mapped = SourcedId.objects.filter(kind=SourcedId.Kind.TEACHER, sourced_id=sid).first()
    if mapped is not None:
        found = User.objects.filter(pk=mapped.object_key).first()
        if found is not None:
            return found
    return User.objects.filter(username=username or sid).first()


def remember(kind: str, sid: str, obj: Any) -> None:
    """Keep the sourcedId of an imported session or teacher (idempotent)."""
    key = obj.pk if kind == SourcedId.Kind.TEACHER else f"{_session_kind(obj)}:{obj.pk}"
    SourcedId.objects.filter(kind=kind, object_key=str(key)).exclude(sourced_id=sid).delete()
    SourcedId.objects.filter(kind=kind, sourced_id=sid).exclude(object_key=str(key)).delete()
    SourcedId.objects.get_or_create(kind=kind, sourced_id=sid, object_key=str(key))


def _session_kind(obj: Any) -> str:
    return "year" if isinstance(obj, SchoolYear) else "term"


# --- district feeds: the records a feed owns ----------------------------------------------------


def feed_object_id(feed: Any, kind: str, sid: str) -> int | None:
    """The object a feed's sourcedId names, if the feed has seen it before."""
    from ropdesk.interop.models import FeedRecord

    if feed is None or not sid:
        return None
    return (
        FeedRecord.objects.filter(feed=feed, kind=kind, sourced_id=sid)
        .values_list("object_id", flat=True)
        .first()
    )


def owner_of(kind: str, object_id: int) -> Any:
    """The feed that owns an object (created it or claimed it first), or None."""
    from ropdesk.interop.models import FeedRecord

    record = (
        FeedRecord.objects.filter(kind=kind, object_id=object_id, owner=True)
        .select_related("feed")
        .first()
    )
    return record.feed if record is not None else None


def feed_remember(feed: Any, kind: str, sid: str, obj: Any, *, claim: bool = True) -> None:
    """Keep a feed's sourcedId of an object; the feed owns it (`claim`) unless another feed
    already does."""
    from ropdesk.interop.models import FeedRecord

    if feed is None:
        return
    FeedRecord.objects.filter(feed=feed, kind=kind, object_id=obj.pk).exclude(
        sourced_id=sid
    ).delete()
    FeedRecord.objects.filter(feed=feed, kind=kind, sourced_id=sid).exclude(
        object_id=obj.pk
    ).delete()
    owner = owner_of(kind, obj.pk)
    FeedRecord.objects.get_or_create(
        feed=feed,
        kind=kind,
        sourced_id=sid,
        defaults={"object_id": obj.pk, "owner": claim and owner is None},
    )
