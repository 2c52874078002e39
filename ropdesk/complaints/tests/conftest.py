"""Fixtures for the complaints tests: a private media folder, and the people of a small
office (personas that state only their role)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from ropdesk.complaints import services
from ropdesk.complaints.models import ComplaintKind
from ropdesk.core.models import Role
from ropdesk.core.tests import factories as f


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def support(db):
    return f.user(
        "denise",
        role=Role.SUPPORT_SERVICES,
        first_name="Denise",
        last_name="Okafor",
        email="denise@rop.example.org",
    )


@pytest.fixture
def colleague(db):
    return f.user(
        "james",
        role=Role.SUPPORT_SERVICES,
        first_name="James",
        last_name="Lee",
        email="james@rop.example.org",
    )


@pytest.fixture
def admin_user(db):
    return f.user("alicia", role=Role.ADMINISTRATOR, first_name="Alicia", last_name="Navarro")


def file_complaint(**overrides: Any) -> services.Filed:
    fields: dict[str, Any] = {
        "kind": ComplaintKind.UCP_DISCRIMINATION,
        "bases": ["race"],
        "description": "The lab aide mocks my accent every day.",
        "incident_date": date(2026, 8, 20),
        "received_on": date(2026, 9, 1),
        "filer_name": "Rosa Quintero",
        "filer_email": "rosa@example.org",
    }
    fields.update(overrides)
    return services.complaint_file(**fields)
