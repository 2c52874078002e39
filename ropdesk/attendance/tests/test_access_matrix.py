"""Every attendance and funding page against every role: who gets it, and that everyone else
gets "Not found" (forbidden looks like missing) and changes nothing."""

from __future__ import annotations

from datetime import date

import pytest

from ropdesk.attendance.models import AttendanceCertification, AttendanceRecord
from ropdesk.core.models import AuditEvent, Role
from ropdesk.core.tests import factories as f
from ropdesk.funding.tests import handworked

pytestmark = pytest.mark.django_db

PERSONAS = [
    "admin",
    "support",
    "coordinator_south",
    "coordinator_north",
    "counselor",
    "terry",
    "nina",
    "supervisor",
    "student",
    "parent",
]

# URL -> the personas that may open it (everyone else: 404).
PAGES = {
    "/attendance/": {"admin", "terry", "nina"},
    "/attendance/sections/{welding}/": {"admin", "terry"},
    "/attendance/meetings/{sep3}/": {"admin", "terry"},
    "/attendance/certify/": {"admin"},
    "/attendance/import/": {"admin"},
    "/funding/ada/": {"admin", "coordinator_south", "coordinator_north"},
    "/funding/sections/{nursing}/forecast/": {"admin", "nina", "coordinator_south"},
}
# Writes: URL, data -> the personas whose post is accepted.
WRITES = {
    "/attendance/meetings/{sep3}/mark/": {"admin", "terry"},
    "/attendance/meetings/{sep3}/present/": {"admin", "terry"},
    "/attendance/certify/": {"admin"},
}


@pytest.fixture
def world():
    w = handworked.build()
    w.users = {
        "admin": f.user("admin", role=Role.ADMINISTRATOR),
        "support": f.user("support", role=Role.SUPPORT_SERVICES),
        "coordinator_south": f.user(
            "coordinator_south", role=Role.DISTRICT_COORDINATOR, organization=w.south
        ),
        "coordinator_north": f.user(
            "coordinator_north", role=Role.DISTRICT_COORDINATOR, organization=w.north
        ),
        "counselor": f.user("counselor", role=Role.COUNSELOR, organization=w.north),
        "terry": w.terry,
        "nina": w.nina,
        "supervisor": w.supervisor,
        "student": f.user("student", role=Role.STUDENT),
        "parent": f.user("parent", role=Role.PARENT),
    }
    w.ana.user = w.users["student"]
    w.ana.save(update_fields=["user"])
    f.guardian_of(w.ana, w.users["parent"])
    w.ids = {
        "welding": w.welding.pk,
        "nursing": w.nursing.pk,
        "sep3": w.welding.meetings.get(date=date(2025, 9, 3)).pk,
    }
    return w


def picture():
    return (
        list(AttendanceRecord.objects.order_by("pk").values_list("pk", "arrived", "recorded_at")),
        AttendanceCertification.objects.count(),
        AuditEvent.objects.count(),
    )


@pytest.mark.parametrize("persona", PERSONAS)
def test_pages(world, client, persona):
    client.force_login(world.users[persona])
    for url, allowed in PAGES.items():
        status = client.get(url.format(**world.ids)).status_code
        assert status == (200 if persona in allowed else 404), (url, persona, status)


@pytest.mark.parametrize("persona", PERSONAS)
def test_writes(world, client, persona):
    client.force_login(world.users[persona])
    ben = world.enrollments[("ben", "welding")].pk
    data = {
        "enrollment": ben,
        "mark": "absent",
        "school_year": "2025-2026",
        "period": "P1",
        "section": [world.welding.pk],
    }
    for url, allowed in WRITES.items():
        if persona in allowed:
            continue
        before = picture()
        response = client.post(url.format(**world.ids), data)
        assert response.status_code == 404, (url, persona)
        assert picture() == before, (url, persona)


def test_anonymous_visitors_are_sent_to_sign_in(world, client):
    for url in [*PAGES, *WRITES]:
        response = client.get(url.format(**world.ids))
        assert response.status_code in (302, 405), url
        if response.status_code == 302:
            assert response["Location"].startswith("/accounts/login/"), url
