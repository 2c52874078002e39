"""A bank of common interview questions, general and by industry sector (the catalog's
sector codes), for mock interviews. The program's own list, to edit here."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

GENERAL: list[Any] = [
    _("Tell me about yourself."),
    _("Why do you want to work here?"),
    _("Tell me about a time you worked on a team. What was your part?"),
    _("Tell me about a problem you solved. What did you do, and how did it turn out?"),
    _("How do you handle a customer or a coworker who is upset?"),
    _("What questions do you have for us?"),
]
BY_SECTOR: dict[str, list[Any]] = {
    "HLT": [
        _("How would you keep a patient's information private?"),
        _("What would you do if you saw a coworker skip a safety step?"),
    ],
    "TRN": [
        _("How do you make sure a repair is done right before the car goes back?"),
        _("Tell me about a tool or machine you learned to use safely."),
    ],
    "ICT": [
        _("Tell me about something you built or fixed on a computer."),
        _("How would you explain a technical problem to someone who is not technical?"),
    ],
    "HOS": [
        _("What does good customer service look like to you?"),
        _("How do you stay calm when it is very busy?"),
    ],
    "BLD": [
        _("How do you keep yourself and others safe on a job site?"),
        _("Tell me about a project where you had to measure and plan carefully."),
    ],
    "PUB": [
        _("Why do you want to serve the public?"),
        _("Tell me about a time you followed a rule you did not agree with."),
    ],
}


def questions_for(sector_codes: set[str]) -> list[str]:
    """The general questions, then those of the student's sectors."""
    found = [str(q) for q in GENERAL]
    for code in sorted(sector_codes):
        found += [str(q) for q in BY_SECTOR.get(code, [])]
    return found
