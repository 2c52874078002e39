"""A resume as it is shown: its sections in a fixed, standard order with standard headings,
each entry worded in the resume's language (English or Spanish). The preview, the PDF, the
shared page and the JSON Resume export all start here, so they never disagree."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.urls import reverse
from django.utils import formats, translation
from django.utils.translation import gettext as _

from ropdesk.portfolio import readiness
from ropdesk.portfolio.models import Resume, ResumeEntry, ResumeSection

# Standard headings, in the order applicant tracking systems expect (Reactive Resume #2845).
ORDER = [
    ResumeSection.GOALS,
    ResumeSection.WORK,
    ResumeSection.VOLUNTEER,
    ResumeSection.EDUCATION,
    ResumeSection.CERTIFICATES,
    ResumeSection.SKILLS,
    ResumeSection.WORK_SKILLS,
    ResumeSection.LANGUAGES,
    ResumeSection.PROJECTS,
    ResumeSection.AWARDS,
    ResumeSection.INTERESTS,
    ResumeSection.REFERENCES,
]


@dataclass
class EntryText:
    heading: str
    organization: str = ""
    dates: str = ""
    summary: str = ""
    highlights: list[str] = field(default_factory=list)
    level: str = ""


@dataclass
class ShownEntry:
    entry: ResumeEntry | None  # None for a goal from the career plan
    text: EntryText
    hidden: bool = False
    check_url: str = ""
    credential: Any = None

    @property
    def verified(self) -> bool:
        return self.entry is not None and self.entry.verified


@dataclass
class ShownSection:
    key: str
    heading: str
    entries: list[ShownEntry]


@dataclass
class ShownResume:
    resume: Resume
    name: str
    sections: list[ShownSection]
    language: str


def _day(value: date | None) -> str:
    return formats.date_format(value, "N Y") if value else ""


def _dates(entry: ResumeEntry) -> str:
    start, end = _day(entry.starts_on), _day(entry.ends_on)
    if start and end and start != end:
        return f"{start} – {end}"
    return end or start


def entry_text(entry: ResumeEntry, *, language: str) -> EntryText:
    """An entry's words in `language`; a verified entry's are built from its facts."""
    with translation.override(language):
        if not entry.verified:
            return EntryText(
                heading=entry.title,
                organization=entry.organization,
                dates=_dates(entry),
                summary=entry.summary,
                highlights=list(entry.highlights),
                level=entry.level,
            )
        return _verified_text(entry)


def _verified_text(entry: ResumeEntry) -> EntryText:
    facts = entry.facts
    basis = entry.basis
    if basis == ResumeEntry.Basis.CERTIFICATE:
        return EntryText(
            heading=_("Certificate of Completion: %(course)s") % {"course": entry.title},
            organization=entry.organization,
            dates=_day(entry.ends_on),
            summary=_("Certificate %(code)s, final grade %(grade)s.")
            % {"code": facts.get("code", ""), "grade": facts.get("grade", "")},
            highlights=list(facts.get("competencies", []))[:8],
        )
    if basis == ResumeEntry.Basis.JOB_SITE_HOURS:
        paid = facts.get("mode") == "cve"
        role = _("Cooperative education trainee") if paid else _("Community classroom trainee")
        return EntryText(
            heading=f"{role} — {entry.title}",
            organization=entry.organization,
            dates=_dates(entry),
            summary=_("%(hours)s hours of on-the-job training, approved by the site supervisor.")
            % {"hours": facts.get("hours", "0")},
        )
    if basis == ResumeEntry.Basis.COMPETENCY:
        return EntryText(
            heading=_("Competencies verified on the job: %(course)s") % {"course": entry.title},
            organization=entry.organization,
            dates=_day(entry.ends_on),
            highlights=list(facts.get("competencies", [])),
        )
    level = int(facts.get("level") or 0)
    labels = dict((k, str(label)) for k, label, _s in readiness.ITEMS)
    return EntryText(
        heading=_("Work readiness: %(level)s") % {"level": readiness.LEVELS.get(level, "—")},
        organization=entry.organization,
        dates=_day(entry.ends_on),
        summary=_(
            "Rated by the site supervisor on the U.S. Department of Labor Work Readiness "
            "scale (average %(average)s of 4)."
        )
        % {"average": facts.get("average", "")},
        highlights=[labels[k] for k in facts.get("strengths", []) if k in labels],
        level=str(readiness.LEVELS.get(level, "")),
    )


def check_url(entry: ResumeEntry) -> str:
    return reverse("portfolio_entry_check", args=[entry.check_code]) if entry.verified else ""


def _goals(resume: Resume) -> list[ShownEntry]:
    from ropdesk.careers.models import CareerGoal

    goals = CareerGoal.objects.filter(student=resume.student).exclude(
        status=CareerGoal.Status.SET_ASIDE
    )
    return [
        ShownEntry(None, EntryText(heading=g.title, dates=_day(g.target_date)))
        for g in goals.order_by("kind", "target_date", "id")
    ]


def shown(resume: Resume, *, with_hidden: bool = False) -> ShownResume:
    """The resume in its language. `with_hidden` keeps hidden entries (marked) for the
    editor; everyone else sees only what the student chose to show."""
    entries = list(
        ResumeEntry.objects.filter(student=resume.student)
        .prefetch_related("credentials")
        .order_by("section", "position", "-ends_on", "id")
    )
    hidden = set(resume.hidden_entries.values_list("pk", flat=True))
    by_section: dict[str, list[ShownEntry]] = {}
    for entry in entries:
        if entry.pk in hidden and not with_hidden:
            continue
        live = [c for c in entry.credentials.all() if c.revoked_at is None]
        by_section.setdefault(entry.section, []).append(
            ShownEntry(
                entry,
                entry_text(entry, language=resume.language),
                hidden=entry.pk in hidden,
                check_url=check_url(entry),
                credential=live[0] if live else None,
            )
        )
    with translation.override(resume.language):
        goals = _goals(resume)
        if goals:
            by_section.setdefault(ResumeSection.GOALS, [])[:0] = goals
        sections = [
            ShownSection(key, str(ResumeSection(key).label), by_section[key])
            for key in ORDER
            if by_section.get(key)
        ]
    student = resume.student
    name = f"{student.preferred_name or student.legal_first_name} {student.legal_last_name}"
    return ShownResume(resume, name, sections, resume.language)
