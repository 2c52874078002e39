"""The Django admin goes through the same rules as the services."""

from datetime import time

import pytest

from ropdesk.core.models import AuditEvent, Role
from ropdesk.core.tests import factories as f
from ropdesk.scheduling.models import Section

pytestmark = pytest.mark.django_db


def test_a_section_added_in_the_admin_gets_meetings_and_an_audit_event(client):
    client.force_login(f.user("boss", role=Role.ADMINISTRATOR, is_staff=False))
    term, course, site = f.term(), f.course(), f.site()
    response = client.post(
        "/admin/scheduling/section/add/",
        {
            "code": "ADM-1",
            "course": course.pk,
            "term": term.pk,
            "site": site.pk,
            "mode": "classroom",
            "capacity": 25,
            "days": "Tue,Thu",
            "start_time": "14:00",
            "end_time": "16:00",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    section = Section.objects.get(code="ADM-1")
    assert section.meetings.count() > 30
    assert {m.date.weekday() for m in section.meetings.all()} == {1, 3}
    assert AuditEvent.objects.filter(action="section.create", object_id=str(section.pk)).exists()
    assert section.start_time == time(14, 0)


def test_an_administrator_without_staff_status_can_sign_in_to_the_admin(client):
    f.user("boss", role=Role.ADMINISTRATOR, is_staff=False)
    response = client.post(
        "/admin/login/?next=/admin/", {"username": "boss", "password": f.PASSWORD}
    )
    assert response.status_code == 302 and response["Location"] == "/admin/"


def test_staff_status_alone_does_not_open_the_admin(client):
    f.user("clerk", role=Role.COUNSELOR, organization=f.district(), is_staff=True)
    response = client.post(
        "/admin/login/?next=/admin/", {"username": "clerk", "password": f.PASSWORD}
    )
    assert response.status_code == 200
    assert "for program administrators" in response.content.decode()


def test_the_admin_refuses_a_mode_the_course_is_not_approved_for(client):
    client.force_login(f.user("boss", role=Role.ADMINISTRATOR))
    term, site = f.term(), f.site()
    course = f.course(title="Welding")
    response = client.post(
        "/admin/scheduling/section/add/",
        {
            "code": "ADM-2",
            "course": course.pk,
            "term": term.pk,
            "site": site.pk,
            "mode": "cve",
            "capacity": 25,
            "days": "Tue,Thu",
            "start_time": "14:00",
            "end_time": "16:00",
        },
    )
    assert response.status_code == 200
    assert "Welding is not approved for this instruction mode" in response.content.decode()
    assert not Section.objects.filter(code="ADM-2").exists()


def test_new_days_in_the_admin_replace_the_coming_meetings_and_keep_the_past(client):
    """The same rule as the office's section screen (scheduling.services)."""
    from datetime import date

    client.force_login(f.user("boss", role=Role.ADMINISTRATOR))
    section = f.section(days="Mon,Wed")
    past = set(section.meetings.filter(date__lt=date(2026, 11, 2)).values_list("date", flat=True))
    data = {
        "code": section.code,
        "course": section.course_id,
        "term": section.term_id,
        "site": section.site_id,
        "mode": section.mode,
        "capacity": section.capacity,
        "days": "Tue,Thu",
        "start_time": "14:00",
        "end_time": "16:00",
    }
    response = client.post(f"/admin/scheduling/section/{section.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    kept = set(section.meetings.filter(date__lt=date(2026, 11, 2)).values_list("date", flat=True))
    assert kept == past
    coming = section.meetings.filter(date__gte=date(2026, 11, 2))
    assert {m.date.weekday() for m in coming} == {1, 3}


def test_a_holiday_added_in_the_admin_takes_that_days_meetings(client):
    from datetime import date

    client.force_login(f.user("boss", role=Role.ADMINISTRATOR))
    section = f.section(days="Mon,Wed")
    year = section.term.school_year
    data = {
        "name": year.name,
        "start_date": year.start_date.isoformat(),
        "end_date": year.end_date.isoformat(),
        "first_instruction_day": year.first_instruction_day.isoformat(),
        "last_instruction_day": year.last_instruction_day.isoformat(),
        "holidays-TOTAL_FORMS": "1",
        "holidays-INITIAL_FORMS": "0",
        "holidays-0-date": "2026-11-11",
        "holidays-0-name": "Veterans Day",
        "holidays-0-kind": "legal_holiday",
    }
    response = client.post(f"/admin/scheduling/schoolyear/{year.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert not section.meetings.filter(date=date(2026, 11, 11)).exists()
