"""The demo student's portfolio: verified entries from her records, a resume in English and
Spanish, a credential, a tracked application and a mock interview; the demo employer link;
portfolios that grow with the county; a second run adds nothing."""

from datetime import date

from django.test import Client

from ropdesk.demo.seed import seed_demo
from ropdesk.portfolio.demo import seed_portfolio
from ropdesk.portfolio.models import (
    Credential,
    InterviewPractice,
    JobApplication,
    Resume,
    ResumeEntry,
)

TODAY = date(2026, 11, 2)


def _counts():
    return tuple(m.objects.count() for m in (Resume, ResumeEntry, JobApplication, Credential))


def test_the_demo_student_has_a_verified_portfolio_and_the_employer_link_shows_it(db, issuer_key):
    seed_demo(students=60, seed=11, today=TODAY)

    sofia = ResumeEntry.objects.filter(student__local_id="ROP-DEMO-1")
    assert {"certificate", "hours", "readiness"} <= set(sofia.values_list("basis", flat=True))
    assert sorted(
        Resume.objects.filter(student__local_id="ROP-DEMO-1").values_list("language", flat=True)
    ) == ["en", "es"]
    assert Credential.objects.filter(student__local_id="ROP-DEMO-1").count() == 1
    assert JobApplication.objects.filter(
        student__local_id="ROP-DEMO-1", status="interview"
    ).exists()
    assert InterviewPractice.objects.filter(student__local_id="ROP-DEMO-1").exists()
    assert Resume.objects.exclude(student__local_id="ROP-DEMO-1").exists()

    page = Client().get("/shared/demo-employer-link/")
    text = page.content.decode()
    assert page.status_code == 200
    assert "Sofia Ramirez" in text and "Verified by ropdesk" in text

    before = _counts()
    seed_portfolio(today=TODAY, seed=11)
    assert _counts() == before
