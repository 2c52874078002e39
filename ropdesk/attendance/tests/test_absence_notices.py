"""Absence notices (attendance/notices.py): off by default; when the program turns them on,
each absence is told once, to the student and to the parents the privacy rule allows, in each
reader's language; a mark corrected to present before the job runs is never told.

The suite's clock is Monday 2026-11-02, a meeting day of the Monday section below."""

from __future__ import annotations

from datetime import date, time

import pytest

from ropdesk.attendance import notices, services
from ropdesk.attendance.models import AbsenceNotice
from ropdesk.core.models import MailMessage, Role
from ropdesk.core.tests import factories as f
from ropdesk.core.tests.work import committed_then_worked
from ropdesk.scheduling.models import Meeting

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 2)


class Class:
    def __init__(self, *, birth_date: date | None = date(2010, 10, 14)) -> None:
        self.teacher = f.user("teach", role=Role.INSTRUCTOR)
        self.section = f.section(instructor=self.teacher, days="Mon", start=time(14), end=time(16))
        self.student = f.student(first="Sofia", last="Ramirez", birth_date=birth_date)
        self.student.email = "sofia@example.org"
        self.student.save(update_fields=["email"])
        f.guardian_of(
            self.student,
            f.user("elena", role=Role.PARENT, email="elena@example.org", preferred_language="es"),
            name="Elena Ramirez",
            email="elena@example.org",
        )
        self.enrollment = f.enroll(self.student, self.section)

    def mark(self, day: date, arrived: time | None, departed: time | None) -> None:
        services.attendance_mark(
            actor=self.teacher,
            meeting=Meeting.objects.get(section=self.section, date=day),
            enrollment=self.enrollment,
            arrived=arrived,
            departed=departed,
        )


def _send() -> str:
    with committed_then_worked():
        return notices.absence_notices_send(today=TODAY)


def test_no_notice_unless_the_program_turns_them_on(settings):
    assert settings.ROPDESK["ABSENCE_NOTICES"] is False  # the default
    room = Class()
    room.mark(TODAY, None, None)

    assert _send().startswith("off")
    assert not MailMessage.objects.exists()
    assert not AbsenceNotice.objects.exists()


def test_an_absence_is_told_once_to_the_student_and_the_parent_each_in_their_language(settings):
    settings.ROPDESK = {**settings.ROPDESK, "ABSENCE_NOTICES": True}
    room = Class()
    room.mark(TODAY, None, None)

    assert _send() == "1 absences told, 2 messages"
    assert _send() == "0 absences told, 0 messages"  # told once

    student = MailMessage.objects.get(to="sofia@example.org")
    parent = MailMessage.objects.get(to="elena@example.org")
    assert student.language == "en"
    course = room.section.course.title
    assert student.subject == f"Absence: Sofia Ramirez, {course} on Mon, Nov 2, 2026"
    assert f"marked absent from {course} on Mon, Nov 2, 2026 (2:00 PM to 4:00 PM)" in (student.body)
    assert parent.language == "es"
    assert parent.subject.startswith("Ausencia: Sofia Ramirez")
    assert "tuvo una ausencia" in parent.body


def test_a_mark_corrected_to_present_before_the_job_is_never_told(settings):
    settings.ROPDESK = {**settings.ROPDESK, "ABSENCE_NOTICES": True}
    room = Class()
    room.mark(TODAY, None, None)
    room.mark(TODAY, time(14), time(16))

    assert _send() == "0 absences told, 0 messages"


def test_a_late_mark_from_days_back_is_told_but_not_an_old_one(settings):
    settings.ROPDESK = {**settings.ROPDESK, "ABSENCE_NOTICES": True}
    room = Class()
    room.mark(date(2026, 10, 26), None, None)  # a week back: past the 3 days
    assert _send() == "0 absences told, 0 messages"
    settings.ROPDESK = {**settings.ROPDESK, "ABSENCE_NOTICE_DAYS_BACK": 7}
    assert _send() == "1 absences told, 2 messages"


def test_the_parents_of_an_adult_student_are_not_told_without_consent(settings):
    settings.ROPDESK = {**settings.ROPDESK, "ABSENCE_NOTICES": True}
    room = Class(birth_date=date(2006, 5, 1))  # 20 years old
    room.mark(TODAY, None, None)

    assert _send() == "1 absences told, 1 messages"
    assert list(MailMessage.objects.values_list("to", flat=True)) == ["sofia@example.org"]


def test_a_student_whose_birth_date_is_unknown_is_told_the_parents_are_not(settings):
    settings.ROPDESK = {**settings.ROPDESK, "ABSENCE_NOTICES": True}
    room = Class(birth_date=None)
    room.mark(TODAY, None, None)

    assert _send() == "1 absences told, 1 messages"
    assert MailMessage.objects.get().to == "sofia@example.org"


def test_the_worker_runs_it_after_the_school_day(settings):
    assert settings.ROPDESK["SCHEDULE"]["absence-notices"] == {
        "call": "ropdesk.attendance.notices.absence_notices_send",
        "at": "17:30",
    }
