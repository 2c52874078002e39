"""Services: agendas and their lead time, minutes approved at the next meeting, recommendations
from the meeting to the change that implemented them, the 12-month review."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from ropdesk.core.models import AuditEvent, Organization
from ropdesk.core.tests import factories as f
from ropdesk.partners import queries, services
from ropdesk.partners.models import Change, Committee, Partner, Recommendation
from ropdesk.partners.tests.conftest import at, committee, meeting

pytestmark = pytest.mark.django_db


def test_an_employer_of_work_based_learning_becomes_a_partner_without_a_second_record():
    employer = Organization.objects.create(
        kind=Organization.Kind.EMPLOYER, code="E1", name="Downey Auto Works"
    )
    f.site(kind="worksite", organization=employer, name="Downey Auto Works shop")
    partner = services.partner_add(actor=None, kind=Partner.Kind.BUSINESS, organization=employer)
    assert partner.organization_id == employer.pk
    assert Organization.objects.filter(name="Downey Auto Works").count() == 1
    assert [s.name for s in partner.organization.sites.all()] == ["Downey Auto Works shop"]


def test_the_same_organization_cannot_be_a_partner_twice():
    employer = Organization.objects.create(kind="employer", code="E2", name="Kaiser Downey")
    services.partner_add(actor=None, kind=Partner.Kind.BUSINESS, organization=employer)
    with pytest.raises(ValidationError, match="already a partner"):
        services.partner_add(actor=None, kind=Partner.Kind.BUSINESS, organization=employer)


def test_a_district_has_one_steering_committee():
    district = f.district("Downey Unified")
    committee(name="Downey steering", scope=Committee.Scope.DISTRICT_STEERING, district=district)
    with pytest.raises(ValidationError, match="already has a steering committee"):
        committee(name="Again", scope=Committee.Scope.DISTRICT_STEERING, district=district)


def test_an_agenda_posted_72_hours_ahead_is_on_time_and_published():
    m = meeting(committee(), "2026-11-12 16:00")
    posted = services.agenda_post(
        actor=None, meeting=m, agenda="1. Call to order", posted_at=at("2026-11-09 16:00")
    )
    assert posted.late is False
    assert posted.meeting.agenda_published is True


def test_an_agenda_posted_a_minute_late_is_saved_and_flagged_late():
    m = meeting(committee(), "2026-11-12 16:00")
    posted = services.agenda_post(
        actor=None, meeting=m, agenda="1. Call to order", posted_at=at("2026-11-09 16:01")
    )
    assert posted.late is True
    assert AuditEvent.objects.get(action="meeting_agenda_post").details == {"late": True}


def test_minutes_are_approved_at_the_next_meeting_only():
    c = committee()
    first = meeting(c, "2026-09-10 16:00")
    second = meeting(c, "2026-10-15 16:00")
    third = meeting(c, "2026-10-29 16:00")
    services.minutes_record(actor=None, meeting=first, minutes="Reviewed.", items_reviewed=[])
    with pytest.raises(ValidationError, match="next meeting"):
        services.minutes_approve(actor=None, meeting=first, at_meeting=third)
    services.minutes_approve(actor=None, meeting=first, at_meeting=second)
    first.refresh_from_db()
    assert first.minutes_approved_at_id == second.pk


def test_minutes_cannot_be_approved_at_a_meeting_that_has_not_begun():
    c = committee()
    first = meeting(c, "2026-10-15 16:00")
    upcoming = meeting(c, "2026-11-12 16:00")
    services.minutes_record(actor=None, meeting=first, minutes="Reviewed.", items_reviewed=[])
    with pytest.raises(ValidationError, match="not begun"):
        services.minutes_approve(actor=None, meeting=first, at_meeting=upcoming)


def test_minutes_are_not_recorded_before_the_meeting():
    m = meeting(committee(), "2026-11-12 16:00")
    with pytest.raises(ValidationError, match="after the meeting has begun"):
        services.minutes_record(actor=None, meeting=m, minutes="Too early.", items_reviewed=[])


def test_declining_needs_a_reason():
    course = f.course(title="Automotive Technology")
    m = meeting(committee(courses=[course]), "2026-10-15 16:00")
    r = services.recommendation_record(
        actor=None, meeting=m, text="Buy a scan tool.", category="equipment", course=course
    )
    with pytest.raises(ValidationError) as refused:
        services.recommendation_status(actor=None, recommendation=r, status="declined")
    assert refused.value.message_dict == {"reason": ["Give the reason it was declined."]}
    services.recommendation_status(
        actor=None, recommendation=r, status="declined", reason="No budget this year."
    )
    assert Recommendation.objects.get().declined_reason == "No budget this year."


def test_a_course_revision_changes_the_course_and_keeps_before_and_after():
    course = f.course(title="Automotive Technology")
    course.description = "Brakes and engines."
    course.save()
    m = meeting(committee(courses=[course]), "2026-10-15 16:00")
    r = services.recommendation_record(
        actor=None, meeting=m, text="Teach EV safety.", category="curriculum", course=course
    )
    change = services.recommendation_implement(
        actor=None,
        recommendation=r,
        kind=Change.Kind.COURSE_REVISION,
        summary="Added a unit on high-voltage EV safety.",
        description="Brakes, engines and high-voltage EV safety.",
    )
    course.refresh_from_db()
    r.refresh_from_db()
    assert course.description == "Brakes, engines and high-voltage EV safety."
    assert change.before == {"description": "Brakes and engines."}
    assert change.after == {"description": "Brakes, engines and high-voltage EV safety."}
    assert r.status == "implemented"
    with pytest.raises(ValidationError, match="status is final"):
        services.recommendation_status(actor=None, recommendation=r, status="open")


def test_the_course_page_panel_shows_a_recommendation_once_its_minutes_are_approved():
    course = f.course(title="Automotive Technology")
    c = committee(courses=[course])
    first = meeting(c, "2026-09-10 16:00")
    second = meeting(c, "2026-10-15 16:00")
    services.minutes_record(actor=None, meeting=first, minutes="Reviewed.", items_reviewed=[])
    r = services.recommendation_record(
        actor=None, meeting=first, text="Teach EV safety.", category="curriculum", course=course
    )
    services.recommendation_status(actor=None, recommendation=r, status="accepted")
    assert queries.industry_panel(course).recommendations == []
    services.minutes_approve(actor=None, meeting=first, at_meeting=second)
    panel = queries.industry_panel(course)
    assert [x.text for x in panel.recommendations] == ["Teach EV safety."]
    assert panel.last_review == date(2026, 9, 10)


def _reviewed(course, day: str) -> None:
    m = meeting(committee(courses=[course]), day)
    services.minutes_record(actor=None, meeting=m, minutes="Reviewed.", items_reviewed=[])


def test_a_course_reviewed_twelve_months_ago_to_the_day_is_not_due():
    course = f.course(title="Welding")
    _reviewed(course, "2025-11-02 08:00")
    assert queries.courses_unreviewed(date(2026, 11, 2)) == []


def test_a_course_reviewed_twelve_months_and_a_day_ago_is_due():
    course = f.course(title="Welding")
    _reviewed(course, "2025-11-01 16:00")
    assert queries.courses_unreviewed(date(2026, 11, 2)) == [(course, date(2025, 11, 1))]


def test_a_sector_committee_reviews_every_course_of_its_sector():
    course = f.course(title="Nursing Assistant", sector_code="HLT")
    m = meeting(committee(scope=Committee.Scope.SECTOR, sector=course.sector), "2026-10-01 16:00")
    services.minutes_record(actor=None, meeting=m, minutes="Reviewed.", items_reviewed=[])
    assert queries.courses_unreviewed(date(2026, 11, 2)) == []


def test_a_needs_assessment_is_a_two_year_cycle_with_five_elements():
    assessment = services.assessment_start(actor=None, title="CLNA", starts_on=date(2026, 7, 1))
    assert assessment.ends_on == date(2028, 6, 30)
    assert list(assessment.findings.values_list("element", flat=True)) == [1, 2, 3, 4, 5]
