"""Taking attendance: the instructor's sheet for a meeting, one mark per student, present by
default, corrections audited, two people at once, and who may do it."""

from __future__ import annotations

from datetime import time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ropdesk.attendance import services
from ropdesk.attendance.models import AttendanceRecord
from ropdesk.core.models import AuditEvent, Role
from ropdesk.core.tests import factories as f
from ropdesk.core.tests.clock import suite_today
from ropdesk.enrollment.models import Enrollment
from ropdesk.scheduling.models import Meeting

pytestmark = pytest.mark.django_db

FRAGMENT = {"HTTP_X_ROPDESK_FRAGMENT": "row"}


class Class:
    """A section meeting today 13:00-15:30 with three students, taught by Terry."""

    def __init__(self, students=3):
        self.teacher = f.user("terry", role=Role.INSTRUCTOR, first_name="Terry", last_name="T")
        self.section = f.section(instructor=self.teacher, start=time(13), end=time(15, 30))
        self.today = suite_today()
        self.meeting, _ = Meeting.objects.get_or_create(
            section=self.section,
            date=self.today,
            defaults={"start_time": time(13), "end_time": time(15, 30)},
        )
        Enrollment.objects.filter(section=self.section).delete()
        self.enrollments = [
            f.enroll(f.student(last=f"Student{k}"), self.section) for k in range(students)
        ]
        for e in self.enrollments:
            Enrollment.objects.filter(pk=e.pk).update(enrolled_on=self.today - timedelta(30))
            e.refresh_from_db()

    def mark(self, client, enrollment, mark, fragment=True, **times):
        data = {"enrollment": enrollment.pk, "mark": mark, **times}
        extra = FRAGMENT if fragment else {}
        return client.post(f"/attendance/meetings/{self.meeting.pk}/mark/", data, **extra)

    def record(self, enrollment):
        return AttendanceRecord.objects.get(enrollment=enrollment, meeting=self.meeting)


@pytest.fixture
def klass():
    return Class()


def test_the_sheet_shows_everyone_present_by_default(klass, client):
    client.force_login(klass.teacher)
    response = client.get(f"/attendance/meetings/{klass.meeting.pk}/")
    assert response.status_code == 200
    assert [row.state for row in response.context["rows"]] == ["not_recorded"] * 3
    assert "Present (not saved)" in response.content.decode()
    assert response.context["unrecorded"] == 3


def test_one_tap_marks_a_student_absent_and_answers_with_the_row(klass, client):
    client.force_login(klass.teacher)
    response = klass.mark(client, klass.enrollments[0], "absent")
    assert response.status_code == 200
    assert response.content.decode().lstrip().startswith("<li")
    record = klass.record(klass.enrollments[0])
    assert (record.arrived, record.departed, record.credited_minutes) == (None, None, 0)
    assert record.recorded_by == klass.teacher


def test_the_row_sent_back_after_a_mark_is_the_row_the_sheet_shows(klass, client):
    # The row is drawn from the record the mark wrote (no second read of the record, the
    # roster or the certification): it must say what a fresh sheet says about the student.
    import re

    def row_of(html, enrollment):
        pattern = rf'<li class="mark-row[^"]*" id="row-{enrollment.pk}".*?</li>'
        row = re.search(pattern, html, re.S).group(0)
        row = re.sub(r' data-announce="[^"]*"', "", row)  # only the answer announces it
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", row)

    def reads_of(table, call):
        seen = []

        def record(execute, sql, params, many, context):
            seen.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(record):
            result = call()
        return result, sum(f'FROM "{table}"' in sql for sql in seen)

    client.force_login(klass.teacher)
    student = klass.enrollments[1]
    for mark, times, expected in (
        ("tardy", {"arrived": "13:50"}, 3),  # the current times, the lock, update_or_create's
        ("left_early", {"departed": "14:00"}, 3),
        ("present", {}, 2),  # present sets both times: nothing to read before the lock
    ):
        response, records = reads_of(
            "attendance_attendancerecord",
            lambda mark=mark, times=times: klass.mark(client, student, mark, **times),
        )
        answer = response.content.decode()
        sheet = client.get(f"/attendance/meetings/{klass.meeting.pk}/").content.decode()
        assert row_of(answer, student) == row_of(sheet, student)
        assert "by Terry T" in answer
        assert records == expected
    _response, certifications = reads_of(
        "attendance_attendancecertification", lambda: klass.mark(client, student, "absent")
    )
    assert certifications == 1  # checked in the mark's transaction, not again for the row


