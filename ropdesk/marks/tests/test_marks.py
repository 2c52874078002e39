"""Marks and credits: the instructor's section form, the office's lock, corrections after the
lock (audited, with their reason), and who sees a student's marks and transcript."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from io import BytesIO
from typing import Any

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from pypdf import PdfReader

from ropdesk.core.models import AuditEvent, Role
from ropdesk.core.tests import factories as f
from ropdesk.marks import services
from ropdesk.marks.models import CourseCredit, GradingPeriod, Mark, MarkCorrection

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    class World:
        teacher = f.user("teacher", role=Role.INSTRUCTOR)
        office = f.user("office", role=Role.ADMINISTRATOR)
        section = f.section(instructor=teacher, course_obj=f.course(title="Medical Assisting"))
        ana = f.student(first="Ana", last="Alvarez")
        ben = f.student(first="Ben", last="Brown")

    w: Any = World()
    CourseCredit.objects.create(course=w.section.course, credits=Decimal("5.00"))
    w.ana_e = f.enroll(w.ana, w.section)
    w.ben_e = f.enroll(w.ben, w.section)
    w.period = services.grading_period_create(
        actor=w.office,
        term=w.section.term,
        name="Semester 1",
        starts_on=date(2026, 8, 19),
        ends_on=date(2027, 1, 22),
        is_final=True,
    )
    return w


def give(world, mark: str, *, lock: bool = False) -> None:
    """The teacher gives Ana `mark` in the final period; `lock`: the office then locks it."""
    services.marks_record(
        actor=world.teacher,
        section=world.section,
        grading_period=world.period,
        entries=[services.MarkEntry(world.ana_e, mark)],
    )
    if lock:
        services.grading_period_lock(actor=world.office, grading_period=world.period)


def post_marks(client, world, **rows):
    data = {"period": world.period.pk}
    for enrollment, (value, credits) in rows.items():
        e = getattr(world, enrollment)
        data[f"e{e.pk}-value"] = value
        data[f"e{e.pk}-credits_earned"] = credits
    return client.post(f"/marks/sections/{world.section.pk}/", data)


def test_the_instructor_enters_a_whole_section_in_one_form(client, world):
    client.force_login(world.teacher)
    page = client.get(f"/marks/sections/{world.section.pk}/")
    assert page.status_code == 200
    assert "Section credit value: 5.00" in page.content.decode()

    response = post_marks(client, world, ana_e=("B+", ""), ben_e=("F", ""))

    assert response.status_code == 302
    marks = {m.enrollment.student.legal_first_name: m for m in Mark.objects.all()}
    assert (marks["Ana"].value, marks["Ana"].credits_earned) == ("B+", Decimal("5.00"))
    assert (marks["Ben"].value, marks["Ben"].credits_earned) == ("F", Decimal("0.00"))
    assert marks["Ana"].credits_attempted == Decimal("5.00")
    assert AuditEvent.objects.filter(action="marks.mark_record").count() == 2


def test_partial_credit_is_kept_and_too_many_credits_save_nothing(client, world):
    client.force_login(world.teacher)
    response = post_marks(client, world, ana_e=("C", "2.50"), ben_e=("A", "6"))
    assert response.status_code == 200
    assert "Credits earned must be between 0 and 5.00." in response.content.decode()
    assert Mark.objects.count() == 0  # all or nothing

    post_marks(client, world, ana_e=("C", "2.50"), ben_e=("A", ""))
    assert Mark.objects.get(enrollment=world.ana_e).credits_earned == Decimal("2.50")


def test_a_mark_that_earns_no_credit_cannot_be_given_credits(world):
    with pytest.raises(ValidationError, match="A mark of NP earns no credit."):
        services.marks_record(
            actor=world.teacher,
            section=world.section,
            grading_period=world.period,
            entries=[services.MarkEntry(world.ana_e, "NP", Decimal("5"))],
        )


def test_the_office_locks_the_period_and_the_form_no_longer_writes(client, world):
    give(world, "A-")
    client.force_login(world.teacher)
    assert client.post(f"/marks/grading-periods/{world.period.pk}/lock/").status_code == 404

    client.force_login(world.office)
    assert client.post(f"/marks/grading-periods/{world.period.pk}/lock/").status_code == 302
    world.period.refresh_from_db()
    assert world.period.locked_by == world.office

    client.force_login(world.teacher)
    page = post_marks(client, world, ana_e=("A+", ""))
    assert "Semester 1 is locked" in page.content.decode()
    assert Mark.objects.get().value == "A-"
    with pytest.raises(ValidationError, match="is locked"):
        services.marks_record(
            actor=world.teacher,
            section=world.section,
            grading_period=world.period,
            entries=[services.MarkEntry(world.ana_e, "A+")],
        )


def test_a_correction_after_the_lock_needs_a_reason_and_is_audited(client, world):
    give(world, "I", lock=True)
    mark = Mark.objects.get()
    client.force_login(world.teacher)

    refused = client.post(f"/marks/corrections/{mark.pk}/", {"value": "B", "reason": " "})
    assert refused.status_code == 200
    assert MarkCorrection.objects.count() == 0

    done = client.post(
        f"/marks/corrections/{mark.pk}/",
        {"value": "B", "credits_earned": "", "reason": "Incomplete work turned in on 2027-02-01"},
    )
    assert done.status_code == 302
    mark.refresh_from_db()
    assert (mark.value, mark.credits_earned) == ("B", Decimal("5.00"))
    correction = MarkCorrection.objects.get()
    assert (correction.old_value, correction.new_value) == ("I", "B")
    assert correction.corrected_by == world.teacher
    event = AuditEvent.objects.get(action="marks.mark_correct")
    assert event.details == {
        "before": "I",
        "after": "B",
        "reason": "Incomplete work turned in on 2027-02-01",
    }


def test_an_open_period_is_not_corrected_but_entered(world):
    give(world, "C")
    with pytest.raises(ValidationError, match="The grading period is open"):
        services.mark_correct(
            actor=world.office, mark=Mark.objects.get(), value="B", credits_earned=None, reason="x"
        )


def test_another_instructor_cannot_open_the_section_form(client, world):
    client.force_login(f.user(role=Role.INSTRUCTOR))
    assert client.get(f"/marks/sections/{world.section.pk}/").status_code == 404


def test_the_student_and_parent_see_marks_and_a_stranger_does_not(client, world):
    give(world, "A", lock=True)
    ana_account = f.user(role=Role.STUDENT)
    world.ana.user = ana_account
    world.ana.save(update_fields=["user"])
    parent = f.user(role=Role.PARENT)
    f.guardian_of(world.ana, parent)

    for viewer in (ana_account, parent):
        client.force_login(viewer)
        page = client.get(f"/marks/students/{world.ana.pk}/")
        assert page.status_code == 200
        assert "Medical Assisting" in page.content.decode()
    client.force_login(f.user(role=Role.STUDENT))
    assert client.get(f"/marks/students/{world.ana.pk}/").status_code == 404
    assert client.get(f"/marks/students/{world.ana.pk}/transcript.pdf").status_code == 404


def test_the_transcript_lists_the_final_marks_and_credits(client, world):
    give(world, "A-", lock=True)
    client.force_login(world.office)
    response = client.get(f"/marks/students/{world.ana.pk}/transcript.pdf")
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(PdfReader(BytesIO(response.content)).pages[0].extract_text().split())
    assert "ROP transcript" in text
    assert "Medical Assisting" in text and "A-" in text
    assert "Total ROP credits earned: 5.00" in text


def test_marks_and_the_transcript_name_the_course_in_the_readers_language(client, world):
    give(world, "A", lock=True)
    course = world.section.course
    course.title_es = "Asistencia Médica"
    course.save(update_fields=["title_es"])
    client.force_login(world.office)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"

    assert "Asistencia Médica" in client.get(f"/marks/students/{world.ana.pk}/").content.decode()
    response = client.get(f"/marks/students/{world.ana.pk}/transcript.pdf")
    text = " ".join(PdfReader(BytesIO(response.content)).pages[0].extract_text().split())
    assert "Asistencia Médica" in text
    client.force_login(world.teacher)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    for url in ("/marks/", f"/marks/sections/{world.section.pk}/"):
        assert "Asistencia Médica" in client.get(url).content.decode()


def test_a_period_outside_its_term_is_refused(world):
    with pytest.raises(ValidationError, match="within its term"):
        services.grading_period_create(
            actor=world.office,
            term=world.section.term,
            name="Summer",
            starts_on=date(2027, 6, 1),
            ends_on=date(2027, 7, 1),
        )
    assert GradingPeriod.objects.count() == 1


@pytest.mark.parametrize("extra", [0, 12])
def test_the_grading_period_list_keeps_its_query_count(
    client, world, extra, django_assert_num_queries
):
    for k in range(extra):
        services.grading_period_create(
            actor=None,
            term=world.section.term,
            name=f"Progress {k}",
            starts_on=date(2026, 9, 1),
            ends_on=date(2026, 10, 1),
        )
    client.force_login(world.office)
    client.get("/marks/grading-periods/")  # warm the session and the menu's caches
    with django_assert_num_queries(QUERIES_GRADING_PERIODS):
        assert client.get("/marks/grading-periods/").status_code == 200


QUERIES_GRADING_PERIODS = (
    9  # session, user, roles, menu (one: the office teaches no section), the count and the page
)


@pytest.mark.parametrize("extra", [0, 8])
def test_the_section_list_keeps_its_query_count(client, world, extra, django_assert_num_queries):
    for _k in range(extra):
        f.section(instructor=world.teacher, term_obj=world.section.term)
    client.force_login(world.teacher)
    client.get("/marks/")
    with django_assert_num_queries(QUERIES_SECTIONS):
        assert client.get("/marks/").status_code == 200


QUERIES_SECTIONS = 8  # session, user, roles, menu (two), exists, count, the page; none per row
