"""The office's pages for SEIDs, CDS codes, course credits and CALPADS codes: only the office
reaches them, every value is checked (an SEID is 10 digits, a CDS code 14), a table with a
mistake saves nothing and names the row and field, and every change is audited."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from ropdesk.catalog.models import Course
from ropdesk.core.models import AuditEvent, Role
from ropdesk.core.tests import factories as f
from ropdesk.marks.models import CourseCredit
from ropdesk.returns.models import CdsCode, StaffStateId
from ropdesk.returns.tests import world

pytestmark = pytest.mark.django_db
PAGES = ["returns_setup_seids", "returns_setup_cds", "returns_setup_courses"]


@pytest.fixture
def county():
    return world.build()


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize(
    "role", [Role.DISTRICT_COORDINATOR, Role.INSTRUCTOR, Role.COUNSELOR, Role.SUPPORT_SERVICES]
)
def test_only_the_office_reaches_the_pages(client, county, name, role):
    client.force_login(f.user(f"someone-{role}", role=role, organization=county.north))
    assert client.get(reverse(name)).status_code == 404
    assert client.post(reverse(name), {}).status_code == 404
    client.force_login(county.office)
    assert client.get(reverse(name)).status_code == 200


def test_the_office_enters_seids_checked_and_audited(client, county):
    client.force_login(county.office)
    nguyen = StaffStateId.objects.filter(user__username="tnguyen").first()
    assert nguyen is None  # reported with the placeholder
    from ropdesk.core.models import User

    morales, nguyen_user = (User.objects.get(username=u) for u in ("tmorales", "tnguyen"))
    bad = client.post(
        reverse("returns_setup_seids"),
        {f"seid-{morales.pk}": "1234567890", f"seid-{nguyen_user.pk}": "12345"},
    )
    page = bad.content.decode()
    assert bad.status_code == 200
    assert "Nothing was saved: 1 value needs correcting." in page
    assert f'id="id_seid-{nguyen_user.pk}_error">An SEID is 10 digits.' in page
    assert not StaffStateId.objects.filter(user=nguyen_user).exists()
    taken = client.post(
        reverse("returns_setup_seids"),
        {f"seid-{morales.pk}": "1234567890", f"seid-{nguyen_user.pk}": "1234567890"},
    )
    assert "This SEID is already another instructor&#x27;s." in taken.content.decode()
    ok = client.post(
        reverse("returns_setup_seids"),
        {f"seid-{morales.pk}": "9999999999", f"seid-{nguyen_user.pk}": "2222222222"},
    )
    assert ok.status_code == 302
    assert dict(StaffStateId.objects.values_list("user__username", "seid")) == {
        "tnguyen": "2222222222"
    }  # the placeholder means "none": Morales is reported with it
    events = AuditEvent.objects.filter(action="returns.seid_set").order_by("pk")
    assert [(e.details["before"], e.details["after"]) for e in events] == [
        ("1234567890", ""),
        ("", "2222222222"),
    ]


def test_cds_codes_are_14_digits_and_a_school_follows_its_district(client, county):
    client.force_login(county.office)
    north_high = county.ana.school_of_attendance
    bad = client.post(
        reverse("returns_setup_cds"),
        {f"cds-{county.north.pk}": "1964733000000", f"cds-{north_high.pk}": "19648811930247"},
    )
    page = bad.content.decode()
    assert "A CDS code is 14 digits." in page
    assert CdsCode.objects.get(organization=county.north).code == "19647330000000"
    wrong_district = client.post(
        reverse("returns_setup_cds"), {f"cds-{north_high.pk}": "19648811930247"}
    )
    assert "starts with its district&#x27;s county and district digits (1964733)" in (
        wrong_district.content.decode()
    )
    ok = client.post(reverse("returns_setup_cds"), {f"cds-{north_high.pk}": "19647331930999"})
    assert ok.status_code == 302
    assert CdsCode.objects.get(organization=north_high).code == "19647331930999"
    event = AuditEvent.objects.get(action="returns.cds_set")
    assert (event.details["before"], event.details["after"]) == (
        "19647331930247",
        "19647331930999",
    )


def test_course_credits_and_state_codes_are_checked_and_audited(client, county):
    client.force_login(county.office)
    assisting, care = Course.objects.get(code="MA100"), Course.objects.get(code="PC200")
    bad = client.post(
        reverse("returns_setup_courses"),
        {f"credits-{care.pk}": "2.555", f"code-{care.pk}": "0000"},
    )
    page = bad.content.decode()
    assert "Credits are a number from 0 to 999.99, with at most two decimals." in page
    assert "0000 is not a CALPADS state course code" in page
    ok = client.post(
        reverse("returns_setup_courses"),
        {
            f"credits-{assisting.pk}": "",
            f"code-{assisting.pk}": "7934",
            f"credits-{care.pk}": "2.5",
            f"code-{care.pk}": "",
        },
    )
    assert ok.status_code == 302
    care.refresh_from_db()
    assert care.state_course_code is None  # no longer reported
    assert dict(CourseCredit.objects.values_list("course__code", "credits")) == {
        "PC200": Decimal("2.50")
    }
    assert AuditEvent.objects.filter(action="returns.course_set").count() == 2


def test_the_pages_keep_their_query_count(client, county, django_assert_max_num_queries):
    client.force_login(county.office)
    counts = {}
    for name in PAGES:
        with django_assert_max_num_queries(30) as ctx:
            client.get(reverse(name))
        counts[name] = len(ctx.captured_queries)
    for k in range(5):
        f.user(f"teacher{k}", role=Role.INSTRUCTOR)
        f.school(county.north, f"School {k}")
        f.course(title=f"Extra {k}")
    for name in PAGES:
        with django_assert_max_num_queries(counts[name]):
            client.get(reverse(name))


def test_the_office_finds_the_pages_from_the_menu(client, county):
    client.force_login(county.office)
    assert reverse("returns_setup_seids") in client.get(reverse("returns_home")).content.decode()