def test_tardy_keeps_the_arrival_time_and_credits_by_blocks(klass, client):
    client.force_login(klass.teacher)
    klass.mark(client, klass.enrollments[1], "tardy", arrived="13:50")
    record = klass.record(klass.enrollments[1])
    assert (record.arrived, record.departed) == (time(13, 50), time(15, 30))
    assert record.credited_minutes == 150  # present in all three blocks


def test_left_early_keeps_the_arrival_already_recorded(klass, client):
    client.force_login(klass.teacher)
    klass.mark(client, klass.enrollments[1], "tardy", arrived="13:50")
    klass.mark(client, klass.enrollments[1], "left_early", departed="14:00")
    record = klass.record(klass.enrollments[1])
    assert (record.arrived, record.departed, record.credited_minutes) == (
        time(13, 50),
        time(14, 0),
        60,
    )


def test_tardy_without_a_time_says_what_to_do(klass, client):
    client.force_login(klass.teacher)
    response = klass.mark(client, klass.enrollments[0], "tardy", arrived="")
    assert response.status_code == 422
    assert "Enter the time the student arrived" in response.content.decode()
    assert not AttendanceRecord.objects.exists()


def test_without_javascript_the_form_posts_and_comes_back_to_the_row(klass, client):
    client.force_login(klass.teacher)
    response = klass.mark(client, klass.enrollments[2], "absent", fragment=False)
    assert response.status_code == 302
    assert response["Location"].endswith(
        f"/attendance/meetings/{klass.meeting.pk}/#row-{klass.enrollments[2].pk}"
    )


def test_the_rest_are_saved_present_without_touching_marked_students(klass, client):
    client.force_login(klass.teacher)
    klass.mark(client, klass.enrollments[0], "absent")
    response = client.post(f"/attendance/meetings/{klass.meeting.pk}/present/")
    assert response.status_code == 302
    states = {
        e.pk: (r.arrived, r.credited_minutes) for e in klass.enrollments for r in [klass.record(e)]
    }
    assert states[klass.enrollments[0].pk] == (None, 0)
    assert states[klass.enrollments[1].pk] == (time(13), 150)
    assert states[klass.enrollments[2].pk] == (time(13), 150)


def test_a_meeting_with_no_students_has_nothing_to_save():
    empty = Class(students=0)
    assert services.attendance_mark_rest_present(actor=empty.teacher, meeting=empty.meeting) == 0
    assert not AttendanceRecord.objects.exists()


def test_two_instructors_marking_different_students_keep_both_marks(klass, client):
    office = f.user("office", role=Role.ADMINISTRATOR)
    other = type(client)()
    client.force_login(klass.teacher)
    other.force_login(office)
    # Both loaded the sheet before either saved.
    client.get(f"/attendance/meetings/{klass.meeting.pk}/")
    other.get(f"/attendance/meetings/{klass.meeting.pk}/")
    klass.mark(client, klass.enrollments[0], "absent")
    klass.mark(other, klass.enrollments[1], "tardy", arrived="14:10")
    assert klass.record(klass.enrollments[0]).arrived is None
    assert klass.record(klass.enrollments[1]).arrived == time(14, 10)


def test_for_the_same_student_the_last_write_wins_and_says_whose_it_replaced(klass, client):
    office = f.user("office", role=Role.ADMINISTRATOR, first_name="Olga", last_name="Office")
    other = type(client)()
    client.force_login(klass.teacher)
    other.force_login(office)
    klass.mark(client, klass.enrollments[0], "absent")
    seen = klass.record(klass.enrollments[0]).recorded_at.isoformat()
    klass.mark(other, klass.enrollments[0], "present", seen=seen)  # office saw it: no note
    response = klass.mark(client, klass.enrollments[0], "tardy", arrived="13:20", seen=seen)
    assert "This replaced a change Olga Office made" in response.content.decode()
    record = klass.record(klass.enrollments[0])
    assert (record.arrived, record.recorded_by) == (time(13, 20), klass.teacher)


def test_corrections_are_audited_with_who_and_what(klass):
    enrollment = klass.enrollments[0]
    meeting = klass.meeting
    services.attendance_mark(
        actor=klass.teacher, meeting=meeting, enrollment=enrollment, arrived=None, departed=None
    )
    services.attendance_mark(
        actor=klass.teacher,
        meeting=meeting,
        enrollment=enrollment,
        arrived=time(13, 5),
        departed=time(15, 30),
    )
    event = AuditEvent.objects.get(action="attendance.correct")
    assert event.actor == klass.teacher
    assert event.details["before"] == [None, None]
    assert event.details["after"] == ["13:05", "15:30"]


