"""The life of an enrollment: each change recorded with who, when and why; admission blocked
in plain words and overridden with a reason; the funding category; schedule conflicts; the
warning on the non-grade-9-12 share."""

from __future__ import annotations

from datetime import date, time
from decimal import Decimal

import pytest
from django.core import mail

from ropdesk.core.models import AuditEvent, Role, Site
from ropdesk.core.tests import factories as f
from ropdesk.core.tests.work import committed_then_worked
from ropdesk.enrollment import categories, queries, services
from ropdesk.enrollment.models import Application, EligibilityFinding, Enrollment
from ropdesk.enrollment.tests.helpers import BASE_URL, application

pytestmark = pytest.mark.django_db


@pytest.fixture
def office():
    return f.user("office", role=Role.ADMINISTRATOR, first_name="Alicia", last_name="Navarro")


def admit(filed, actor, **kwargs):
    return services.application_admit(
        application=filed, actor=actor, will_benefit=True, base_url=BASE_URL, **kwargs
    )


def test_each_change_is_recorded_with_who_when_and_why(office):
    counselor = f.user("counselor", role=Role.COUNSELOR, organization=f.district())
    center = f.section(site_obj=f.site(kind=Site.Kind.COMMUNITY))
    filed = application(
        section=center, birth_date=date(2000, 1, 1), grade="AD", kind="adult", school=None
    )
    filed.entered_by = counselor
    filed.save()
    enrollment = admit(filed, office)
    services.enrollment_end(
        enrollment=enrollment, actor=office, status="withdrawn", reason="Took a full-time job"
    )
    events = list(enrollment.events.values_list("from_status", "to_status", "by__username"))
    assert events == [
        ("", "requested", "counselor"),
        ("requested", "admitted", "office"),
        ("admitted", "enrolled", "office"),
        ("enrolled", "withdrawn", "office"),
    ]
    assert enrollment.events.first().at == filed.submitted_at
    last = enrollment.events.last()
    assert last.reason == "Took a full-time job"
    enrollment.refresh_from_db()
    assert enrollment.ended_on is not None and enrollment.status_reason == "Took a full-time job"
    assert AuditEvent.objects.filter(
        action="enrollment_withdrawn", object_id=str(enrollment.pk), actor=office
    ).exists()


def test_admission_creates_the_student_a_guardian_and_an_account_with_a_password_link(office):
    filed = application(
        birth_date=date(2009, 5, 5),
        consent=True,
        guardian_name="Rosa Flores",
        guardian_relationship="Mother",
        guardian_email="rosa@example.org",
        email="mateo@example.org",
        has_iep=True,
    )
    enrollment = admit(filed, office)
    student = enrollment.student
    assert student.local_id == f"ROP-{filed.reference}"
    assert student.has_iep is True
    assert student.guardianships.get().name == "Rosa Flores"
    assert student.user.username == "mateo@example.org"
    assert student.user.roles.filter(role=Role.STUDENT).exists()
    assert not student.user.has_usable_password()
    filed.refresh_from_db()
    assert (filed.status, filed.decided_by, filed.student) == ("admitted", office, student)
    approval = filed.findings.get(rule="approval")
    assert approval.checked_by == office
    assert approval.reason == (
        "Admitted by Alicia Navarro, who found that the applicant will benefit."
    )


def test_the_admission_e_mail_carries_the_link_to_choose_a_password(
    office, django_capture_on_commit_callbacks
):
    filed = application(birth_date=date(2000, 1, 1), grade="AD", kind="adult", school=None)
    section = f.section(site_obj=f.site(kind=Site.Kind.COMMUNITY))
    mail.outbox.clear()
    with committed_then_worked():
        admit(filed, office, section=section)
    assert len(mail.outbox) == 1
    assert "http://testserver/accounts/reset/" in mail.outbox[0].body


def test_a_blocking_rule_says_why_and_nothing_is_admitted(office):
    filed = application(birth_date=date(2009, 5, 5))  # a minor without consent
    with pytest.raises(services.AdmissionBlocked) as refused:
        admit(filed, office)
    assert refused.value.messages == [
        "The applicant is under 18, and no parent or guardian has consented yet. Send the "
        "consent link again, or record consent given on paper or by phone."
    ]
    assert not Enrollment.objects.exists()
    filed.refresh_from_db()
    assert filed.status == "submitted"


def test_the_office_overrides_a_blocking_rule_with_a_reason_and_it_is_audited(office):
    filed = application(birth_date=date(2011, 1, 1), grade="10", consent=True)
    services.application_check(application=filed, actor=None)
    finding = filed.findings.get(rule="minimum_age")
    assert finding.result == "block"
    with pytest.raises(services.ValidationError):
        services.eligibility_override(finding=finding, actor=office, reason="")
    services.eligibility_override(
        finding=finding, actor=office, reason="Exceptional need, director's approval (memo 14)"
    )
    enrollment = admit(filed, office)
    assert enrollment.status == "enrolled"
    finding.refresh_from_db()
    assert finding.overridden_by == office
    assert AuditEvent.objects.get(action="eligibility_override").details == {
        "rule": "minimum_age",
        "reason": "Exceptional need, director's approval (memo 14)",
    }


