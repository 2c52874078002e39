"""The complaint services: filing (anonymous, late), assignment rules, extensions only by
written agreement, the Title IX periods, the report, appeals, retention and reminders."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction

from ropdesk.complaints import queries, services
from ropdesk.complaints.models import (
    Complaint,
    ComplaintKind,
    ComplianceCoordinator,
    CoordinatorRole,
    Extension,
    InvestigationItem,
    ReminderSent,
)
from ropdesk.complaints.reminders import reminders_send
from ropdesk.complaints.tests.conftest import file_complaint
from ropdesk.core.models import AuditEvent, Role
from ropdesk.core.tests import factories as f
from ropdesk.core.tests.work import committed_then_worked

pytestmark = pytest.mark.django_db


def pdf(name="evidence.pdf", size=100):
    return SimpleUploadedFile(name, b"%PDF-1.4 " + b"x" * size, content_type="application/pdf")


def test_an_anonymous_complaint_keeps_no_name_and_gets_a_code_and_a_secret_link(
    django_capture_on_commit_callbacks,
):
    with committed_then_worked():
        filed = file_complaint(anonymous=True, files=[pdf()])
    complaint = filed.complaint
    assert complaint.anonymous is True
    assert (complaint.filer_name, complaint.filer_email, complaint.filed_by) == ("", "", None)
    assert len(complaint.reference) == 10
    assert set(complaint.reference) <= set("ACDEFGHJKMNPQRTUVWXY2345679")
    assert filed.token not in complaint.token_hash and complaint.check_token(filed.token)
    assert not complaint.check_token(filed.token + "x")
    assert complaint.items.get().kind == InvestigationItem.Kind.FROM_FILER
    assert complaint.status == Complaint.Status.RECEIVED
    assert [m.to for m in mail.outbox] == []  # nobody to mail: no email, no support user yet


def test_the_filer_gets_a_receipt_and_support_services_a_notice_without_names(
    support, django_capture_on_commit_callbacks
):
    with committed_then_worked():
        filed = file_complaint(base_url="https://rop.example.org/")
    receipt, notice = sorted(mail.outbox, key=lambda m: m.to)[::-1]
    assert receipt.to == ["rosa@example.org"]
    assert filed.complaint.reference in receipt.body
    assert f"https://rop.example.org{filed.status_path}" in receipt.body
    assert notice.to == ["denise@rop.example.org"]
    assert "Rosa" not in notice.body and "accent" not in notice.body
    # The report's due date: Saturday 31 October 2026, moved to Monday by CCP 12a.
    assert "2026-11-02" in notice.body


def test_a_late_complaint_is_accepted_and_flagged_never_dropped():
    filed = file_complaint(incident_date=date(2026, 1, 10), received_on=date(2026, 7, 20))
    complaint = Complaint.objects.get(pk=filed.complaint.pk)
    status = queries.filing_status_of(complaint)
    assert status.late and status.days_late == 10
    assert "10 days after the window closed on Fri, Jul 10, 2026" in queries.filing_explanation(
        complaint
    )
    event = AuditEvent.objects.get(action="complaint.file")
    assert event.details["days_late"] == 10


def test_the_filing_extension_for_good_cause_puts_a_late_complaint_on_time(support):
    complaint = file_complaint(
        incident_date=date(2026, 1, 10), received_on=date(2026, 7, 20)
    ).complaint
    services.filing_extension_grant(
        actor=support, complaint=complaint, days=30, reason="In hospital until July."
    )
    assert not queries.filing_status_of(Complaint.objects.get(pk=complaint.pk)).late
    with pytest.raises(ValidationError):
        services.filing_extension_grant(actor=support, complaint=complaint, days=91, reason="x")


def test_an_oversized_or_unknown_file_is_refused_with_its_name():
    with pytest.raises(ValidationError, match="big.pdf"):
        file_complaint(files=[pdf("big.pdf", size=services.MAX_UPLOAD_BYTES)])
    with pytest.raises(ValidationError, match="run.exe"):
        file_complaint(files=[SimpleUploadedFile("run.exe", b"MZ")])
    assert Complaint.objects.count() == 0


def test_only_support_services_change_a_case(admin_user):
    complaint = file_complaint().complaint
    with pytest.raises(PermissionDenied):
        services.complaint_assign(actor=admin_user, complaint=complaint, investigator=admin_user)


def test_assignment_starts_the_investigation(support, colleague):
    complaint = file_complaint().complaint
    services.complaint_assign(actor=support, complaint=complaint, investigator=colleague)
    complaint.refresh_from_db()
    assert complaint.investigator == colleague
    assert complaint.status == Complaint.Status.INVESTIGATING


def test_someone_without_access_cannot_be_made_investigator(support):
    outsider = f.user("outsider", role=Role.INSTRUCTOR)
    complaint = file_complaint().complaint
    with pytest.raises(ValidationError) as error:
        services.complaint_assign(actor=support, complaint=complaint, investigator=outsider)
    assert "investigator" in error.value.error_dict


def test_in_title_ix_the_decision_maker_is_neither_investigator_nor_coordinator(
    support, colleague, admin_user
):
    complaint = file_complaint(kind=ComplaintKind.TITLE_IX, bases=["sex"]).complaint
    services.coordinator_set(actor=support, role=CoordinatorRole.TITLE_IX, user=support)
    with pytest.raises(ValidationError, match="cannot be an investigator"):
        services.complaint_assign(
            actor=support, complaint=complaint, investigator=colleague, decision_maker=colleague
        )
    with pytest.raises(ValidationError, match="Title IX coordinator"):
        services.complaint_assign(
            actor=support, complaint=complaint, investigator=colleague, decision_maker=support
        )
    # The database holds the first rule too.
    with pytest.raises(IntegrityError), transaction.atomic():
        Complaint.objects.filter(pk=complaint.pk).update(
            investigator=colleague, decision_maker=colleague
        )


def test_an_extension_needs_the_complainants_written_agreement(support):
    complaint = file_complaint().complaint
    with pytest.raises(ValidationError) as error:
        services.extension_add(
            actor=support,
            complaint=complaint,
            days=15,
            reason="Waiting for records",
            written_agreement=False,
            agreed_on=date(2026, 10, 20),
            agreement_text="She said yes on the phone.",
        )
    assert "written_agreement" in error.value.error_dict
    with pytest.raises(ValidationError) as error:
        services.extension_add(
            actor=support,
            complaint=complaint,
            days=15,
            reason="Waiting for records",
            written_agreement=True,
            agreed_on=date(2026, 10, 20),
        )
    assert "agreement_file" in error.value.error_dict
    assert Extension.objects.count() == 0


def test_the_database_refuses_an_extension_without_written_agreement(support):
    complaint = file_complaint().complaint
    item = InvestigationItem.objects.create(complaint=complaint, kind="note", title="x")
    with pytest.raises(IntegrityError), transaction.atomic():
        Extension.objects.create(
            complaint=complaint,
            days=15,
            reason="x",
            written_agreement=False,
            agreed_on=date(2026, 10, 20),
            agreement=item,
        )


def test_an_agreed_extension_moves_the_report_clock_and_joins_the_file(support):
    complaint = file_complaint().complaint  # received 1 Sep 2026: report due 31 Oct
    services.extension_add(
        actor=support,
        complaint=complaint,
        days=15,
        reason="Waiting for district records",
        written_agreement=True,
        agreed_on=date(2026, 10, 20),
        agreement_file=pdf("agreement.pdf"),
    )
    complaint = queries.with_case_records(Complaint.objects.filter(pk=complaint.pk)).get()
    report_clock = next(
        c for c in queries.clocks_of(complaint, date(2026, 11, 5)) if c.clock.code == "report"
    )
    # 31 October + 15 = Sunday 15 November, moved to Monday 16 November (CCP 12a).
    assert report_clock.clock.due == date(2026, 11, 16)
    assert report_clock.clock.moved_from == date(2026, 11, 15)
    assert report_clock.days_left == 11
    agreement = complaint.extensions.get().agreement
    assert agreement.original_name == "agreement.pdf" and agreement.occurred_on == date(
        2026, 10, 20
    )


def issue(actor, complaint, **overrides):
    fields: dict[str, Any] = {
        "findings": "The aide made the remarks on three days.",
        "conclusions": "Harassment based on national origin: substantiated.",
        "remedies": "Training; the aide moves to another lab.",
        "outcome": "substantiated",
        "issued_on": date(2026, 10, 15),
    }
    fields.update(overrides)
    return services.report_issue(actor=actor, complaint=complaint, **fields)


def test_a_report_needs_an_investigator_first(support):
    complaint = file_complaint().complaint
    with pytest.raises(ValidationError, match="Assign an investigator"):
        issue(support, complaint)


def test_title_ix_determination_waits_for_the_parties_10_day_review(support, colleague):
    decider = f.user("morgan", role=Role.SUPPORT_SERVICES, first_name="Morgan")
    complaint = file_complaint(kind=ComplaintKind.TITLE_IX, bases=["sex"]).complaint
    services.complaint_assign(
        actor=support, complaint=complaint, investigator=colleague, decision_maker=decider
    )
    services.title_ix_step_record(
        actor=support, complaint=complaint, step="evidence_shared_on", on=date(2026, 10, 9)
    )
    # 34 CFR 106.45(b)(5)(vi): 10 days to answer, until Monday 19 October; the investigative
    # report comes after that period, not on its 10th day.
    for early in (date(2026, 10, 16), date(2026, 10, 19)):
        with pytest.raises(
            ValidationError, match="until Mon, Oct 19, 2026.*from Tue, Oct 20, 2026"
        ):
            services.title_ix_step_record(
                actor=support,
                complaint=complaint,
                step="investigative_report_shared_on",
                on=early,
            )
    services.title_ix_step_record(
        actor=support,
        complaint=complaint,
        step="investigative_report_shared_on",
        on=date(2026, 10, 21),
    )
    # (vii): review until Saturday 31 October, moved to Monday 2 November (CCP 12a); the
    # determination from Tuesday 3 November.
    for early in (date(2026, 10, 30), date(2026, 11, 2)):
        with pytest.raises(ValidationError, match="until Mon, Nov 2, 2026.*from Tue, Nov 3, 2026"):
            issue(decider, complaint, issued_on=early)
    # 106.45(b)(7)(i): only the decision-maker issues the written determination.
    with pytest.raises(ValidationError, match="only the decision-maker of the case"):
        issue(colleague, complaint, issued_on=date(2026, 11, 3))
    report = issue(decider, complaint, issued_on=date(2026, 11, 3))
    assert report.complaint.status == Complaint.Status.REPORT_ISSUED
    assert report.issued_by == decider


def test_sex_based_cases_are_kept_at_least_seven_years(support, settings):
    settings.ROPDESK = {**settings.ROPDESK, "COMPLAINT_RETENTION_YEARS": 3}
    general = file_complaint(kind=ComplaintKind.UCP_GENERAL, bases=[]).complaint
    sex_based = file_complaint(bases=["sexual_orientation"]).complaint
    assert general.retention_until == date(2029, 9, 1)
    assert sex_based.retention_until == date(2033, 9, 1)
    services.complaint_assign(actor=support, complaint=sex_based, investigator=support)
    services.complaint_close(
        actor=support, complaint=sex_based, closed_on=date(2027, 1, 4), note="Withdrawn"
    )
    sex_based.refresh_from_db()
    assert sex_based.retention_until == date(2034, 1, 4)  # seven years from the last step


def test_an_appeal_states_a_ground_and_a_late_one_is_still_recorded(support):
    complaint = file_complaint().complaint
    services.complaint_assign(actor=support, complaint=complaint, investigator=support)
    issue(support, complaint, issued_on=date(2026, 10, 2))
    with pytest.raises(ValidationError) as error:
        services.appeal_record(
            actor=support,
            complaint=complaint,
            appellant="complainant",
            filed_on=date(2026, 10, 20),
            grounds=[],
        )
    assert "grounds" in error.value.error_dict
    appeal = services.appeal_record(
        actor=support,
        complaint=complaint,
        appellant="complainant",
        filed_on=date(2026, 11, 4),  # the window: Sunday 1 November, moved to Monday 2
        grounds=["remedy"],
    )
    assert appeal.complaint.status == Complaint.Status.APPEALED
    assert AuditEvent.objects.get(action="complaint.appeal").details["days_late"] == 2
    services.appeal_file_sent(actor=support, appeal=appeal, cde_notice_on=date(2026, 11, 5))
    appeal.refresh_from_db()
    assert appeal.cde_file_due == date(2026, 11, 16)  # Sunday 15 November -> Monday
    services.appeal_file_sent(actor=support, appeal=appeal, file_sent_on=date(2026, 11, 12))
    complaint = queries.with_case_records(Complaint.objects.filter(pk=complaint.pk)).get()
    clocks = {c.clock.code: c for c in queries.clocks_of(complaint, date(2026, 11, 13))}
    assert clocks["cde_file"].state == "met"


def test_the_filer_adds_information_through_the_link(support):
    complaint = file_complaint().complaint
    added = services.filer_information_add(
        complaint=complaint, text="A classmate saw it too.", files=[pdf("photo.pdf")]
    )
    assert added == 2
    assert complaint.items.filter(kind=InvestigationItem.Kind.FROM_FILER).count() == 2
    with pytest.raises(ValidationError):
        services.filer_information_add(complaint=complaint, text="  ")


def test_notices_are_filled_with_the_coordinators_from_the_system(support):
    services.coordinator_set(
        actor=support,
        role=CoordinatorRole.TITLE_IX,
        user=support,
        job_title="Assistant Director of Support Services",
        phone="(562) 555-0199",
    )
    values = queries.notice_placeholders("https://rop.example.org")
    text = queries.fill_placeholders(
        "Title IX: {title_ix_coordinator}. 504: {section_504_coordinator}. {unknown} {", values
    )
    assert "Denise Okafor, Assistant Director of Support Services, (562) 555-0199, " in text
    assert "denise@rop.example.org" in text
    assert "504: (not yet named" in text
    assert text.endswith("{unknown} {")


def test_reminders_escalate_and_go_out_once(support, colleague):
    # Report due Saturday 31 October 2026, moved to Monday 2 November (CCP 12a).
    complaint = file_complaint().complaint
    services.complaint_assign(actor=support, complaint=complaint, investigator=colleague)
    ComplianceCoordinator.objects.create(role="ucp", user=support, email="ucp@rop.example.org")
    day = date(2026, 10, 23)  # 10 days left

    sent = reminders_send(today=day)
    assert [(r.clock, r.level, r.recipients) for r in sent] == [
        ("report", "10", ["james@rop.example.org"])
    ]
    assert reminders_send(today=day) == []  # the same day again: nothing

    sent = reminders_send(today=day + timedelta(days=5))  # 5 days left: coordinators too
    assert [(r.level, r.recipients) for r in sent] == [
        ("5", ["james@rop.example.org", "ucp@rop.example.org"])
    ]
    sent = reminders_send(today=date(2026, 11, 3))  # overdue: everyone in support services
    assert [(r.level, r.recipients) for r in sent] == [
        ("overdue", ["denise@rop.example.org", "james@rop.example.org", "ucp@rop.example.org"])
    ]
    assert reminders_send(today=date(2026, 11, 3)) == []
    assert [r.level for r in reminders_send(today=date(2026, 11, 4))] == ["overdue"]
    assert ReminderSent.objects.count() == 4


def test_the_reminder_command_sends_mail(support, django_capture_on_commit_callbacks):
    from io import StringIO

    from django.core.management import call_command

    complaint = file_complaint().complaint
    services.complaint_assign(actor=support, complaint=complaint, investigator=support)
    out = StringIO()
    with committed_then_worked():
        call_command("complaint_reminders", today=date(2026, 11, 1), stdout=out)
    assert f"{complaint.reference} report due 2026-11-02 [1]" in out.getvalue()
    reminder = mail.outbox[-1]
    assert complaint.reference in reminder.subject and "Rosa" not in reminder.body
