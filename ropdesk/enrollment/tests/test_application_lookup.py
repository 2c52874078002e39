"""Entering an application finds the student by what staff see (issue 15): the ROP student id
or the name, never the database's number; the admissions queue finds an application by the
student's ROP id too."""

from __future__ import annotations

import pytest

from ropdesk.core.models import Role
from ropdesk.core.tests import factories as f
from ropdesk.enrollment import queries
from ropdesk.enrollment.forms import StaffApplicationForm
from ropdesk.enrollment.tests.helpers import application

pytestmark = pytest.mark.django_db

URL = "/admissions/new/"


def student(local_id, **fields):
    found = f.student(**fields)
    found.local_id = local_id
    found.save(update_fields=["local_id"])
    return found


@pytest.fixture
def people():
    a, b = f.district("District A"), f.district("District B")
    return {
        "a": a,
        "admin": f.user("admin", role=Role.ADMINISTRATOR),
        "counselor": f.user("counselor", role=Role.COUNSELOR, organization=a),
        "support": f.user("support", role=Role.SUPPORT_SERVICES),
        "lucia": student("ROP-10442", district_org=a, first="Lucía", last="Herrera"),
        "luis": student("ROP-10447", district_org=a, first="Luis", last="Herrera"),
        "other": student("ROP-20001", district_org=b, first="Lucas", last="Herrera"),
    }


def test_the_rop_id_finds_the_one_student(people):
    from ropdesk.core.models import Student

    found, matches = queries.student_lookup(Student.objects.all(), "rop-10442")
    assert (found, matches) == (people["lucia"], [])
    found, matches = queries.student_lookup(Student.objects.all(), "Herrera")
    assert found is None
    assert [s.local_id for s in matches] == ["ROP-20001", "ROP-10442", "ROP-10447"]
    found, _ = queries.student_lookup(Student.objects.all(), "herrera luis")
    assert found == people["luis"]
    assert queries.student_lookup(Student.objects.all(), "nobody") == (None, [])


def test_the_page_fills_in_the_student_by_rop_id(people, client):
    client.force_login(people["admin"])
    response = client.get(URL, {"student": "ROP-10442"})
    page = response.content.decode()
    assert response.context["form"].initial["student"] == "ROP-10442"
    assert response.context["form"].initial["legal_last_name"] == "Herrera"
    assert 'name="student" value="ROP-10442"' in page  # the hidden field carries the ROP id
    assert "Filled in from the record of" in page and "(ROP id ROP-10442)" in page


def test_a_name_lists_the_students_to_choose_from_by_rop_id(people, client):
    client.force_login(people["admin"])
    page = client.get(URL, {"student": "Herrera"}).content.decode()
    assert "Choose the student" in page
    assert 'href="?student=ROP-10447"' in page
    assert "ROP id ROP-10447" in page
    page = client.get(URL, {"student": "Nobody"}).content.decode()
    assert "No student on record matches “Nobody”." in page


def test_the_form_takes_the_rop_id_not_the_database_number(people):
    from ropdesk.core.models import Student

    form = StaffApplicationForm(students=Student.objects.all())
    assert form.fields["student"].clean("ROP-10442") == people["lucia"]
    with pytest.raises(Exception, match="valid choice"):
        form.fields["student"].clean(str(people["lucia"].pk))


def test_a_counselor_finds_only_students_of_their_caseload(people, client):
    client.force_login(people["counselor"])
    assert client.get(URL, {"student": "ROP-20001"}).context["found"] is None
    matches = client.get(URL, {"student": "Herrera"}).context["matches"]
    assert {s.local_id for s in matches} == {"ROP-10442", "ROP-10447"}


def test_support_services_cannot_look_students_up(people, client):
    client.force_login(people["support"])
    assert client.get(URL, {"student": "ROP-10442"}).status_code == 404


def test_the_queue_finds_an_application_by_the_students_rop_id(people, client):
    known = application(school=f.school(people["a"]), student=people["lucia"], last="Herrera")
    application(school=f.school(people["a"]), last="Other")
    client.force_login(people["admin"])
    rows = list(client.get("/admissions/", {"q": "ROP-10442"}).context["page"])
    assert rows == [known]


def test_the_lookup_in_spanish(people, client):
    client.force_login(people["admin"])
    page = client.get(URL, {"student": "Herrera"}, HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Id. de estudiante del ROP o nombre" in page
    assert "Elija al estudiante" in page