def test_a_counselor_cannot_override_nor_admit_outside_their_caseload():
    district = f.district()
    counselor = f.user("counselor", role=Role.COUNSELOR, organization=district)
    filed = application(birth_date=date(2011, 1, 1), grade="10", consent=True)
    services.application_check(application=filed, actor=None)
    finding = filed.findings.get(rule="minimum_age")
    with pytest.raises(services.ValidationError):
        services.eligibility_override(finding=finding, actor=counselor, reason="Because")
    with pytest.raises(services.AdmissionBlocked) as refused:
        admit(application(birth_date=date(2000, 1, 1), grade="AD", kind="adult"), counselor)
    assert "Only the office or a counselor may admit students." in refused.value.messages


def test_the_funding_category_comes_from_the_student(office):
    junior = f.student(grade="11", calworks=False)
    adult = f.student(grade="AD", calworks=True, wioa_intensive=True, birth_date=date(1985, 1, 1))
    assert categories.funding_category(junior) == categories.FundingCategory(True, True, ())
    assert categories.funding_category(adult) == categories.FundingCategory(
        False, False, ("calworks", "wioa_intensive")
    )
    assert categories.funding_category(junior, out_of_school=True).grade_9_12 is False
    filed = application(
        birth_date=date(1985, 1, 1), grade="AD", kind="adult", school=None, job_corps=True
    )
    enrollment = admit(filed, office, section=f.section(site_obj=f.site(kind=Site.Kind.COMMUNITY)))
    assert (enrollment.grade_9_12, enrollment.concurrent) == (False, False)
    assert enrollment.special_population is True
    assert enrollment.special_programs == ["job_corps"]


def test_schedule_conflicts_are_flagged(office):
    student = f.student()
    fall = f.term()
    first = f.section(term_obj=fall, days="Mon,Wed", start=time(14, 0), end=time(16, 0))
    overlapping = f.section(term_obj=fall, days="Wed,Fri", start=time(15, 30), end=time(16, 0))
    after = f.section(term_obj=fall, days="Mon,Wed", start=time(16, 0), end=time(18, 0))
    rows = [f.enroll(student, s) for s in (first, overlapping, after)]
    found = queries.schedule_conflicts(rows, Enrollment.objects.all())
    assert {k: [e.pk for e in v] for k, v in found.items()} == {
        rows[0].pk: [rows[1].pk],
        rows[1].pk: [rows[0].pk],
    }
    assert [e.pk for e in queries.conflicts_with(student, after, Enrollment.objects.all())] == []


def test_the_office_is_warned_as_non_grade_9_12_enrollment_nears_its_share():
    section = f.section(capacity=40)
    for _ in range(18):
        f.enroll(f.student(grade="11"), section)
    adult = f.student(grade="AD", birth_date=date(1980, 1, 1))
    f.enroll(adult, section)
    share = queries.non_high_school_share(date(2026, 10, 1))
    assert (share.total, share.non_high_school) == (19, 1)
    assert share.warn is False  # 5.3 % against 10 %
    f.enroll(f.student(grade="AD", birth_date=date(1980, 1, 1)), section)
    share = queries.non_high_school_share(date(2026, 10, 1))
    assert share.share_percent == Decimal("10.0")
    assert (share.warn, share.over) == (True, False)
    f.enroll(f.student(grade="AD", birth_date=date(1980, 1, 1), calworks=True), section)
    share = queries.non_high_school_share(date(2026, 10, 1))
    assert share.share_percent == Decimal("14.3")
    assert share.allowed_percent == Decimal("14.8")  # 10 % + the special population's 4.8 %
    assert (share.warn, share.over) == (True, False)


def test_a_counselor_entered_application_keeps_who_entered_it(client):
    district = f.district()
    counselor = f.user("counselor", role=Role.COUNSELOR, organization=district)
    school = f.school(district)
    section = f.section()
    filed = services.application_submit(
        actor=counselor,
        fields=dict(
            kind=Application.Kind.HIGH_SCHOOL,
            legal_first_name="Ana",
            legal_last_name="Lopez",
            birth_date=date(2009, 2, 2),
            sex="F",
            grade_level="12",
            district_of_residence=district,
            school=school,
            transportation="family",
            transportation_acknowledged=True,
            guardian_name="Luz Lopez",
            guardian_relationship="Mother",
        ),
        choices=[(section.course, section)],
        base_url=BASE_URL,
    )
    assert (filed.entered_by, filed.user) == (counselor, None)
    assert set(filed.findings.values_list("rule", flat=True)) >= {"minimum_age", "priority"}
    assert EligibilityFinding.objects.get(application=filed, rule="parent_consent").blocks


def test_admitting_an_application_gives_a_student_of_unknown_birth_date_the_stated_one(office):
    """A student a district's file sent without demographics applies: the application's birth
    date and sex fill in what the record lacked, and nothing it already had."""
    from ropdesk.core.models import Student

    known = f.student()
    Student.objects.filter(pk=known.pk).update(birth_date=None, sex="")
    filed = application(
        consent=True, birth_date=date(2009, 5, 6), sex="M", student=known, district=None
    )

    admit(filed, office)

    known.refresh_from_db()
    assert (known.birth_date, known.sex) == (date(2009, 5, 6), "M")
