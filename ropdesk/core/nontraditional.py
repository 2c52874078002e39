"""Which pathways and courses are nontraditional for a sex (Perkins V 4S1: fewer than 25 % of
the people in the occupations they lead to are of that sex), for apps that sit below the one
that keeps the crosswalk. ropdesk/outcomes keeps it and registers its lookup when Django loads
it (outcomes/apps.py); careers shows it in a student's career matches. Core imports neither:
with no lookup registered nothing is flagged, so a missing app only hides the flags."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Flags:
    """What is nontraditional for one sex. A course row of the crosswalk wins over its
    pathway's: `course_ids` are courses flagged for the sex, `cleared_course_ids` courses
    whose own row says they are not, although their pathway is."""

    pathway_ids: frozenset[int] = field(default_factory=frozenset)
    course_ids: frozenset[int] = field(default_factory=frozenset)
    cleared_course_ids: frozenset[int] = field(default_factory=frozenset)

    def pathway(self, pathway_id: int | None) -> bool:
        return pathway_id is not None and pathway_id in self.pathway_ids

    def course(self, course_id: int, pathway_id: int | None) -> bool:
        if course_id in self.course_ids:
            return True
        return self.pathway(pathway_id) and course_id not in self.cleared_course_ids

    def __bool__(self) -> bool:
        return bool(self.pathway_ids or self.course_ids)


Lookup = Callable[[str], Flags]  # sex ("F" or "M") → what is nontraditional for it
_LOOKUPS: list[Lookup] = []


def register_nontraditional(lookup: Lookup) -> Lookup:
    """Add the crosswalk's lookup (used as a decorator; registering twice is harmless)."""
    if lookup not in _LOOKUPS:
        _LOOKUPS.append(lookup)
    return lookup


def nontraditional_for(sex: str) -> Flags:
    """What is nontraditional for a student of this sex; nothing for another value (a
    nonbinary or unrecorded sex: the crosswalk counts women and men only)."""
    if sex not in ("F", "M"):
        return Flags()
    found = [lookup(sex) for lookup in _LOOKUPS]
    return Flags(
        frozenset().union(*(f.pathway_ids for f in found)),
        frozenset().union(*(f.course_ids for f in found)),
        frozenset().union(*(f.cleared_course_ids for f in found)),
    )
