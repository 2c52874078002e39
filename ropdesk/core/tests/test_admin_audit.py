"""Writes in the Django admin record the audit event a service would, with old and new values
(style.md rule 5): a student's record, a guardian added inline, a role given or taken away (and
told to the account and the office), an enrollment's status, a deletion."""

from __future__ import annotations

import pytest
from django.core import mail
from django.forms.models import model_to_dict
from django.urls import reverse

from ropdesk.core.models import AuditEvent, Role, Student
from ropdesk.core.tests import county as c
from ropdesk.core.tests.work import committed_then_worked

pytestmark = pytest.mark.django_db


@pytest.fixture
def county(client) -> c.County:
    world = c.build()
    client.force_login(world.users["administrator"])
    return world


def _form(obj, **changes):
    """The admin change form's fields as posted, with some changed."""
    data = {k: ("" if v is None else v) for k, v in model_to_dict(obj).items()}
    data.update(changes)
    for key, value in list(data.items()):
        if isinstance(value, list):
            data[key] = [getattr(v, "pk", v) for v in value]
        elif isinstance(value, bool) and not value:
            del data[key]
    return data


def _inline(prefix, rows=(), initial=0):
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows) + initial),
        f"{prefix}-INITIAL_FORMS": str(initial),
    }
    for i, row in enumerate(rows, start=initial):
        data.update({f"{prefix}-{i}-{k}": v for k, v in row.items()})
    return data


def _student_post(student, **changes):
    guardians = list(student.guardianships.all())
    data = _form(student, **changes)
    data.pop("id", None)
    data.update(_inline("guardianships", initial=len(guardians)))
    for i, g in enumerate(guardians):
        data.update(
            {
                f"guardianships-{i}-id": g.pk,
                f"guardianships-{i}-student": student.pk,
                f"guardianships-{i}-name": g.name,
                f"guardianships-{i}-relationship": g.relationship,
                f"guardianships-{i}-user": g.user_id or "",
            }
        )
    return data


def test_changing_a_student_records_old_and_new_values(county, client):
    cora = county.trainee.student
    url = reverse("admin:core_student_change", args=[cora.pk])
    response = client.post(url, _student_post(cora, grade_level="12", races="[]"))
    assert response.status_code == 302, response.content.decode()[:3000]
    event = AuditEvent.objects.get(action="student.change", object_id=str(cora.pk))
    assert event.actor == county.users["administrator"]
    assert event.details["source"] == "admin"
    assert event.details["changes"] == {"grade_level": ["11", "12"]}


def test_a_guardian_added_inline_is_audited(county, client):
    vic = county.other_trainee.student
    data = _student_post(vic, races="[]")
    data.update(_inline("guardianships", [{"name": "Val Baker", "relationship": "Father"}]))
    response = client.post(reverse("admin:core_student_change", args=[vic.pk]), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    event = AuditEvent.objects.get(action="guardianship.create")
    assert event.details["values"]["name"] == "Val Baker"
    assert event.details["parent"] == f"core.student#{vic.pk}"


def test_a_role_given_in_the_admin_is_audited_and_told(county, client):
    account = county.users["no_role"]
    account.email = "newbie@example.org"
    account.save(update_fields=["email"])
    data = {
        "username": account.username,
        "password": account.password,
        "is_active": "on",
        "date_joined_0": "2026-11-01",
        "date_joined_1": "09:00:00",
        "preferred_language": "en",
        "email": account.email,
        **_inline("roles", [{"role": Role.COUNSELOR, "organization": county.school.pk}]),
    }
    with committed_then_worked():
        response = client.post(reverse("admin:core_user_change", args=[account.pk]), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    event = AuditEvent.objects.get(action="role.grant")
    assert event.details["values"]["role"] == Role.COUNSELOR
    assert event.details["values"]["organization"] == county.school.pk
    # One message to each recipient, each in that recipient's language (core/mail.py).
    assert sorted(tuple(m.to) for m in mail.outbox) == [
        ("newbie@example.org",),
        ("office@example.org",),
    ]


def test_an_enrollment_status_changed_in_the_admin_is_audited(county, client):
    enrollment = county.other_trainee
    data = _form(enrollment, status="dropped")
    data.pop("id", None)
    data.update(_inline("events"))
    response = client.post(
        reverse("admin:enrollment_enrollment_change", args=[enrollment.pk]), data
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    event = AuditEvent.objects.get(action="enrollment.change")
    assert event.details["changes"]["status"] == ["enrolled", "dropped"]


def test_deleting_a_student_in_the_admin_keeps_what_was_deleted(county, client):
    vic = county.other_trainee.student
    county.other_trainee.delete()
    response = client.post(reverse("admin:core_student_delete", args=[vic.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not Student.objects.filter(pk=vic.pk).exists()
    event = AuditEvent.objects.get(action="student.delete")
    assert event.details["values"]["local_id"] == vic.local_id


def test_every_admin_page_that_writes_is_audited(rf, county):
    from django.contrib import admin

    from ropdesk.core.admin_audit import AuditedAdmin
    from ropdesk.core.models import User

    request = rf.get("/admin/")
    request.user = User.objects.create_superuser("root-check", "root@example.org", "x" * 20)
    writes = ("has_add_permission", "has_change_permission", "has_delete_permission")
    unaudited = sorted(
        model._meta.label
        for model, model_admin in admin.site._registry.items()
        if not isinstance(model_admin, AuditedAdmin)
        and any(getattr(model_admin, name)(request) for name in writes)
    )
    assert unaudited == []


def test_a_cds_code_set_in_the_admin_is_audited(county, client):
    from ropdesk.returns.models import CdsCode

    response = client.post(
        reverse("admin:returns_cdscode_add"),
        {"organization": county.district.pk, "code": "19647330000000"},
    )
    assert response.status_code == 302
    code = CdsCode.objects.get(organization=county.district)
    event = AuditEvent.objects.get(action="cdscode.create")
    assert (event.object_id, event.details["values"]["code"]) == (str(code.pk), "19647330000000")


def test_an_authenticator_added_in_the_admin_is_audited_without_its_key(county, client):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    teacher = county.users["instructor"]
    response = client.post(
        reverse("admin:otp_totp_totpdevice_add"),
        {
            "user": teacher.pk,
            "name": "phone",
            "key": "3132333435363738393031323334353637383930",
            "step": 30,
            "t0": 0,
            "digits": 6,
            "tolerance": 1,
            "drift": 0,
            "throttling_failure_count": 0,
            "confirmed": "on",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    device = TOTPDevice.objects.get(user=teacher, name="phone")
    event = AuditEvent.objects.get(action="totpdevice.create")
    assert event.object_id == str(device.pk)
    assert "key" not in event.details["values"]
    assert device.key not in str(event.details)
