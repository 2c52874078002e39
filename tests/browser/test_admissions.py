"""The admissions journey in a real browser: a minor applies on the public form, the parent
consents from the e-mailed link, the counselor admits, the instructor records completion, the
student sets a password, downloads the certificate (its text is checked) and the public page
verifies it. Every page passes axe."""

from __future__ import annotations

import re
from datetime import timedelta
from io import BytesIO

import pytest
from django.core import mail
from django.db.models import Count, F, Q
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from ropdesk.core.models import Organization
from ropdesk.core.tests.clock import suite_today
from ropdesk.core.worker import tasks_run_pending
from ropdesk.enrollment.models import Application, Completion
from ropdesk.scheduling.models import Section
from tests.browser.conftest import serious_violations, sign_in

pytestmark = pytest.mark.browser

NEW_PASSWORD = "a long and private passphrase"  # noqa: S105 -- the test student's own


def open_section_of_the_demo_instructor() -> Section:
    seated = Count("enrollments", filter=Q(enrollments__status__in=["enrolled", "completed"]))
    return (
        Section.objects.filter(instructor__username="instructor", term__end_date__gte=suite_today())
        .annotate(seated=seated)
        .filter(seated__lt=F("capacity"))
        .select_related("course")
        .order_by("code")
        .first()
    )


def link_in(message: mail.EmailMessage, part: str) -> str:
    return next(word for word in message.body.split() if part in word)


