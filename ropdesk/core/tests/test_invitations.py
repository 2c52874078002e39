"""Granting roles: a site supervisor is invited and accepts; no one else can take the role.

The old form attached the supervisor role to any existing account by username (and ignored
the typed password), so an instructor could make themselves, or a student, supervisor of any
training site and read other instructors' trainees and approve hours that count for state
funding. Now a role is given only by the office (the Django admin, audited) or by an
invitation that the invited person alone accepts: a single-use, expiring link whose secret is
stored hashed, scoped to one site, audited and mailed to the account and to the office.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.urls import reverse

from ropdesk.core import invitations
from ropdesk.core.models import AuditEvent, Guardianship, Invitation, Role, RoleAssignment, Student
from ropdesk.core.tests import county as c
from ropdesk.core.tests import factories as f
from ropdesk.core.tests.work import committed_then_worked
from ropdesk.core.tokens import token_hash
from ropdesk.enrollment.tests import helpers

pytestmark = pytest.mark.django_db
ATTACKERS = ["instructor", "counselor", "student", "employer_supervisor"]


@pytest.fixture
def county() -> c.County:
    return c.build()


def picture() -> tuple[Any, ...]:
    return (
        list(
            RoleAssignment.objects.order_by("pk").values_list(
                "user", "role", "organization", "site"
            )
        ),
        list(
            Guardianship.objects.order_by("pk").values_list(
                "student", "user", "adult_student_consent"
            )
        ),
        list(Student.objects.order_by("pk").values_list("pk", "user")),
    )


def _invite(county: c.County, email: str, *, actor: Any = None) -> str:
    sent = invitations.supervisor_invite(
        actor=actor or county.users["instructor"],
        site=county.site,
        email=email,
        first_name="Nia",
        last_name="Boss",
        base_url="http://testserver/",
    )
    return sent.url.removeprefix("http://testserver")


def test_a_coordinator_invites_and_the_supervisor_accepts_with_their_own_password(county, client):
    client.force_login(county.users["instructor"])
    data = {
        "action": "supervisor",
        "first_name": "Nia",
        "last_name": "Boss",
        "email": "nia@gw.example",
    }
    with committed_then_worked():
        response = client.post(reverse("worksite_site", args=[county.site.pk]), data)
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert not RoleAssignment.objects.filter(user__email="nia@gw.example").exists()
    to = sorted(tuple(m.to) for m in mail.outbox)
    assert to == [("nia@gw.example",), ("office@example.org",)]
    [invite] = [m for m in mail.outbox if m.to == ["nia@gw.example"]]
    link = next(w for w in invite.body.split() if "/invitations/" in w)
    token = link.rstrip("/").rsplit("/", 1)[1]
    assert invitation.token_hash == token_hash(token) and token not in invitation.token_hash
    assert AuditEvent.objects.filter(
        action="invitation.create", object_id=str(invitation.pk)
    ).exists()

    client.logout()
    mail.outbox.clear()
    path = link.removeprefix("http://testserver")
    assert client.get(path).status_code == 200
    with committed_then_worked():
        response = client.post(
            path,
            {
                "username": "nia",
                "password": "a long new passphrase",
                "password_again": "a long new passphrase",
            },
        )
    assert response.status_code == 302
    [assignment] = RoleAssignment.objects.filter(user__username="nia")
    assert (assignment.role, assignment.site) == (Role.EMPLOYER_SUPERVISOR, county.site)
    assert assignment.user.check_password("a long new passphrase")
    assert assignment.user.email == "nia@gw.example"
    event = AuditEvent.objects.get(action="role.grant")
    assert event.details["site"] == county.site.code and event.details["invited_by"] == "instructor"
    assert sorted(tuple(m.to) for m in mail.outbox) == [
        ("nia@gw.example",),
        ("office@example.org",),
    ]
    # Single use: the link now answers "Not found".
    client.logout()
    assert client.get(path).status_code == 404


def test_an_invitation_expires_after_seven_days(county, client, _frozen_clock):
    path = _invite(county, "nia@gw.example")
    _frozen_clock.shift(timedelta(days=invitations.INVITATION_DAYS, minutes=1))
    assert client.get(path).status_code == 404
    response = client.post(
        path, {"username": "nia", "password": "x" * 20, "password_again": "x" * 20}
    )
    assert response.status_code == 404
    assert not RoleAssignment.objects.filter(user__username="nia").exists()


def test_an_existing_account_accepts_signed_in_when_it_owns_the_invited_address(county, client):
    other = county.users["other_supervisor"]
    other.email = "Sam@Harbor.example"
    other.save(update_fields=["email"])
    path = _invite(county, "sam@harbor.example")
    client.force_login(other)
    assert client.post(path).status_code == 302
    assert set(other.roles.values_list("site", flat=True)) == {county.site.pk, county.other_site.pk}


@pytest.mark.parametrize("persona", ATTACKERS)
def test_no_one_holding_another_role_accepts_their_own_or_someone_elses_invitation(
    county, client, persona
):
    """The instructor invites themselves; a student, counselor or supervisor is invited, or
    holds someone else's link: the page refuses (403) and no role changes."""
    user = county.users[persona]
    own = _invite(county, user.email or f"{persona}@example.org")
    someone_elses = _invite(county, "nia@gw.example")
    if persona == "employer_supervisor":
        own = someone_elses  # a supervisor may accept only their own address
    before = picture()
    client.force_login(user)
    for path in (own, someone_elses):
        assert client.get(path).status_code == 403
        assert client.post(path).status_code == 403
    assert picture() == before


