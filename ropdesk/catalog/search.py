"""Catalog search: full-text over what a course is and what it leads to, ranked, on the
database's own engine — PostgreSQL's text search (a weighted tsvector with a GIN index,
SearchQuery and SearchRank) or SQLite's FTS5 (bm25) — behind one function, `ranked_ids`.

What is searched, per course (CourseSearchDocument): its title, English and Spanish (weighted
most), its code, pathway and sector (English and Spanish) and state course code, the
occupations it leads to — O*NET titles and the job titles workers report, in English and
Spanish, contributed by the apps above the catalog through `ropdesk/<app>/search_terms.py`
(`course_terms(courses) -> {course id: [words]}`, found like the other conventions of
core/contributions.py) — then its description and competencies, English and Spanish. Both
engines stem English words with the Porter stemmer ("nurse", "nurses" and "nursing" meet;
"cars" finds "car"); accents are removed on both sides, so "enfermería" finds "enfermeria".
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField
from django.db import connection, transaction
from django.db.models import F
from django.db.models.expressions import RawSQL

from ropdesk.catalog.models import Course, CourseSearchDocument
from ropdesk.core import versions
from ropdesk.core.contributions import app_modules

WORD = re.compile(r"[a-z0-9]+")
# bm25 weights of the FTS5 columns (title, topics, occupations, body): a word in the title
# outweighs many mentions among the occupations (which repeat words: "pharmacy technician",
# "pharmacy aide", ...), as PostgreSQL's A, B, C weights do.
SQLITE_WEIGHTS = (50.0, 10.0, 2.0, 1.0)


def plain(text: str) -> str:
    """Lowercase, without accents: what both sides of a search are compared as."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


def words(text: str) -> list[str]:
    return WORD.findall(plain(text))


def _documents(courses: list[Course]) -> list[CourseSearchDocument]:
    extra: dict[int, list[str]] = {}
    for module in app_modules("search_terms"):
        for pk, terms in module.course_terms(courses).items():
            extra.setdefault(pk, []).extend(terms)
    documents = []
    for course in courses:
        pathway = course.pathway
        topics = [course.code]
        if pathway is not None:
            topics += [pathway.name, pathway.name_es, pathway.sector.name, pathway.sector.name_es]
        if course.state_course_code is not None:
            topics.append(course.state_course_code.name)
        body = [course.description, course.description_es]
        body += [
            text for c in course.competencies.all() for text in (c.description, c.description_es)
        ]
        documents.append(
            CourseSearchDocument(
                course=course,
                title=plain(" · ".join(t for t in (course.title, course.title_es) if t)),
                topics=plain(" · ".join(topics)),
                occupations=plain(" · ".join(dict.fromkeys(extra.get(course.pk, [])))),
                body=plain(" ".join(body)),
            )
        )
    return documents


def search_index_refresh(*, course_ids: Iterable[int] | None = None) -> int:
    """Bring the search documents of the courses given (or of every course) up to date;
    returns how many changed. Writes nothing when nothing changed. Called after a course or
    the career mapping changes, and nightly."""
    courses = Course.objects.select_related(
        "pathway__sector", "state_course_code"
    ).prefetch_related("competencies")
    existing = CourseSearchDocument.objects.all()
    if course_ids is not None:
        wanted_ids = list(course_ids)
        courses = courses.filter(pk__in=wanted_ids)
        existing = existing.filter(course_id__in=wanted_ids)
    wanted = {d.course_id: d for d in _documents(list(courses))}
    have = {d.course_id: d for d in existing}
    fields = ("title", "topics", "occupations", "body")
    changed = [
        d
        for pk, d in wanted.items()
        if pk not in have or any(getattr(d, f) != getattr(have[pk], f) for f in fields)
    ]
    gone = [pk for pk in have if pk not in wanted]
    if not changed and not gone:
        return 0
    stale = [d.course_id for d in changed if d.course_id in have] + gone
    with transaction.atomic():
        CourseSearchDocument.objects.filter(course_id__in=stale).delete()
        CourseSearchDocument.objects.bulk_create(changed, batch_size=500)
        if connection.vendor == "sqlite":
            _sqlite_sync(changed, stale)
        versions.changed("catalog")  # bulk writes: no signal moves the cached results
    return len(changed) + len(gone)


def search_index_scheduled(*, today: object = None) -> str:
    """The nightly rebuild (core/schedule.py): catches edits made outside the services."""
    return f"{search_index_refresh()} courses indexed"


def _sqlite_sync(documents: list[CourseSearchDocument], stale: list[int]) -> None:
    # The FTS5 table is not a model: a flush or a truncating test leaves its rows behind, so
    # every row about to be written is cleared first, not only the ones known to be stale.
    cleared = sorted({*stale, *(d.course_id for d in documents)})
    with connection.cursor() as cursor:
        cursor.executemany(
            "DELETE FROM catalog_course_fts WHERE rowid = %s", [(pk,) for pk in cleared]
        )
        cursor.executemany(
            "INSERT INTO catalog_course_fts (rowid, title, topics, occupations, body) "
            "VALUES (%s, %s, %s, %s, %s)",
            [(d.course_id, d.title, d.topics, d.occupations, d.body) for d in documents],
        )


def _index_missing() -> None:
    """Courses created since the last rebuild (an import, the admin) get their document now,
    so that a new course is found at once (one query when none is missing)."""
    missing = list(Course.objects.filter(search_document__isnull=True).values_list("pk", flat=True))
    if missing:
        search_index_refresh(course_ids=missing)


def ranked_ids(text: str) -> list[int]:
    """Ids of the courses whose search document holds every word of `text` (stemmed, without
    accents), best match first. Empty when `text` has no word."""
    found = words(text)
    if not found:
        return []
    _index_missing()
    if connection.vendor == "postgresql":
        return _postgresql(" ".join(found))
    return _sqlite(found)


def _postgresql(text: str) -> list[int]:
    query = SearchQuery(text, config="english", search_type="plain")
    vector = RawSQL("catalog_coursesearchdocument.vector", [], output_field=SearchVectorField())
    return list(
        CourseSearchDocument.objects.annotate(vector=vector)
        .filter(vector=query)
        .annotate(rank=SearchRank(F("vector"), query))
        .order_by("-rank", "title")
        .values_list("course_id", flat=True)
    )


def _sqlite(found: list[str]) -> list[int]:
    # Each word quoted: FTS5's query syntax (AND, NEAR, *, column:) never reaches the user.
    match = " ".join(f'"{word}"' for word in found)
    weights = ", ".join(str(w) for w in SQLITE_WEIGHTS)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT rowid FROM catalog_course_fts WHERE catalog_course_fts MATCH %s "  # noqa: S608 -- constants only
            f"ORDER BY bm25(catalog_course_fts, {weights}), title",
            [match],
        )
        return [row[0] for row in cursor.fetchall()]