def test_a_minor_applies_and_ends_with_a_verified_certificate(demo, live_server, page: Page):
    base = live_server.url
    section = open_section_of_the_demo_instructor()
    downey = Organization.objects.get(code="D09")
    downey_high = Organization.objects.filter(parent=downey).order_by("code").first()
    born = suite_today() - timedelta(days=16 * 365 + 120)
    mail.outbox.clear()

    # The course page leads to the application, with the course chosen.
    page.goto(f"{base}/catalog/courses/{section.course.pk}/")
    page.get_by_role("link", name="Apply for this course").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Apply to ROP courses")
    assert serious_violations(page) == []
    page.get_by_label("High-school student").check()
    page.get_by_label("Legal first name").fill("Mateo")
    page.get_by_label("Legal last name").fill("Quintero")
    page.get_by_label("Birth date").fill(born.isoformat())
    page.get_by_label("Sex").select_option("M")
    page.get_by_label(re.compile("^Email")).fill("mateo.quintero@example.org")
    page.get_by_label("Grade level").select_option("11")
    page.get_by_label("District where you live").select_option(str(downey.pk))
    page.get_by_label("High school you attend").select_option(str(downey_high.pk))
    page.get_by_label(re.compile(r"^Preferred section for choice 1")).select_option(str(section.pk))
    page.get_by_label("Other needs").fill("Large-print handouts")
    page.get_by_label("Public transportation").check()
    page.get_by_label("Parent or guardian name").fill("Rosa Quintero")
    page.get_by_label("Relationship", exact=True).fill("Mother")
    page.get_by_label("Parent or guardian email").fill("rosa.quintero@example.org")
    # Forgetting the transportation box: the error is shown, nothing typed is lost.
    page.get_by_role("button", name="Send my application").click()
    expect(page.get_by_role("alert")).to_contain_text("Everything you typed is still here")
    expect(page.locator("main")).to_contain_text("Please confirm that you will provide your own")
    expect(page.get_by_label("Legal last name")).to_have_value("Quintero")
    expect(page.get_by_label("Other needs")).to_have_value("Large-print handouts")
    assert serious_violations(page) == []
    page.get_by_label("I understand that students provide their own transportation").check()
    page.get_by_role("button", name="Send my application").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Application received")
    assert serious_violations(page) == []
    application = Application.objects.get(legal_last_name="Quintero")
    expect(page.locator("main")).to_contain_text(application.reference)

    # The parent consents from the e-mailed link (the worker sends it).
    tasks_run_pending()
    letter = next(m for m in mail.outbox if m.to == ["rosa.quintero@example.org"])
    page.goto(link_in(letter, "/consent/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Parent or guardian consent")
    expect(page.locator("main")).to_contain_text(section.course.title)
    assert serious_violations(page) == []
    page.get_by_label("I consent to this student's enrollment").check()
    page.get_by_label("I understand that students provide their own transportation").check()
    page.get_by_role("button", name="Give my consent").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("your consent is recorded")

    # The counselor admits from the queue.
    sign_in(page, base, "counselor")
    page.locator("nav").get_by_role("link", name="Admissions").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Admissions")
    assert serious_violations(page) == []
    row = page.locator("tr", has_text="Quintero")
    expect(row).to_contain_text("Given")
    row.get_by_role("checkbox").check()
    page.get_by_label("I have determined that each applicant selected will benefit").check()
    page.get_by_role("button", name="Admit selected").click()
    expect(page.get_by_role("status").first).to_contain_text("1 admitted with a seat")
    application.refresh_from_db()
    assert application.status == "admitted"
    page.get_by_role("button", name="Sign out").click()

    # The instructor records the final grade and the competencies.
    sign_in(page, base, "instructor")
    page.locator("nav").get_by_role("link", name="Completion").click()
    assert serious_violations(page) == []
    page.get_by_role("link", name=re.compile(re.escape(section.code) + "$")).click()
    row = page.locator("fieldset", has_text="Quintero")
    row.get_by_label("Final grade").select_option("A")
    competencies = list(section.course.competencies.order_by("number")[:3])
    for competency in competencies:
        row.get_by_label(competency.description).check()
    assert serious_violations(page) == []
    page.get_by_role("button", name="Save completion").click()
    expect(page.get_by_role("status").first).to_contain_text("Completion recorded for 1 student.")
    page.get_by_role("button", name="Sign out").click()
    code = Completion.objects.get(enrollment__student__legal_last_name="Quintero").certificate_code

    # The student chooses a password from the admission e-mail and downloads the certificate.
    tasks_run_pending()
    welcome = next(
        m for m in mail.outbox if m.to == ["mateo.quintero@example.org"] and "accepted" in m.subject
    )
    page.goto(link_in(welcome, "/accounts/reset/"))
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("New password confirmation").fill(NEW_PASSWORD)
    page.get_by_role("button").filter(has_text=re.compile("password", re.I)).last.click()
    sign_in(page, base, "mateo.quintero@example.org", NEW_PASSWORD)
    page.locator("nav").get_by_role("link", name="My applications").click()
    expect(page.locator("main")).to_contain_text(application.reference)
    assert serious_violations(page) == []
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("Download the certificate")).click()
    content = download.value.path().read_bytes()
    text = " ".join(PdfReader(BytesIO(content)).pages[0].extract_text().split())
    assert "Certificate of Completion" in text and "Certificado de Terminación" in text
    assert "Mateo Quintero" in text and section.course.title in text
    for competency in competencies:
        assert competency.description in text
    assert code in text and f"{base}/certificates/verify/" in text
    page.get_by_role("button", name="Sign out").click()

    # Anyone can check the code.
    page.goto(f"{base}/certificates/verify/")
    assert serious_violations(page) == []
    page.get_by_label("Certificate code").fill(code.lower())
    page.get_by_role("button", name="Verify").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Valid certificate of completion")
    expect(page.locator("main")).to_contain_text("Mateo Quintero")
    assert serious_violations(page) == []


def test_the_office_pages_pass_the_accessibility_check(demo, live_server, page: Page):
    sign_in(page, live_server.url, "counselor")
    page.locator("nav").get_by_role("link", name="Admissions").click()
    page.locator("main table a").first.click()
    expect(page.get_by_role("heading", name="Eligibility")).to_be_visible()
    assert serious_violations(page) == []
    page.locator("nav").get_by_role("link", name="Enrollments").click()
    assert serious_violations(page) == []
    page.locator("main table a").first.click()
    expect(page.get_by_role("heading", name="History")).to_be_visible()
    assert serious_violations(page) == []
    page.goto(f"{live_server.url}/admissions/new/")
    assert serious_violations(page) == []
