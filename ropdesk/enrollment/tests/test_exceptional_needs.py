"""The CVE exceptional-needs determination (5 CCR 10103(a)): "at least 16 years of age except
a student with exceptional needs ... as determined by the principal or local educational
director". It is a recorded decision (who, in which capacity, when, on what basis) that the
rule reads, not an override."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from ropdesk.catalog.models import InstructionMode
from ropdesk.core.models import AuditEvent, Role
from ropdesk.core.tests import factories as f
from ropdesk.enrollment import services
from ropdesk.enrollment.determinations import exceptional_needs_record
from ropdesk.enrollment.models import ExceptionalNeedsDetermination
from ropdesk.enrollment.tests.helpers import application

pytestmark = pytest.mark.django_db


def _finding(app, section):
    found = services.application_check(application=app, actor=None, section=section)
    return next(x for x in found if x.rule == "work_based_minimum")


def test_a_15_year_old_in_grade_11_takes_cve_only_on_a_recorded_determination():
    """Born 2011-03-01: 15 on the CVE section's first day (Aug 19, 2026), in grade 11."""
    section = f.section(mode=InstructionMode.CVE)
    app = application(section=section, birth_date=date(2011, 3, 1), grade="11")
    assert _finding(app, section).result == "block"
    office = f.user(role=Role.ADMINISTRATOR)
    exceptional_needs_record(
        actor=office,
        application=app,
        determined_by_name="Pat Lee",
        determined_by_role=ExceptionalNeedsDetermination.Role.PRINCIPAL,
        determined_on=date(2026, 10, 1),
        basis="Financial need; motivated by the family business.",
    )
    finding = _finding(app, section)
    assert finding.result == "pass"
    assert "Principal Pat Lee on Thu, Oct 1, 2026" in finding.reason
    assert not finding.overridden
    assert AuditEvent.objects.filter(action="application.exceptional_needs").exists()


def test_a_determination_needs_who_in_which_capacity_and_the_basis():
    app = application(section=f.section(mode=InstructionMode.CVE), birth_date=date(2011, 3, 1))
    with pytest.raises(ValidationError) as error:
        exceptional_needs_record(
            actor=None,
            application=app,
            determined_by_name=" ",
            determined_by_role="counselor",
            determined_on=date(2026, 11, 3),
            basis="",
        )
    assert set(error.value.message_dict) == {
        "determined_by_name",
        "determined_by_role",
        "basis",
        "determined_on",
    }
    assert not ExceptionalNeedsDetermination.objects.exists()


def test_the_office_records_the_determination_on_the_application_page(client):
    section = f.section(mode=InstructionMode.CVE)
    app = application(section=section, birth_date=date(2011, 3, 1), grade="11")
    services.application_check(application=app, actor=None, section=section)
    client.force_login(f.user(role=Role.ADMINISTRATOR))
    url = reverse("application_detail", args=[app.pk])
    response = client.post(
        url,
        {
            "action": "exceptional_needs",
            "needs-determined_by_name": "Dana Diaz",
            "needs-determined_by_role": "director",
            "needs-determined_on": "2026-10-20",
            "needs-basis": "Motivational need documented by the counselor.",
        },
    )
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "Determined by Local educational director Dana Diaz on Tue, Oct 20, 2026" in page
    # The finding now passes:
    assert "Local educational director Dana Diaz on Tue, Oct 20, 2026" in page
