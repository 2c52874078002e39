"""Versions of what a cached computation read, so that a cache is never stale: a topic
("attendance") has a version in the shared cache that changes with every write to its
tables, and `cached(key, topic, build)` keeps `build()`'s result together with the version
it was built at, rebuilding when the version has moved.

The version changes twice per write: at once (with the database cache, inside the writing
transaction, so that a rolled-back write leaves it as it was) and again once the transaction
commits (so that a result built meanwhile from the uncommitted state, with another cache
backend, is not kept). Writes that go around the ORM's signals (bulk_create, COPY, raw SQL)
call `changed(topic, ...)` themselves. Topics: "attendance" (the ADA report and its months,
funding/apps.py), "worksite" (the start pages' compliance summary, worksite/apps.py) and
"catalog" (the public catalog's results, catalog/apps.py).

A topic may have parts, so that a write touching one part only leaves the results of the
other parts standing: an attendance record saved moves "attendance" (the ADA report reads
every record) and "attendance:<instructor id>" (that instructor's month charts), and any
other write moves "attendance" and "attendance:*", which every part's results read too.
`cached(key, topic, build, part=...)` keeps a result at the versions of "<topic>:*" and
"<topic>:<part>"; `part_changed(topic, part)` is the narrow write. Topics with parts:
PARTED.
"""

from __future__ import annotations

import functools
import uuid
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache
from django.db import transaction

T = TypeVar("T")
NEVER = None  # the version key itself never expires


# Topics whose results may be kept per part (see the module's docstring).
PARTED = frozenset({"attendance"})


def _key(topic: str) -> str:
    return f"ropdesk:version:{topic}"


def _every_part(topic: str) -> str:
    return f"{topic}:*"


def _part(topic: str, part: object) -> str:
    return f"{topic}:{part}"


def changed(*topics: str) -> None:
    """The tables of each topic changed, in any of its parts (see `_changed`)."""
    _changed(
        [
            name
            for topic in topics
            for name in ((topic, _every_part(topic)) if topic in PARTED else (topic,))
        ]
    )


def part_changed(topic: str, part: object) -> None:
    """Only the rows of one part of the topic changed (one instructor's attendance): the
    topic's results and that part's move; the other parts' results stand."""
    _changed([topic, _part(topic, part)])


def _changed(topics: list[str]) -> None:
    """The tables of each topic changed (or are changing, in the current transaction). An
    import saves thousands of rows in one transaction: the topic moves at its first write and
    once more at its commit, and again in between only when a result was kept at the version
    it moved to (a write after that read must not leave the read's result standing)."""
    waiting = _waiting_for_commit()
    built = _built_in_transaction()
    for topic in topics:
        if topic in waiting and topic not in built:
            continue
        _bump(topic)
        built.discard(topic)
        if topic in waiting:
            continue
        bump_at_commit = functools.partial(_bump, topic)
        bump_at_commit.ropdesk_topic = topic  # type: ignore[attr-defined]
        transaction.on_commit(bump_at_commit)


def _built_in_transaction() -> set[str]:
    """Topics at whose current version `cached` kept a result during this connection's
    transactions (kept on the connection; a topic too many only costs one bump more)."""
    connection = transaction.get_connection()
    built: set[str] | None = getattr(connection, "ropdesk_built", None)
    if built is None:
        built = set()
        connection.ropdesk_built = built
    return built


def _waiting_for_commit() -> set[str]:
    """The topics whose bump already waits for the current transaction to commit (Django
    drops the callbacks of a rolled-back savepoint, so they are registered again after it)."""
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        return set()
    return {
        topic
        for _savepoints, callback, _robust in connection.run_on_commit
        if (topic := getattr(callback, "ropdesk_topic", None)) is not None
    }


def _bump(topic: str) -> None:
    cache.set(_key(topic), uuid.uuid4().hex, NEVER)


def _version(topic: str, found: dict[str, object]) -> str:
    """The topic's version as read with the entry; a version missing from the cache (never
    set, or culled: the database cache drops keys when it is full, whatever their expiry) is
    replaced by a new one, so that no entry kept before it went missing is taken as current."""
    version = found.get(_key(topic))
    if isinstance(version, str):
        return version
    fresh = uuid.uuid4().hex
    if cache.add(_key(topic), fresh, NEVER):
        return fresh
    current = cache.get(_key(topic))
    return current if isinstance(current, str) else fresh


def cached(key: str, topic: str, build: Callable[[], T], *, seconds: int, part: object = None) -> T:
    """`build()`'s result, from the cache when it was built at the topic's current version
    (with a part: at the versions of the topic's every-part writes and of that part): one
    cache read for all (get_many), or the build and one write."""
    topics = [topic] if part is None else [_every_part(topic), _part(topic, part)]
    found = cache.get_many([*(_key(t) for t in topics), key])
    version = "|".join(_version(t, found) for t in topics)
    entry = found.get(key)
    if entry is not None and entry[0] == version:
        return entry[1]
    result = build()
    cache.set(key, (version, result), seconds)
    _built_in_transaction().update(topics)
    return result


def cached_only(key: str, topic: str) -> object | None:
    """What `cached(key, topic, ...)` would return without building it: the kept result when
    it was built at the topic's current version, else None (a page that hands a cold build to
    the worker asks this first: one cache read)."""
    found = cache.get_many([_key(topic), key])
    entry, version = found.get(key), found.get(_key(topic))
    if entry is not None and version is not None and entry[0] == version:
        return entry[1]
    return None