def test_saving_the_same_mark_again_changes_nothing(klass):
    args = dict(
        actor=klass.teacher,
        meeting=klass.meeting,
        enrollment=klass.enrollments[0],
        arrived=time(13),
        departed=time(15),
    )
    services.attendance_mark(**args)
    before = klass.record(klass.enrollments[0]).recorded_at
    result = services.attendance_mark(**args)
    assert not result.changed
    assert klass.record(klass.enrollments[0]).recorded_at == before
    assert not AuditEvent.objects.filter(action="attendance.correct").exists()


def test_a_past_meeting_can_be_corrected(klass):
    # A week ago is a meeting day of the section whatever weekday today is: reuse it.
    past, _ = Meeting.objects.update_or_create(
        section=klass.section,
        date=klass.today - timedelta(days=7),
        defaults={"start_time": time(13), "end_time": time(15, 30)},
    )
    result = services.attendance_mark(
        actor=klass.teacher,
        meeting=past,
        enrollment=klass.enrollments[0],
        arrived=time(14, 10),
        departed=time(14, 40),
    )
    assert result.record.credited_minutes == 60


def test_a_future_meeting_cannot_be_marked(klass):
    later, _ = Meeting.objects.update_or_create(
        section=klass.section,
        date=klass.today + timedelta(days=1),
        defaults={"start_time": time(13), "end_time": time(15, 30)},
    )
    with pytest.raises(ValidationError, match="not happened yet"):
        services.attendance_mark(
            actor=klass.teacher,
            meeting=later,
            enrollment=klass.enrollments[0],
            arrived=None,
            departed=None,
        )


def test_times_must_be_both_or_neither_and_in_order(klass):
    base = dict(actor=klass.teacher, meeting=klass.meeting, enrollment=klass.enrollments[0])
    with pytest.raises(ValidationError, match="both"):
        services.attendance_mark(**base, arrived=time(13), departed=None)
    with pytest.raises(ValidationError, match="leave after arriving"):
        services.attendance_mark(**base, arrived=time(14), departed=time(14))


def test_a_student_of_another_section_cannot_be_marked(klass):
    stranger = f.enroll(f.student(), f.section())
    with pytest.raises(ValidationError, match="not enrolled in this section"):
        services.attendance_mark(
            actor=klass.teacher, meeting=klass.meeting, enrollment=stranger, arrived=None,
            departed=None,
        )  # fmt: skip


def test_a_dropped_student_leaves_the_roster_from_the_day_they_left(klass, client):
    Enrollment.objects.filter(pk=klass.enrollments[2].pk).update(
        status=Enrollment.Status.DROPPED, ended_on=klass.today
    )
    client.force_login(klass.teacher)
    response = client.get(f"/attendance/meetings/{klass.meeting.pk}/")
    assert len(response.context["rows"]) == 2


@pytest.mark.parametrize(
    "persona", ["other_instructor", "coordinator", "counselor", "student", "support"]
)
def test_nobody_else_can_open_or_mark_the_sheet(klass, client, persona):
    district = klass.section.site.district
    users = {
        "other_instructor": lambda: f.user(role=Role.INSTRUCTOR),
        "coordinator": lambda: f.user(role=Role.DISTRICT_COORDINATOR, organization=district),
        "counselor": lambda: f.user(role=Role.COUNSELOR, organization=district),
        "student": lambda: f.user(role=Role.STUDENT),
        "support": lambda: f.user(role=Role.SUPPORT_SERVICES),
    }
    client.force_login(users[persona]())
    assert client.get(f"/attendance/meetings/{klass.meeting.pk}/").status_code == 404
    assert klass.mark(client, klass.enrollments[0], "absent").status_code == 404
    assert client.post(f"/attendance/meetings/{klass.meeting.pk}/present/").status_code == 404
    assert not AttendanceRecord.objects.exists()


def test_the_sheet_runs_the_same_queries_for_3_or_30_students(client):
    small = Class(students=3)
    client.force_login(small.teacher)
    url = f"/attendance/meetings/{small.meeting.pk}/"
    services.attendance_mark_rest_present(actor=small.teacher, meeting=small.meeting)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _k in range(27):
        f.enroll(f.student(), small.section)
    services.attendance_mark_rest_present(actor=small.teacher, meeting=small.meeting)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(response.context["rows"]) == 30
    assert len(many) == len(few)


def test_the_instructor_dashboard_links_to_todays_sheet(klass, client):
    client.force_login(klass.teacher)
    page = client.get("/dashboard/").content.decode()
    assert f'href="/attendance/meetings/{klass.meeting.pk}/"' in page
    assert "Take attendance" in page


def test_the_attendance_home_lists_todays_meetings(klass, client):
    client.force_login(klass.teacher)
    response = client.get("/attendance/")
    assert list(response.context["todays"]) == [klass.meeting]
