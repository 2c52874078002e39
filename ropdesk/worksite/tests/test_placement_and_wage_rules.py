"""Rules added at the boundaries of work-based learning (issue 14, item 9), each at its edge.

- 5 CCR 10100: CVE "correlates ... with regularly scheduled paid on-the-job training": a wage
  of $0 is refused; a wage below the California minimum wage (Labor Code 1182.12; the
  setting's table, 2026: $16.90) is flagged.
- 5 CCR 10107(b): the CVE station trains "in the specific occupation" of the course.
- 5 CCR 10090: community-classroom OJT gives the site no immediate benefit and displaces no
  employee: the joint venture agreement attests both.
- 5 CCR 10087(b)(4), 10108(b)(4): "a copy of the plan shall be kept at the training station".
- 5 CCR 10109 (CVE visits) was not read: the frequency is a setting (21 days by default).
"""

from __future__ import annotations

from datetime import date, time, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from ropdesk.attendance.models import OnTheJobHours
from ropdesk.core.models import Role
from ropdesk.core.tests import factories as f
from ropdesk.worksite import compliance, services
from ropdesk.worksite.models import WorkPermit
from ropdesk.worksite.queries import trainee_statuses

TERMS = "Training in the plan's competencies."


def _checks(world, enrollment):
    from ropdesk.enrollment.models import Enrollment

    rows = trainee_statuses(
        Enrollment.objects.filter(pk=enrollment.pk).select_related(
            "student", "section__course", "section__term", "section__instructor", "worksite"
        ),
        date(2026, 11, 2),
    )
    return {c.rule: c for c in rows[0].checks}


def test_the_minimum_wage_of_the_day_s_year_is_the_line():
    """2026: $16.90. $16.89 is flagged, $16.90 is not; 2027, not yet in the table, uses the
    latest earlier year's amount; before the table begins nothing is known."""
    day = date(2026, 11, 2)
    assert not compliance.cve_wage(hourly_wage=Decimal("16.89"), day=day).ok
    assert compliance.cve_wage(hourly_wage=Decimal("16.90"), day=day).ok
    assert compliance.minimum_wage_on(date(2027, 3, 1)) == Decimal("16.90")
    assert compliance.minimum_wage_on(date(2025, 12, 31)) == Decimal("16.50")
    assert compliance.minimum_wage_on(date(2023, 6, 1)) is None
    assert "below the California minimum wage of $16.90" in (
        compliance.cve_wage(hourly_wage=Decimal("15.00"), day=day).reason
    )
    assert not compliance.cve_wage(hourly_wage=Decimal("0"), day=day).ok


def test_a_cve_day_at_a_wage_of_zero_is_refused(world):
    WorkPermit.objects.create(
        student=world.cve.student, issued_on=date(2026, 8, 1), expires_on=date(2027, 6, 30)
    )
    with pytest.raises(ValidationError) as error:
        services.timesheet_log(
            actor=world.cve_student_user,
            enrollment=world.cve,
            day=date(2026, 10, 30),
            started_at=time(15),
            ended_at=time(18),
            hourly_wage=Decimal("0.00"),
        )
    assert "A wage of $0" in str(error.value)
    assert not OnTheJobHours.objects.filter(enrollment=world.cve).exists()


def test_a_cve_day_below_the_minimum_wage_is_logged_and_flagged(world):
    WorkPermit.objects.create(
        student=world.cve.student, issued_on=date(2026, 8, 1), expires_on=date(2027, 6, 30)
    )
    services.timesheet_log(
        actor=world.cve_student_user,
        enrollment=world.cve,
        day=date(2026, 10, 30),
        started_at=time(15),
        ended_at=time(18),
        hourly_wage=Decimal("16.50"),
    )
    check = _checks(world, world.cve)["cve_wage"]
    assert not check.ok
    assert "$16.50 an hour on Fri, Oct 30, 2026" in check.reason


def test_a_site_that_does_not_list_the_course_s_occupation_is_a_warning(world):
    assert not _checks(world, world.cve)["site_occupation"].ok
    services.site_occupation_add(
        actor=world.instructor, site=world.other_site, pathway=world.cve.section.course.pathway
    )
    assert _checks(world, world.cve)["site_occupation"].ok


def test_a_joint_venture_needs_both_attestations(world):
    e = world.cc
    base = {
        "actor": world.instructor,
        "kind": "cc_joint_venture",
        "site": world.site,
        "term": e.section.term,
        "enrollment": None,
        "terms": TERMS,
        "starts_on": e.section.term.start_date,
        "ends_on": e.section.term.end_date,
    }
    with pytest.raises(ValidationError) as error:
        services.agreement_create(**base, attests_no_immediate_benefit=True)
    assert "no displacement of workers" in str(error.value)
    agreement = services.agreement_create(
        **base, attests_no_immediate_benefit=True, attests_no_displacement=True
    )
    assert agreement.attests_no_displacement
    assert _checks(world, world.cc)["joint_venture_attestation"].ok


def test_the_training_plan_is_red_until_the_site_has_its_copy(world):
    plan = services.plan_create(actor=world.instructor, enrollment=world.cc, expected_weeks=18)
    check = _checks(world, world.cc)["training_plan"]
    assert not check.ok and "no copy of the plan" in check.reason
    services.plan_site_copy_record(actor=world.supervisor, plan=plan, given_on=date(2026, 10, 1))
    assert _checks(world, world.cc)["training_plan"].ok
    with pytest.raises(ValidationError):
        services.plan_site_copy_record(
            actor=world.supervisor, plan=plan, given_on=date(2026, 11, 3)
        )


def test_the_supervisor_records_the_site_copy_on_the_plan_page(world, client):
    plan = services.plan_create(actor=world.instructor, enrollment=world.cc, expected_weeks=18)
    client.force_login(world.supervisor)
    url = reverse("worksite_plan", args=[world.cc.pk])
    client.post(url, {"action": "site_copy", "given_on": "2026-10-01"})
    plan.refresh_from_db()
    assert plan.site_copy_on == date(2026, 10, 1)
    assert "The site has its copy since Thu, Oct 1, 2026" in client.get(url).content.decode()


def test_cve_visits_follow_the_configured_frequency(settings):
    placed = date(2026, 10, 1)
    assert compliance.cve_visit_due(
        last_visit_on=None, placed_on=placed, today=placed + timedelta(days=21)
    ).ok
    assert not compliance.cve_visit_due(
        last_visit_on=None, placed_on=placed, today=placed + timedelta(days=22)
    ).ok
    settings.ROPDESK = {**settings.ROPDESK, "CVE_VISIT_MAX_DAYS": 30}
    assert compliance.cve_visit_due(
        last_visit_on=None, placed_on=placed, today=placed + timedelta(days=30)
    ).ok


def test_the_dashboard_lists_hours_logged_outside_the_enrollment(world, client):
    """A day stored before the enrollment began (Tue 2026-08-18; the enrollment begins Wed
    2026-08-19) is red on the trainee's row."""
    OnTheJobHours.objects.create(
        enrollment=world.cc, kind="cc_ojt", date=date(2026, 8, 18), minutes=120
    )
    check = _checks(world, world.cc)["hours_within_enrollment"]
    assert not check.ok and "Tue, Aug 18, 2026" in check.reason
    client.force_login(f.user(role=Role.ADMINISTRATOR))
    page = client.get(reverse("worksite_compliance")).content.decode()
    assert "outside the enrollment" in page