@pytest.mark.parametrize("persona", ATTACKERS)
def test_only_coordinators_may_invite_and_an_invitation_is_no_role(county, client, persona):
    client.force_login(county.users[persona])
    user = county.users[persona]
    data = {
        "action": "supervisor",
        "first_name": "Me",
        "last_name": "Me",
        "email": user.email or "me@x.org",
    }
    before = picture()
    response = client.post(reverse("worksite_site", args=[county.site.pk]), data)
    if persona == "instructor":
        assert response.status_code == 302  # an invitation, which they cannot accept (above)
        assert Invitation.objects.filter(email=data["email"]).exists()
    else:
        assert response.status_code == 404
        assert not Invitation.objects.exists()
    assert picture() == before


@pytest.mark.parametrize("persona", ATTACKERS)
def test_no_one_but_the_office_gives_roles_or_links_accounts_in_the_django_admin(
    county, client, persona
):
    user = county.users[persona]
    cora = county.trainee.student
    client.force_login(user)
    before = picture()
    attempts = {
        reverse("admin:core_user_change", args=[user.pk]): {
            "username": user.username,
            "roles-TOTAL_FORMS": "1",
            "roles-INITIAL_FORMS": "0",
            "roles-0-role": "administrator",
        },
        reverse("admin:core_user_add"): {
            "username": "mole",
            "password1": "x" * 20,
            "password2": "x" * 20,
        },
        reverse("admin:core_student_change", args=[cora.pk]): {
            "user": user.pk,
            "guardianships-TOTAL_FORMS": "1",
            "guardianships-INITIAL_FORMS": "0",
            "guardianships-0-name": "Mole",
            "guardianships-0-user": user.pk,
        },
        reverse("admin:core_student_add"): {"local_id": "MOLE", "user": user.pk},
    }
    for url, data in attempts.items():
        assert client.get(url).status_code == 404, url
        assert client.post(url, data).status_code == 404, url
    assert picture() == before


@pytest.mark.parametrize("persona", ATTACKERS)
def test_no_one_but_the_office_or_the_students_counselor_admits_and_links_an_account(
    county, client, persona
):
    """Admitting links the applicant's account to a student record, gives it the student role
    and adds the guardian: only the office and the applicant's school's counselor may."""
    elsewhere = f.school(f.district())
    application = helpers.application(
        section=county.section, school=elsewhere, guardian_name="Mole"
    )
    client.force_login(county.users[persona])
    before = picture()
    data = {"action": "admit", "admit-will_benefit": "on", "admit-section": county.section.pk}
    assert (
        client.post(reverse("application_detail", args=[application.pk]), data).status_code == 404
    )
    response = client.post(reverse("admissions_bulk_admit"), {"application": [application.pk]})
    # A counselor may use the bulk page: another school's application is left out of it.
    assert response.status_code == (302 if persona == "counselor" else 404)
    assert picture() == before


@pytest.mark.parametrize("persona", ATTACKERS)
def test_no_one_but_the_office_imports_accounts_roles_and_guardians(county, client, persona):
    client.force_login(county.users[persona])
    before = picture()
    response = client.post(reverse("interop_exchange"), {"action": "check"})
    assert response.status_code == 404
    assert picture() == before


@pytest.mark.parametrize("persona", ATTACKERS)
def test_no_one_but_support_services_grants_access_to_complaints(county, client, persona):
    from ropdesk.complaints.models import ComplaintAccessGrant

    client.force_login(county.users[persona])
    data = {"user": county.users[persona].pk, "expires_on": "2027-01-01", "reason": "curious"}
    assert client.post(reverse("complaint_grants"), data).status_code == 404
    assert not ComplaintAccessGrant.objects.exists()
