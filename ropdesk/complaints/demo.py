"""Demo complaints, coordinators and notices for the demo county (ropdesk/demo/seed.py).

Four cases, one in each state a reviewer wants to see, dated relative to the demo's `today`
so that every clock shows days left: one just filed anonymously; one under investigation with
an extension the complainant agreed to in writing; a Title IX case with its report issued;
and one appealed to the CDE. Each has a fixed reference code and status link (printed in
docs/support-services.md) and is built through the services; a second run adds nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from django.contrib.auth.hashers import make_password

from ropdesk.complaints import services
from ropdesk.complaints.models import (
    Complaint,
    ComplaintKind,
    ComplianceCoordinator,
    CoordinatorRole,
    InvestigationItem,
    Notice,
    Report,
)
from ropdesk.complaints.notice_defaults import DEFAULTS
from ropdesk.core.models import Role, RoleAssignment, User

DEMO_CASES = ("DMANYMQUSA", "DMEXTENDED", "DMTXREPQRT", "DMAPPEALED")


def demo_status_path(reference: str) -> str:
    """The demo filers' status links are fixed, so that the docs can give them."""
    return f"/complaints/status/{reference}/demo-{reference.lower()}/"


def seed_complaints(*, today: date, password: str) -> int:
    """Build the demo's complaints (and what they need). Returns how many were added."""
    support = User.objects.get(username="support")
    investigator, _created = User.objects.get_or_create(
        username="investigator",
        defaults={
            "first_name": "James",
            "last_name": "Lee",
            "email": "investigator@rop.example.org",
            "password": make_password(password),
        },
    )
    RoleAssignment.objects.get_or_create(user=investigator, role=Role.SUPPORT_SERVICES)
    # A Title IX decision-maker is neither the coordinator (support) nor the investigator, and
    # issues the determination (34 CFR 106.45(b)(7)(i)): a third person in support services.
    decider, _created = User.objects.get_or_create(
        username="decider",
        defaults={
            "first_name": "Morgan",
            "last_name": "Diaz",
            "email": "decider@rop.example.org",
            "password": make_password(password),
        },
    )
    RoleAssignment.objects.get_or_create(user=decider, role=Role.SUPPORT_SERVICES)
    _coordinators(support)
    _notices(support)
    builders: tuple[Callable[[str, date, User, User, User], None], ...] = (
        _anonymous,
        _extended,
        _title_ix_reported,
        _appealed,
    )
    added = 0
    with services.quiet_mail():  # made-up people: no receipts or notices to the console
        for reference, build in zip(DEMO_CASES, builders, strict=True):
            if not Complaint.objects.filter(reference=reference).exists():
                build(reference, today, support, investigator, decider)
                added += 1
    return added


def _coordinators(support: User) -> None:
    if ComplianceCoordinator.objects.exists():
        return
    for role in CoordinatorRole.values:
        services.coordinator_set(
            actor=support,
            role=role,
            user=support,
            job_title="Assistant Director of Support Services",
            phone="(562) 555-0199",
            email="support@rop.example.org",
            office_address="9300 Imperial Highway, Downey, CA 90242",
        )


def _notices(support: User) -> None:
    for kind, texts in DEFAULTS.items():
        for language, (title, body) in texts.items():
            if not Notice.objects.filter(kind=kind, language=language).exists():
                services.notice_update(
                    actor=support, kind=kind, language=language, title=title, body=body
                )


def _file(reference: str, received: date, **fields: object) -> Complaint:
    filed = services.complaint_file(
        received_on=received,
        token=f"demo-{reference.lower()}",
        **fields,  # type: ignore[arg-type]
    )
    Complaint.objects.filter(pk=filed.complaint.pk).update(reference=reference)
    return Complaint.objects.get(pk=filed.complaint.pk)


def _anonymous(reference: str, today: date, *_people: User) -> None:
    _file(
        reference,
        today - timedelta(days=2),
        kind=ComplaintKind.UCP_DISCRIMINATION,
        bases=["race", "national_origin"],
        anonymous=True,
        description=(
            "In the automotive lab a staff member keeps making jokes about where some of us "
            "come from and gives the better shop jobs to other students."
        ),
        people_involved="A lab aide in the afternoon automotive section.",
        location="Automotive lab, Downey",
        incident_date=today - timedelta(days=9),
        language="en",
    )


