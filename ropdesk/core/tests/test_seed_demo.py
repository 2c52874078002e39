"""The demo county: realistic, deterministic, and never duplicated by a second run."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from ropdesk.attendance.models import AttendanceRecord
from ropdesk.catalog.models import Course, InstructionMode
from ropdesk.core.models import Organization, RoleAssignment, Student, User
from ropdesk.demo.seed import DEMO_LOGINS, DEMO_PASSWORD
from ropdesk.enrollment.models import Enrollment
from ropdesk.scheduling.models import Meeting, Section

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 2)


def seed(**options):
    out = StringIO()
    call_command(
        "seed_demo",
        students=options.pop("students", 120),
        seed=7,
        today=TODAY,
        stdout=out,
        **options,
    )
    return out.getvalue()


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (
            Organization,
            User,
            RoleAssignment,
            Course,
            Section,
            Meeting,
            Student,
            Enrollment,
            AttendanceRecord,
        )
    }


def test_the_demo_county_has_what_a_program_has():
    output = seed()
    assert Organization.objects.filter(kind="district").count() == 23
    # 58 courses, and the introductory course of each sequence (the outcomes demo's).
    assert Course.objects.exclude(code__endswith="-I").count() == 58
    assert {m for m in Section.objects.values_list("mode", flat=True)} == set(InstructionMode)
    grades = set(Student.objects.values_list("grade_level", flat=True))
    assert {"11", "12", "AD"} <= grades
    assert AttendanceRecord.objects.filter(meeting__date__gte=TODAY).count() == 0
    assert AttendanceRecord.objects.filter(arrived__isnull=True).exists()  # some absences
    assert AttendanceRecord.objects.count() > 1000
    for username, role in DEMO_LOGINS:
        assert f"{role.label}" in output and username in output
        account = User.objects.get(username=username)
        assert account.check_password(DEMO_PASSWORD)
        assert RoleAssignment.objects.filter(user=account, role=role).exists()


def test_running_it_again_duplicates_nothing():
    seed()
    first = counts()
    seed()
    assert counts() == first


@pytest.mark.django_db(transaction=True)
def test_the_same_seed_gives_the_same_county():
    seed()
    picture = sorted(Student.objects.values_list("local_id", "legal_last_name", "birth_date"))
    call_command("flush", interactive=False, verbosity=0)
    seed()
    assert (
        sorted(Student.objects.values_list("local_id", "legal_last_name", "birth_date")) == picture
    )


def test_every_demo_login_reaches_its_dashboard(client):
    seed()
    for username, _role in DEMO_LOGINS:
        assert client.login(username=username, password=DEMO_PASSWORD)
        response = client.get("/dashboard/")
        assert response.status_code == 200
        assert "Signed in as" in response.content.decode()
        client.logout()


def test_the_demo_roles_see_each_other_s_student(client):
    """The demo student is on the instructor's roster, at the supervisor's site, and the
    parent's child: the demo tells one story from every side."""
    seed()
    sofia = Student.objects.get(user__username="student")
    for username in ("instructor", "supervisor", "parent", "counselor", "coordinator", "admin"):
        client.login(username=username, password=DEMO_PASSWORD)
        assert client.get(f"/students/{sofia.pk}/").status_code == 200, username
        client.logout()
    client.login(username="support", password=DEMO_PASSWORD)
    assert client.get(f"/students/{sofia.pk}/").status_code == 404


def test_if_empty_leaves_a_database_with_data_alone():
    seed()
    before = counts()
    output = seed(students=300, if_empty=True)
    assert counts() == before
    assert "not loaded again" in output
    assert "admin" in output


def test_high_school_students_are_16_or_older_on_the_first_day():
    from ropdesk.scheduling.models import SchoolYear

    seed()
    first = SchoolYear.objects.get(name="2026-2027").first_instruction_day  # the demo's year
    for student in Student.objects.exclude(grade_level="AD"):
        age = student.age_on(first)
        assert age is not None and age >= 16, student.local_id


def test_last_years_enrollments_keep_the_grade_of_last_year():
    """The district return files for last year read the grade the student had then
    (returns/rows.py): a student in grade 12 now was in grade 11 in last year's course, and
    last year's completers were in grade 12."""
    seed()
    last_year = Enrollment.objects.filter(section__term__end_date__lt=date(2026, 7, 1))
    assert last_year.exists()
    pairs = set(last_year.values_list("student__grade_level", "grade_level"))
    current_students = {(now, then) for now, then in pairs if now != "12" or then != "12"}
    assert current_students <= {("10", "09"), ("11", "10"), ("12", "11")}
    assert not last_year.filter(grade_level="").exists()
