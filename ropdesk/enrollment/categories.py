"""The funding category of an enrollment, derived from the student when the enrollment is made.

EC 52302.8 caps the share of ADA a program may claim for students not enrolled in grades 9-12
(10 %, plus 5 % for CalWORKs, TAP, Job Corps and WIOA intensive-training participants);
EC 52324.5 counts a student concurrently enrolled in any high school (public or private,
alternative or continuation) as a regular high-school student. domain-rules.md 1.2.9, 1.4.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ropdesk.core.models import Student

SPECIAL_PROGRAMS = ("calworks", "tap", "job_corps", "wioa_intensive")


@dataclass(frozen=True)
class FundingCategory:
    grade_9_12: bool
    concurrent: bool
    special_programs: tuple[str, ...]

    @property
    def special_population(self) -> bool:
        return bool(self.special_programs)


def funding_category(student: Student, *, out_of_school: bool = False) -> FundingCategory:
    # EC 52302.8 (grades 9-12 or not; special populations); EC 52324.5 (concurrent)
    in_grades_9_12 = student.is_high_school and not out_of_school
    # A youth out of school for three months or more is non-concurrent even with a grade
    # level on file (domain-rules.md 1.2.9); so is every adult.
    concurrent = in_grades_9_12
    programs = tuple(code for code in SPECIAL_PROGRAMS if getattr(student, code))
    return FundingCategory(in_grades_9_12, concurrent, programs)


def apply_category(enrollment: Any, category: FundingCategory) -> list[str]:
    """Copy a category onto an enrollment; returns the fields changed, for update_fields."""
    enrollment.grade_9_12 = category.grade_9_12
    enrollment.concurrent = category.concurrent
    enrollment.special_population = category.special_population
    enrollment.special_programs = list(category.special_programs)
    return ["grade_9_12", "concurrent", "special_population", "special_programs"]
