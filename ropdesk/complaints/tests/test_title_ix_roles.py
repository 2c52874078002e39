"""Title IX roles and appeals (34 CFR 106.45(b)(7)(i), (b)(8)): the coordinator, the
investigators and the decision-maker of each case, kept apart by the service; either party
may appeal, and who did is recorded."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from ropdesk.complaints import queries, services
from ropdesk.complaints.models import Appeal, Complaint, ComplaintKind, CoordinatorRole
from ropdesk.complaints.tests.conftest import file_complaint
from ropdesk.core.models import AuditEvent, Role
from ropdesk.core.tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def title_ix(support):
    return file_complaint(kind=ComplaintKind.TITLE_IX, bases=["sex"]).complaint


@pytest.fixture
def decider(db):
    return f.user("morgan", role=Role.SUPPORT_SERVICES, first_name="Morgan", last_name="Diaz")


def test_the_case_records_its_coordinator_investigators_and_decision_maker(
    support, colleague, decider, title_ix
):
    services.coordinator_set(actor=support, role=CoordinatorRole.TITLE_IX, user=support)
    third = f.user("rita", role=Role.SUPPORT_SERVICES)
    services.complaint_assign(
        actor=support,
        complaint=title_ix,
        investigator=colleague,
        co_investigators=[third],
        decision_maker=decider,
    )
    title_ix.refresh_from_db()
    # Without a choice the case takes the program's designated Title IX coordinator.
    assert title_ix.title_ix_coordinator == support
    assert title_ix.investigator == colleague
    assert list(title_ix.co_investigators.all()) == [third]
    assert title_ix.decision_maker == decider
    details = AuditEvent.objects.get(action="complaint.assign").details
    assert details["co_investigators"] == [third.pk]
    assert details["title_ix_coordinator"] == support.pk


def test_an_other_investigator_cannot_decide(support, colleague, decider, title_ix):
    """106.45(b)(7)(i): the decision-maker "cannot be the same person(s) as ... the
    investigator(s)" — every investigator, not only the first."""
    with pytest.raises(ValidationError, match="cannot be an investigator") as error:
        services.complaint_assign(
            actor=support,
            complaint=title_ix,
            investigator=colleague,
            co_investigators=[decider],
            decision_maker=decider,
        )
    assert list(error.value.error_dict) == ["decision_maker"]
    title_ix.refresh_from_db()
    assert title_ix.decision_maker is None and title_ix.status == Complaint.Status.RECEIVED


def test_the_case_s_own_coordinator_cannot_decide(support, colleague, decider, title_ix):
    with pytest.raises(ValidationError, match="cannot be the Title IX coordinator"):
        services.complaint_assign(
            actor=support,
            complaint=title_ix,
            investigator=colleague,
            title_ix_coordinator=decider,
            decision_maker=decider,
        )
    # The database holds the rule too.
    with pytest.raises(IntegrityError), transaction.atomic():
        Complaint.objects.filter(pk=title_ix.pk).update(
            title_ix_coordinator=decider, decision_maker=decider
        )


def test_a_person_who_may_only_read_cannot_be_the_decision_maker(
    support, colleague, admin_user, title_ix
):
    services.grant_add(
        actor=support,
        user=admin_user,
        complaint=title_ix,
        reason="Reads the case",
        expires_on=date(2099, 1, 1),
    )
    with pytest.raises(ValidationError, match="choose someone in support services"):
        services.complaint_assign(
            actor=support, complaint=title_ix, investigator=colleague, decision_maker=admin_user
        )


def test_outside_title_ix_the_roles_are_not_checked(support):
    complaint = file_complaint().complaint
    services.complaint_assign(
        actor=support, complaint=complaint, investigator=support, decision_maker=support
    )
    complaint.refresh_from_db()
    assert complaint.title_ix_coordinator is None


def _reported(support):
    complaint = file_complaint().complaint
    services.complaint_assign(actor=support, complaint=complaint, investigator=support)
    services.report_issue(
        actor=support,
        complaint=complaint,
        findings="Findings.",
        conclusions="Conclusions.",
        remedies="",
        outcome="not_substantiated",
        issued_on=date(2026, 10, 2),
    )
    return complaint


def test_either_party_may_appeal_and_the_window_stays_open_for_the_other(support):
    """106.45(b)(8): "A recipient must offer both parties an appeal"; 5 CCR 4632. The report
    of Friday 2 October 2026 + 30 days = Sunday 1 November -> Monday 2 November (CCP 12a)."""
    complaint = _reported(support)
    services.appeal_record(
        actor=support,
        complaint=complaint,
        appellant=Appeal.Appellant.RESPONDENT,
        appellant_name="Lab aide",
        filed_on=date(2026, 10, 20),
        grounds=["unsupported"],
    )
    case = queries.with_case_records(Complaint.objects.filter(pk=complaint.pk)).get()
    appeal_clock = {c.clock.code: c for c in queries.clocks_of(case, date(2026, 10, 21))}["appeal"]
    assert (appeal_clock.state, appeal_clock.clock.due) == ("open", date(2026, 11, 2))
    services.appeal_record(
        actor=support,
        complaint=complaint,
        appellant=Appeal.Appellant.COMPLAINANT,
        appellant_name="Rosa Quintero",
        filed_on=date(2026, 10, 28),
        grounds=["remedy"],
    )
    assert list(complaint.appeals.values_list("appellant", "appellant_name")) == [
        ("respondent", "Lab aide"),
        ("complainant", "Rosa Quintero"),
    ]
    case = queries.with_case_records(Complaint.objects.filter(pk=complaint.pk)).get()
    appeal_clock = {c.clock.code: c for c in queries.clocks_of(case, date(2026, 10, 29))}["appeal"]
    assert (appeal_clock.state, appeal_clock.clock.done_on) == ("met", date(2026, 10, 28))
    assert [
        e.details["appellant"]
        for e in AuditEvent.objects.filter(action="complaint.appeal").order_by("id")
    ] == [
        "respondent",
        "complainant",
    ]


def test_the_case_page_shows_the_periods_and_refuses_a_decider_who_investigates(
    client, support, colleague, decider, title_ix
):
    services.title_ix_step_record(
        actor=support, complaint=title_ix, step="evidence_shared_on", on=date(2026, 10, 9)
    )
    client.force_login(support)
    base = f"/complaints/cases/{title_ix.reference}/"
    response = client.post(
        f"{base}do/assign/",
        {
            "assign-investigator": colleague.pk,
            "assign-co_investigators": [decider.pk],
            "assign-decision_maker": decider.pk,
        },
    )
    assert response.status_code == 400
    assert "cannot be an investigator of the case" in response.content.decode()
    title_ix.refresh_from_db()
    assert title_ix.decision_maker is None
    page = client.get(base).content.decode()
    assert "may answer it in writing until Mon, Oct 19, 2026" in page
    assert "the investigative report may go to them from Tue, Oct 20, 2026" in page
