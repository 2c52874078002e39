"""The demo county has committees for its sectors, one steering committee per district, a year
of meetings, recommendations in every state, a snapshot in a packet and a CLNA in progress."""

from __future__ import annotations

from datetime import date

import pytest

from ropdesk.core.models import Organization
from ropdesk.demo.seed import seed_demo
from ropdesk.partners.models import (
    Committee,
    ElementFinding,
    Meeting,
    Partner,
    Recommendation,
)


@pytest.mark.django_db
def test_the_demo_county_has_its_committees_a_year_of_meetings_and_every_state():
    seed_demo(students=60, seed=11, today=date(2026, 11, 2))
    districts = Organization.objects.filter(kind=Organization.Kind.DISTRICT).count()
    steering = Committee.objects.filter(scope=Committee.Scope.DISTRICT_STEERING)
    assert steering.count() == districts
    assert Committee.objects.filter(scope=Committee.Scope.SECTOR).exists()
    assert set(Recommendation.objects.values_list("status", flat=True)) == set(
        Recommendation.Status.values
    )
    assert Meeting.objects.filter(minutes_approved_at__isnull=False).exists()
    assert Meeting.objects.filter(lmi_snapshot__isnull=False).exists()
    assert ElementFinding.objects.filter(status="in_progress").exists()
    employers = Organization.objects.filter(kind=Organization.Kind.EMPLOYER)
    assert Partner.objects.count() == employers.count()


@pytest.mark.django_db
@pytest.mark.parametrize(("students", "partners"), [(300, 3 + 9), (600, 6 + 9)])
def test_the_demo_has_one_more_business_partner_for_every_100_students(students, partners):
    from ropdesk.partners.demo import seed_partners

    seed_partners(today=date(2026, 11, 2), students=students)
    assert Partner.objects.count() == partners
