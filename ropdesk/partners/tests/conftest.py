"""Factories and personas for the partners tests: they state only what the test cares about."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest
from django.utils import timezone

from ropdesk.core.models import Role
from ropdesk.core.tests import factories as f
from ropdesk.partners import services
from ropdesk.partners.models import Committee, Contact, Meeting, MemberRole, Membership


def at(text: str) -> datetime:
    return timezone.make_aware(datetime.fromisoformat(text))


def committee(name: str = "Health Science Advisory Committee", **fields: Any) -> Committee:
    fields.setdefault("scope", Committee.Scope.COURSE)
    return services.committee_create(actor=None, name=name, **fields)


def contact(name: str = "Grace Harper", **fields: Any) -> Contact:
    return services.contact_add(actor=None, name=name, **fields)


def member(
    of: Committee,
    role: str = MemberRole.BUSINESS,
    *,
    starts: date = date(2025, 1, 1),
    ends: date | None = None,
    who: Contact | None = None,
    officer: str = "",
) -> Membership:
    return services.member_appoint(
        actor=None,
        committee=of,
        contact=who or contact(f"Member {f.n()}"),
        role=role,
        term_starts_on=starts,
        term_ends_on=ends,
        officer=officer,
    )


def meeting(of: Committee, starts: str = "2026-11-12 16:00", **fields: Any) -> Meeting:
    return services.meeting_schedule(
        actor=None, committee=of, starts_at=at(starts), place="ROP Center, Room 12", **fields
    )


@pytest.fixture
def office(db):
    return f.user("alicia", role=Role.ADMINISTRATOR, first_name="Alicia", last_name="Navarro")
