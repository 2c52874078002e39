"""Reads of the portfolio: the Job Finders Guide checklist, a section's progress, the
office's figure, the lists of one student's portfolio."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import DateField, DateTimeField, Min, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ropdesk.core.models import Student
from ropdesk.enrollment.models import Enrollment
from ropdesk.portfolio.models import (
    Credential,
    InterviewPractice,
    JobApplication,
    NetworkContact,
    Resume,
    ShareLink,
    WorkReadinessRating,
)

# The seed's Job Finders Guide items, each done when its evidence exists (issue 17).
CHECKLIST: list[tuple[str, Any]] = [
    ("work_maturity", _("Work maturity: rated by a site supervisor")),
    ("application", _("Job application: one sent")),
    ("resume", _("Resume: one written")),
    ("interview", _("Interview: a mock interview held")),
    ("networking", _("Networking: a contact recorded")),
    ("portfolio", _("Portfolio: shared, or a credential issued")),
]
CHECKLIST_KEYS = [k for k, _label in CHECKLIST]


def _first(
    queryset: QuerySet[Any], field: str, *, path: str = "student", is_datetime: bool = False
) -> Subquery:
    """The earliest `field` of the student's rows (one subquery, whatever the list's size)."""
    rows = (
        queryset.filter(**{path: OuterRef("pk")})
        .order_by()
        .values(path)
        .annotate(first=Min(field))
        .values("first")[:1]
    )
    return Subquery(rows, output_field=DateTimeField() if is_datetime else DateField())


def with_checklist(students: QuerySet[Student]) -> QuerySet[Student]:
    """The students, each annotated `jf_<item>` with the first day its evidence exists."""
    return students.annotate(
        jf_work_maturity=_first(
            WorkReadinessRating.objects.all(), "rated_on", path="enrollment__student"
        ),
        jf_application=_first(
            JobApplication.objects.exclude(status=JobApplication.Status.SAVED), "applied_on"
        ),
        jf_resume=_first(Resume.objects.all(), "created_at", is_datetime=True),
        jf_interview=_first(InterviewPractice.objects.all(), "held_on"),
        jf_networking=_first(NetworkContact.objects.all(), "created_at", is_datetime=True),
        jf_share=_first(ShareLink.objects.all(), "created_at", is_datetime=True),
        jf_credential=_first(Credential.objects.all(), "valid_from", is_datetime=True),
    )


@dataclass
class ChecklistItem:
    key: str
    label: str
    done_on: date | None


def _as_date(value: date | datetime | None) -> date | None:
    if isinstance(value, datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def checklist_of(student: Student) -> list[ChecklistItem]:
    """One student's Job Finders Guide, from an annotated row (with_checklist)."""
    values = {
        "work_maturity": student.jf_work_maturity,  # type: ignore[attr-defined]
        "application": student.jf_application,  # type: ignore[attr-defined]
        "resume": student.jf_resume,  # type: ignore[attr-defined]
        "interview": student.jf_interview,  # type: ignore[attr-defined]
        "networking": student.jf_networking,  # type: ignore[attr-defined]
        "portfolio": min(
            (d for d in (_as_date(student.jf_share), _as_date(student.jf_credential)) if d),  # type: ignore[attr-defined]
            default=None,
        ),
    }
    return [ChecklistItem(k, str(label), _as_date(values[k])) for k, label in CHECKLIST]


def checklist_for(student: Student) -> list[ChecklistItem]:
    return checklist_of(with_checklist(Student.objects.filter(pk=student.pk)).get())


def all_done(student: Student) -> bool:
    return all(item.done_on for item in checklist_of(student))


def section_students(section: Any) -> QuerySet[Student]:
    """The students of a section (seated or completed), with their checklists."""
    ids = Enrollment.objects.filter(
        section=section, status__in=[*Enrollment.SEATED, Enrollment.Status.COMPLETED]
    ).values("student")
    return with_checklist(Student.objects.filter(pk__in=ids)).order_by(
        "legal_last_name", "legal_first_name", "pk"
    )


@dataclass
class CompleterFigure:
    completers: int
    all_done: int

    @property
    def percent(self) -> int | None:
        if not self.completers:
            return None
        return round(100 * self.all_done / self.completers)


def completers_figure(students: QuerySet[Student]) -> CompleterFigure:
    """Of the students who completed a course, how many have every checklist item done."""
    completers = with_checklist(
        students.filter(enrollments__status=Enrollment.Status.COMPLETED).distinct()
    )
    total = completers.count()
    # Q objects: the annotations are not model fields the type checker knows.
    done = completers.filter(
        Q(jf_work_maturity__isnull=False)
        & Q(jf_application__isnull=False)
        & Q(jf_resume__isnull=False)
        & Q(jf_interview__isnull=False)
        & Q(jf_networking__isnull=False)
        & (Q(jf_share__isnull=False) | Q(jf_credential__isnull=False))
    )
    return CompleterFigure(total, done.count())


def resumes_of(student: Student) -> QuerySet[Resume]:
    return Resume.objects.filter(student=student).order_by("name", "id")
