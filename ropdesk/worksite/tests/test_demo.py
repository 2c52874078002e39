"""The demo county has trainees with agreements, hours and visits in every state."""

from datetime import date

from ropdesk.attendance.models import OnTheJobHours
from ropdesk.demo.seed import seed_demo
from ropdesk.enrollment.models import Enrollment
from ropdesk.worksite.demo import seed_worksite
from ropdesk.worksite.models import SiteVisit, TimesheetEntryDetail, TrainingAgreement
from ropdesk.worksite.queries import trainee_statuses

TODAY = date(2026, 11, 2)


def test_the_demo_has_every_state_and_a_second_run_adds_nothing(db):
    seed_demo(students=60, seed=11, today=TODAY)
    counts = (
        TrainingAgreement.objects.count(),
        OnTheJobHours.objects.count(),
        SiteVisit.objects.count(),
    )
    assert TrainingAgreement.objects.filter(fully_signed_on__isnull=False).exists()
    assert TrainingAgreement.objects.filter(fully_signed_on__isnull=True).exists()
    statuses = {d.status for d in TimesheetEntryDetail.objects.all()}
    assert statuses == {"approved", "submitted", "returned"}
    demo = Enrollment.objects.get(student__local_id="ROP-DEMO-1", worksite__code="E01-SITE")
    assert demo.on_the_job_hours.filter(credited_minutes__gt=0).exists()
    rows = trainee_statuses(
        Enrollment.objects.filter(
            worksite__isnull=False, status="enrolled", section__term__start_date__lte=TODAY
        ),
        TODAY,
    )
    assert any(r.ok for r in rows) and any(not r.ok for r in rows)
    seed_worksite(today=TODAY)
    assert counts == (
        TrainingAgreement.objects.count(),
        OnTheJobHours.objects.count(),
        SiteVisit.objects.count(),
    )
