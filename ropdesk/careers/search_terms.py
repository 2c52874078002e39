"""What catalog search finds a course by, from careers: the occupations it leads to (the
checked mapping, careers.mapping) — O*NET titles, the job titles workers report, and our
Spanish titles and words (catalog/search.py explains the convention)."""

from __future__ import annotations

from ropdesk.careers.mapping import course_leads
from ropdesk.careers.models import Occupation, ReportedTitle
from ropdesk.catalog.models import Course


def course_terms(courses: list[Course]) -> dict[int, list[str]]:
    """Course id → the words of the occupations it leads to (four queries for any number)."""
    leads = course_leads(courses)
    wanted = {lead.occupation_id for found in leads.values() for lead in found}
    words: dict[int, list[str]] = {}
    for pk, title, title_es, search_words in Occupation.objects.filter(pk__in=wanted).values_list(
        "pk", "title", "title_es", "search_words"
    ):
        words[pk] = [title, title_es, search_words]
    for pk, title in ReportedTitle.objects.filter(occupation_id__in=wanted).values_list(
        "occupation_id", "title"
    ):
        words[pk].append(title)
    return {
        course_pk: [w for lead in found for w in words.get(lead.occupation_id, []) if w]
        for course_pk, found in leads.items()
    }
