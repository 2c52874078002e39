"""Certification: the office certifies a section for a period, its records lock, and a later
correction is an adjustment with a reason that shows in the next report."""

from __future__ import annotations

import io
import json
from datetime import date, time
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from ropdesk.attendance import services
from ropdesk.attendance.models import AttendanceAdjustment, AttendanceCertification
from ropdesk.attendance.services import AttendanceLocked
from ropdesk.core.models import AuditEvent, Role
from ropdesk.core.tests import factories as f
from ropdesk.core.tests.concurrency import run_together, shared_database  # noqa: F401
from ropdesk.core.tests.work import get_after_work
from ropdesk.funding.tests import handworked

pytestmark = pytest.mark.django_db


@pytest.fixture
def county():
    w = handworked.build()
    w.office = f.user("office", role=Role.ADMINISTRATOR, first_name="Olga", last_name="Office")
    return w


def sep_3(w):
    return w.welding.meetings.get(date=date(2025, 9, 3))


def test_certifying_p1_locks_the_records_through_december_31(county):
    certification = services.attendance_certify(
        actor=county.office, section=county.welding, school_year=county.year, period="P1"
    )
    assert certification.covers_through == date(2025, 12, 31)
    # Sep 3 (Ana 3 h, Ben 1 h), Dec 10 (Ana 3 h) and Jul 16 (Ana 3 h): 10 hours, 4 records.
    assert (certification.credited_minutes, certification.record_count) == (600, 4)
    with pytest.raises(AttendanceLocked, match="certified for P-1"):
        services.attendance_mark(
            actor=county.terry,
            meeting=sep_3(county),
            enrollment=county.enrollments[("ben", "welding")],
            arrived=time(13),
            departed=time(16),
        )
    assert AuditEvent.objects.filter(action="attendance.certify").count() == 1


def test_meetings_after_the_certified_period_stay_open(county):
    services.attendance_certify(
        actor=county.office, section=county.welding, school_year=county.year, period="P1"
    )
    result = services.attendance_mark(
        actor=county.terry,
        meeting=county.welding.meetings.get(date=date(2026, 4, 1)),
        enrollment=county.enrollments[("ana", "welding")],
        arrived=time(13),
        departed=time(14),
    )
    assert result.record.credited_minutes == 60


def test_other_sections_stay_open(county):
    services.attendance_certify(
        actor=county.office, section=county.welding, school_year=county.year, period="P1"
    )
    services.attendance_mark(
        actor=county.nina,
        meeting=county.nursing.meetings.get(date=date(2025, 10, 1)),
        enrollment=county.enrollments[("cal", "nursing")],
        arrived=None,
        departed=None,
    )


def test_a_period_is_not_certified_twice(county):
    args = dict(actor=county.office, section=county.welding, school_year=county.year)
    services.attendance_certify(**args, period="P2")
    with pytest.raises(ValidationError, match="already certified"):
        services.attendance_certify(**args, period="P1")


def test_the_rest_present_button_is_refused_too(county):
    services.attendance_certify(
        actor=county.office, section=county.welding, school_year=county.year, period="annual"
    )
    with pytest.raises(AttendanceLocked):
        services.attendance_mark_rest_present(actor=county.terry, meeting=sep_3(county))


def test_the_sheet_of_a_certified_meeting_says_why_it_is_locked(county, client):
    services.attendance_certify(
        actor=county.office, section=county.welding, school_year=county.year, period="P1"
    )
    client.force_login(county.terry)
    page = client.get(f"/attendance/meetings/{sep_3(county).pk}/").content.decode()
    assert "was certified for P-1 (first period) by Olga Office" in page
    assert 'value="absent"' not in page  # no buttons
    response = client.post(
        f"/attendance/meetings/{sep_3(county).pk}/mark/",
        {"enrollment": county.enrollments[("ben", "welding")].pk, "mark": "present"},
        HTTP_X_ROPDESK_FRAGMENT="row",
    )
    assert response.status_code == 422
    assert "needs an office adjustment" in response.content.decode()


def test_an_adjustment_needs_a_reason(county):
    services.attendance_certify(
        actor=county.office, section=county.welding, school_year=county.year, period="P1"
    )
    with pytest.raises(ValidationError, match="reason"):
        services.attendance_adjust(
            actor=county.office,
            meeting=sep_3(county),
            enrollment=county.enrollments[("ben", "welding")],
            arrived=time(13),
            departed=time(16),
            reason="  ",
        )