def _extended(reference: str, today: date, support: User, *_people: User) -> None:
    complaint = _file(
        reference,
        today - timedelta(days=50),
        kind=ComplaintKind.UCP_GENERAL,
        description=(
            "We were told to pay $85 for a uniform and tools before my daughter could start "
            "the medical assistant course."
        ),
        people_involved="Course instructor; front office.",
        location="Medical assistant course",
        incident_date=today - timedelta(days=58),
        filer_name="Maria Lopez",
        filer_email="maria.lopez@example.org",
        filer_relationship=Complaint.FilerRelationship.PARENT,
        language="es",
    )
    services.complaint_assign(actor=support, complaint=complaint, investigator=support)
    services.investigation_item_add(
        actor=support,
        complaint=complaint,
        kind=InvestigationItem.Kind.INTERVIEW,
        title="Interview with the course instructor",
        body="The supply list sent home says the uniform is required to start clinicals.",
        occurred_on=today - timedelta(days=30),
    )
    services.investigation_item_add(
        actor=support,
        complaint=complaint,
        kind=InvestigationItem.Kind.NOTE,
        title="Pupil fees: EC 49011",
        body="Check whether other sections charge the same fee.",
        occurred_on=today - timedelta(days=20),
    )
    services.extension_add(
        actor=support,
        complaint=complaint,
        days=15,
        reason="Records from the partner district are still on their way.",
        written_agreement=True,
        agreed_on=today - timedelta(days=5),
        agreement_text=(
            "Email from the complainant: “Sí, estoy de acuerdo con 15 días más para el informe.”"
        ),
    )


def _title_ix_reported(
    reference: str, today: date, support: User, investigator: User, decider: User
) -> None:
    complaint = _file(
        reference,
        today - timedelta(days=68),
        kind=ComplaintKind.TITLE_IX,
        bases=["sex"],
        description="A classmate keeps sending me unwanted messages and waits for me after class.",
        location="Welding lab and parking lot",
        incident_date=today - timedelta(days=72),
        filer_name="Jordan Avery",
        filer_email="jordan.avery@example.org",
        filer_relationship=Complaint.FilerRelationship.STUDENT,
        language="en",
    )
    services.complaint_assign(
        actor=support, complaint=complaint, investigator=investigator, decision_maker=decider
    )
    services.supportive_measure_add(
        actor=support,
        complaint=complaint,
        description="Moved to the morning welding section; escort to the parking lot.",
        for_whom="Complainant",
        starts_on=today - timedelta(days=66),
    )
    services.title_ix_step_record(
        actor=support,
        complaint=complaint,
        step="evidence_shared_on",
        on=today - timedelta(days=40),
    )
    services.title_ix_step_record(
        actor=support,
        complaint=complaint,
        step="investigative_report_shared_on",
        on=today - timedelta(days=25),
    )
    services.report_issue(
        actor=decider,
        complaint=complaint,
        findings="The messages were sent from the respondent's account on twelve days.",
        conclusions="The conduct was unwelcome and denied equal access: sexual harassment.",
        remedies="No-contact directive; training for the section; follow-up in 30 days.",
        outcome=Report.Outcome.SUBSTANTIATED,
        issued_on=today - timedelta(days=10),
    )


def _appealed(reference: str, today: date, support: User, investigator: User, *_: User) -> None:
    complaint = _file(
        reference,
        today - timedelta(days=110),
        kind=ComplaintKind.SECTION_504,
        bases=["disability"],
        description="My extra time on written tests was not given in the pharmacy tech course.",
        location="Pharmacy technician course",
        incident_date=today - timedelta(days=120),
        filer_name="Luis Herrera",
        filer_relationship=Complaint.FilerRelationship.STUDENT,
        language="es",
    )
    services.complaint_assign(actor=support, complaint=complaint, investigator=investigator)
    services.investigation_item_add(
        actor=support,
        complaint=complaint,
        kind=InvestigationItem.Kind.DOCUMENT,
        title="Section 504 plan (summary)",
        body="Extended time (1.5x) on tests.",
        occurred_on=today - timedelta(days=100),
    )
    services.report_issue(
        actor=support,
        complaint=complaint,
        findings="Two of five tests were given without the extended time in the plan.",
        conclusions="The accommodation was partly not provided.",
        remedies="Retake of both tests with extended time; reminder to instructors.",
        outcome=Report.Outcome.PARTLY,
        issued_on=today - timedelta(days=50),
    )
    services.appeal_record(
        actor=support,
        complaint=complaint,
        appellant="complainant",
        filed_on=today - timedelta(days=25),
        grounds=["remedy"],
        grounds_detail="A retake is not enough; the grade should be reviewed.",
        cde_notice_on=today - timedelta(days=4),
    )
