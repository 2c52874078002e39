""" "Needs attention" comes first on every role's start page: each app's waiting work, with its
count and link, nearest deadline first."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from ropdesk.catalog.models import Course
from ropdesk.core.models import Role
from ropdesk.core.tests import factories as f
from ropdesk.portal.dashboards import needs_attention

pytestmark = pytest.mark.django_db


def test_the_office_sees_its_work_in_the_order_of_the_deadlines(client):
    admin = f.user(role=Role.ADMINISTRATOR, is_staff=True)
    f.section()  # attendance not certified for P-1 (ends December 31)
    Course.objects.create(code="IMPORTED", title="From a district file", needs_setup=True)

    found = needs_attention(admin)

    assert [(str(a.label), a.count, a.due) for a in found] == [
        ("Sections not certified for P-1 (first period)", 1, date(2026, 12, 31)),
        ("Courses and sections needing setup", 1, None),
    ]
    client.force_login(admin)
    body = client.get(reverse("dashboard")).content.decode()
    assert (
        body.index("Needs attention")
        < body.index("Sections not certified")
        < body.index("Courses and sections needing setup")
    )
    assert '<a href="/attendance/certify/?school_year=2026-2027&amp;period=P1">' in body


def test_nothing_waiting_says_so(client):
    account = f.user(role=Role.STUDENT)
    f.student(account=account)
    client.force_login(account)
    assert "Nothing is waiting for you." in client.get(reverse("dashboard")).content.decode()


def test_the_counselors_not_enrolled_figure_opens_the_list_of_them(client):
    district = f.district()
    counselor = f.user(role=Role.COUNSELOR, organization=district)
    enrolled = f.student(first="Enrolled", district_org=district)
    f.enroll(enrolled, f.section())
    waiting = f.student(first="Waiting", district_org=district)
    client.force_login(counselor)

    dashboard = client.get(reverse("dashboard")).content.decode()
    assert '<a href="/students/?show=not_enrolled">1</a>' in dashboard

    listed = client.get(reverse("student_list"), {"show": "not_enrolled"})
    assert [s.pk for s in listed.context["page"]] == [waiting.pk]