def test_an_adjustment_changes_the_record_and_shows_in_the_next_report(county, client):
    services.attendance_certify(
        actor=county.office, section=county.welding, school_year=county.year, period="P1"
    )
    client.force_login(county.office)
    response = client.post(
        f"/attendance/meetings/{sep_3(county).pk}/adjust/",
        {
            "enrollment": county.enrollments[("ben", "welding")].pk,
            "arrived": "13:00",
            "departed": "16:00",
            "reason": "Sign-in sheet found: Ben was there all afternoon.",
        },
    )
    assert response.status_code == 302
    adjustment = AttendanceAdjustment.objects.get()
    assert (adjustment.minutes_before, adjustment.minutes_after) == (60, 180)
    assert adjustment.made_by == county.office
    out = io.StringIO()
    call_command(
        "ada_report", "--school-year", "2025-2026", "--period", "P2", "--format", "json", stdout=out
    )
    data = json.loads(out.getvalue(), parse_float=Decimal)
    assert data["totals"]["hours"] == 19  # 17 + the 2 hours adjusted
    [shown] = data["adjustments"]
    assert shown["reason"] == "Sign-in sheet found: Ben was there all afternoon."
    assert (shown["hours_before"], shown["hours_after"]) == (1, 3)
    assert shown["date"] == "2025-09-03" and shown["section"] == "WELD-1"
    page = get_after_work(
        client, "/funding/ada/", {"school_year": "2025-2026", "period": "P2", "by": "site"}
    )
    assert "Sign-in sheet found" in page.content.decode()


def test_an_adjustment_is_only_for_certified_meetings(county):
    with pytest.raises(ValidationError, match="not certified"):
        services.attendance_adjust(
            actor=county.office,
            meeting=sep_3(county),
            enrollment=county.enrollments[("ben", "welding")],
            arrived=time(13),
            departed=time(16),
            reason="Found the sheet",
        )


def test_instructors_cannot_adjust_or_certify(county, client):
    services.attendance_certify(
        actor=county.office, section=county.welding, school_year=county.year, period="P1"
    )
    client.force_login(county.terry)
    adjust = client.post(
        f"/attendance/meetings/{sep_3(county).pk}/adjust/",
        {"enrollment": county.enrollments[("ben", "welding")].pk, "reason": "x"},
    )
    assert adjust.status_code == 404
    assert client.get("/attendance/certify/").status_code == 404
    assert not AttendanceAdjustment.objects.exists()


def test_the_office_certifies_from_the_page(county, client):
    client.force_login(county.office)
    page = client.get("/attendance/certify/", {"school_year": "2025-2026", "period": "P1"})
    rows = {s.code: s for s in page.context["page"]}
    assert rows["WELD-1"].record_count == 4 and rows["WELD-1"].minutes == 600
    assert rows["WELD-1"].certified_through is None
    response = client.post(
        "/attendance/certify/",
        {"school_year": "2025-2026", "period": "P1", "section": [county.welding.pk]},
    )
    assert response.status_code == 302
    certification = AttendanceCertification.objects.get()
    assert (certification.section, certification.certified_by) == (county.welding, county.office)
    page = client.get(
        "/attendance/certify/", {"school_year": "2025-2026", "period": "P1", "show": "all"}
    )
    assert {s.code: s for s in page.context["page"]}["WELD-1"].certified_through == date(
        2025, 12, 31
    )


# --- six clicks of "Certify" at once (issue 12: one certification and five server errors) ---


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("shared_database")
def test_six_certify_clicks_at_once_make_one_certification_and_five_already_certified(county):
    from django.test import Client
    from django.urls import reverse

    w = county
    url = reverse("attendance_certify")
    data = {"school_year": w.year.name, "period": "P1", "section": [w.welding.pk]}

    def click():
        browser = Client()
        browser.force_login(w.office)
        response = browser.post(url, data, follow=True)
        return response.status_code, response.content.decode()

    answers = run_together([click] * 6)
    assert [status for status, _ in answers] == [200] * 6
    refused = [text for _, text in answers if "is already certified through" in text]
    assert len(refused) == 5
    assert AttendanceCertification.objects.filter(section=w.welding).count() == 1
    assert AuditEvent.objects.filter(action="attendance.certify").count() == 1
