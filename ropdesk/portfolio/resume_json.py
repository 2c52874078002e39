"""JSON Resume v1 (jsonresume.org) export and import.

Export writes the standard sections; goals, work readiness and the verified marks travel in
`meta` under `x-ropdesk-*` keys (JSON Resume has no such sections; Mahara has goals and work
skills). Import checks the file against the part of the v1 schema ropdesk reads (written here
from the v1 field list, anchors-wave2.md §1.1) and refuses a bad file whole, naming the path
of the first bad field ("work[2].startDate").
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from jsonschema import Draft7Validator

from ropdesk.portfolio import present
from ropdesk.portfolio.models import Resume, ResumeEntry, ResumeSection

# An ISO 8601 date as JSON Resume writes it: YYYY, YYYY-MM or YYYY-MM-DD.
DATE = {"type": "string", "pattern": r"^([1-2][0-9]{3}(-[0-1][0-9](-[0-3][0-9])?)?)$"}
TEXT = {"type": "string"}
TEXTS = {"type": "array", "items": TEXT}
URL = {"type": "string"}


def _items(properties: dict[str, Any]) -> dict[str, Any]:
    return {"type": "array", "items": {"type": "object", "properties": properties}}


SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "basics": {
            "type": "object",
            "properties": {
                "name": TEXT,
                "label": TEXT,
                "email": TEXT,
                "phone": TEXT,
                "url": URL,
                "summary": TEXT,
                "location": {"type": "object", "properties": {"city": TEXT}},
            },
        },
        "work": _items(
            {
                "name": TEXT,
                "position": TEXT,
                "url": URL,
                "startDate": DATE,
                "endDate": DATE,
                "summary": TEXT,
                "highlights": TEXTS,
            }
        ),
        "volunteer": _items(
            {
                "organization": TEXT,
                "position": TEXT,
                "url": URL,
                "startDate": DATE,
                "endDate": DATE,
                "summary": TEXT,
                "highlights": TEXTS,
            }
        ),
        "education": _items(
            {
                "institution": TEXT,
                "url": URL,
                "area": TEXT,
                "studyType": TEXT,
                "startDate": DATE,
                "endDate": DATE,
                "score": TEXT,
                "courses": TEXTS,
            }
        ),
        "awards": _items({"title": TEXT, "date": DATE, "awarder": TEXT, "summary": TEXT}),
        "certificates": _items({"name": TEXT, "date": DATE, "issuer": TEXT, "url": URL}),
        "skills": _items({"name": TEXT, "level": TEXT, "keywords": TEXTS}),
        "languages": _items({"language": TEXT, "fluency": TEXT}),
        "projects": _items(
            {
                "name": TEXT,
                "description": TEXT,
                "highlights": TEXTS,
                "startDate": DATE,
                "endDate": DATE,
                "url": URL,
            }
        ),
        "interests": _items({"name": TEXT, "keywords": TEXTS}),
        "references": _items({"name": TEXT, "reference": TEXT}),
        "meta": {"type": "object"},
    },
}
_validator = Draft7Validator(SCHEMA)


def _path(parts: Any) -> str:
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(the whole file)"


def parse(raw: bytes) -> dict[str, Any]:
    """The document in a JSON Resume file, or a ValidationError naming the bad field."""
    try:
        document = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        line = getattr(error, "lineno", None)
        raise ValidationError(
            _("The file is not JSON (line %(line)s).") % {"line": line or "?"}
        ) from error
    errors = sorted(_validator.iter_errors(document), key=lambda e: list(e.absolute_path))
    if errors:
        first = errors[0]
        reason = (
            _("not a date (write YYYY-MM-DD)")
            if first.validator == "pattern"
            else _("should be %(kind)s") % {"kind": first.validator_value}
            if first.validator == "type"
            else first.message
        )
        raise ValidationError(
            _("%(path)s: %(reason)s") % {"path": _path(first.absolute_path), "reason": reason}
        )
    if not any(
        document.get(k) for k in ("basics", *[s for s in SCHEMA["properties"] if s != "meta"])
    ):
        raise ValidationError(_("The file holds no resume sections."))
    return document


def _date(value: str | None) -> date | None:
    if not value:
        return None
    parts = [int(p) for p in value.split("-")]
    while len(parts) < 3:
        parts.append(1)
    try:
        return date(*parts)
    except ValueError:
        return None


def to_fields(document: dict[str, Any]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """A parsed document as Resume fields and ResumeEntry fields (the student's own)."""
    basics = document.get("basics") or {}
    resume = {
        "label": (basics.get("label") or "")[:120],
        "email": basics.get("email") or "",
        "phone": (basics.get("phone") or "")[:40],
        "url": basics.get("url") or "",
        "city": ((basics.get("location") or {}).get("city") or "")[:80],
        "summary": basics.get("summary") or "",
        "language": (document.get("meta") or {}).get("language") or "en",
    }
    if resume["language"] not in Resume.Language.values:
        resume["language"] = "en"
    entries: list[dict[str, Any]] = []

    def add(section: str, title: Any, **more: Any) -> None:
        if not title:
            return
        entries.append({"section": section, "title": str(title)[:200], **more})

    for k, item in enumerate(document.get("work") or []):
        add(
            ResumeSection.WORK,
            item.get("position") or item.get("name"),
            organization=(item.get("name") or "")[:200],
            **_span(item),
            position=k,
            summary=item.get("summary") or "",
            highlights=item.get("highlights") or [],
            url=item.get("url") or "",
        )
    for k, item in enumerate(document.get("volunteer") or []):
        add(
            ResumeSection.VOLUNTEER,
            item.get("position") or item.get("organization"),
            organization=(item.get("organization") or "")[:200],
            **_span(item),
            position=k,
            summary=item.get("summary") or "",
            highlights=item.get("highlights") or [],
        )
    for k, item in enumerate(document.get("education") or []):
        title = " ".join(p for p in (item.get("studyType"), item.get("area")) if p)
        add(
            ResumeSection.EDUCATION,
            title or item.get("institution"),
            organization=(item.get("institution") or "")[:200],
            **_span(item),
            position=k,
            highlights=item.get("courses") or [],
            level=(item.get("score") or "")[:80],
        )
    for k, item in enumerate(document.get("awards") or []):
        add(
            ResumeSection.AWARDS,
            item.get("title"),
            organization=(item.get("awarder") or "")[:200],
            ends_on=_date(item.get("date")),
            summary=item.get("summary") or "",
            position=k,
        )
    for k, item in enumerate(document.get("certificates") or []):
        add(
            ResumeSection.CERTIFICATES,
            item.get("name"),
            organization=(item.get("issuer") or "")[:200],
            ends_on=_date(item.get("date")),
            url=item.get("url") or "",
            position=k,
        )
    for k, item in enumerate(document.get("skills") or []):
        add(
            ResumeSection.SKILLS,
            item.get("name"),
            level=(item.get("level") or "")[:80],
            highlights=item.get("keywords") or [],
            position=k,
        )
    for k, item in enumerate(document.get("languages") or []):
        add(
            ResumeSection.LANGUAGES,
            item.get("language"),
            level=(item.get("fluency") or "")[:80],
            position=k,
        )
    for k, item in enumerate(document.get("projects") or []):
        add(
            ResumeSection.PROJECTS,
            item.get("name"),
            summary=item.get("description") or "",
            highlights=item.get("highlights") or [],
            **_span(item),
            url=item.get("url") or "",
            position=k,
        )
    for k, item in enumerate(document.get("interests") or []):
        add(
            ResumeSection.INTERESTS,
            item.get("name"),
            highlights=item.get("keywords") or [],
            position=k,
        )
    for k, item in enumerate(document.get("references") or []):
        add(
            ResumeSection.REFERENCES,
            item.get("name"),
            summary=item.get("reference") or "",
            position=k,
        )
    for k, text in enumerate((document.get("meta") or {}).get("x-ropdesk-work-skills") or []):
        add(ResumeSection.WORK_SKILLS, text, position=k)
    return resume, entries


def _span(item: dict[str, Any]) -> dict[str, Any]:
    return {"starts_on": _date(item.get("startDate")), "ends_on": _date(item.get("endDate"))}


# --- export --------------------------------------------------------------------------------------


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def export(resume: Resume, *, base_url: str) -> dict[str, Any]:
    """The resume (hidden entries left out) as a JSON Resume v1 document."""
    view = present.shown(resume)
    document: dict[str, Any] = {
        "basics": {
            "name": view.name,
            "label": resume.label,
            "email": resume.email,
            "phone": resume.phone,
            "url": resume.url,
            "summary": resume.summary,
            "location": {"city": resume.city},
        }
    }
    credentials: list[dict[str, str]] = []
    verified: list[dict[str, str]] = []
    goals: list[str] = []
    work_skills: list[str] = []
    for section in view.sections:
        for shown in section.entries:
            entry, text = shown.entry, shown.text
            if entry is None:
                goals.append(text.heading)
                continue
            item = _export_item(entry, text)
            if section.key == ResumeSection.WORK_SKILLS:
                work_skills.append(text.heading)
            elif item is not None:
                document.setdefault(_json_section(section.key), []).append(item)
            if shown.verified:
                verified.append({"title": text.heading, "check": base_url + shown.check_url})
            if shown.credential is not None:
                credentials.append(
                    {"id": f"urn:uuid:{shown.credential.uuid}", "name": shown.credential.name}
                )
    document["meta"] = {
        "version": "v1.0.0",
        "language": resume.language,
        "lastModified": resume.updated_at.isoformat(),
        "x-ropdesk-goals": goals,
        "x-ropdesk-work-skills": work_skills,
        "x-ropdesk-verified": verified,
        "x-ropdesk-credentials": credentials,
    }
    return document


def _json_section(key: str) -> str:
    return key


def _export_item(entry: ResumeEntry, text: present.EntryText) -> dict[str, Any] | None:
    start, end = _iso(entry.starts_on), _iso(entry.ends_on)
    section = entry.section
    if section == ResumeSection.WORK:
        item = {
            "name": text.organization,
            "position": text.heading,
            "startDate": start,
            "endDate": end,
            "summary": text.summary,
            "highlights": text.highlights,
            "url": entry.url,
        }
    elif section == ResumeSection.VOLUNTEER:
        item = {
            "organization": text.organization,
            "position": text.heading,
            "startDate": start,
            "endDate": end,
            "summary": text.summary,
            "highlights": text.highlights,
        }
    elif section == ResumeSection.EDUCATION:
        item = {
            "institution": text.organization,
            "area": text.heading,
            "startDate": start,
            "endDate": end,
            "score": text.level,
            "courses": text.highlights,
        }
    elif section == ResumeSection.AWARDS:
        item = {
            "title": text.heading,
            "date": end,
            "awarder": text.organization,
            "summary": text.summary,
        }
    elif section == ResumeSection.CERTIFICATES:
        item = {"name": text.heading, "date": end, "issuer": text.organization, "url": entry.url}
    elif section == ResumeSection.SKILLS:
        item = {"name": text.heading, "level": text.level, "keywords": text.highlights}
    elif section == ResumeSection.LANGUAGES:
        item = {"language": text.heading, "fluency": text.level}
    elif section == ResumeSection.PROJECTS:
        item = {
            "name": text.heading,
            "description": text.summary,
            "highlights": text.highlights,
            "startDate": start,
            "endDate": end,
            "url": entry.url,
        }
    elif section == ResumeSection.INTERESTS:
        item = {"name": text.heading, "keywords": text.highlights}
    elif section == ResumeSection.REFERENCES:
        item = {"name": text.heading, "reference": text.summary}
    else:
        return None
    return {k: v for k, v in item.items() if v not in (None, "", [])}
