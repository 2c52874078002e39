"""Issue 15's daily-work pages in a real browser, on a desktop and a 390-px phone: the office
certifies many sections at once, support services' start page, the confirmation after
signing a training agreement, entering an application by ROP id, and the complaint receipt's
private link with its copy button. Each fits the phone and axe finds nothing serious.
Screenshots go to test-artifacts/ for a person to look at."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.db.models import Count
from playwright.sync_api import Page, expect

from ropdesk.core.models import Student
from ropdesk.worksite.models import TrainingAgreement
from tests.browser.conftest import fits_the_screen, serious_violations, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def shot(page: Page, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def check(page: Page, name: str) -> None:
    assert fits_the_screen(page), f"{name} is wider than the screen"
    assert serious_violations(page) == [], name
    shot(page, name)


def test_the_office_certifies_many_sections_and_enters_an_application_by_rop_id(
    live_server, demo, page: Page, phone: Page
):
    base = live_server.url
    sign_in(page, base, "admin")
    page.goto(f"{base}/attendance/certify/")
    caption = page.locator("main table caption").first.inner_text()
    district = page.get_by_label("District")
    district.select_option(index=1)
    page.get_by_role("button", name="Show sections").click()
    check(page, "certify-desktop")
    page.get_by_role("button", name="Certify all").click()
    expect(page.locator("#certify-result")).to_contain_text("Certified")
    expect(page.locator("main")).to_contain_text("Every section listed is certified")
    check(page, "certify-result-desktop")
    assert caption  # the list had sections before

    sign_in(phone, base, "admin")
    phone.goto(f"{base}/attendance/certify/?show=all")
    check(phone, "certify-390")

    # A last name several students share: the name lists them, each with its ROP id.
    shared = (
        Student.objects.values("legal_last_name")
        .annotate(n=Count("pk"))
        .filter(n__gt=1, n__lt=20)
        .order_by("legal_last_name")
        .first()
    )
    assert shared is not None
    student = Student.objects.filter(legal_last_name=shared["legal_last_name"]).first()
    assert student is not None
    phone.goto(f"{base}/admissions/new/")
    phone.get_by_label("ROP student id or name").fill(student.legal_last_name)
    phone.get_by_role("button", name="Find the student").click()
    phone.locator("main ul.matches li").filter(has_text=f"ROP id {student.local_id}").get_by_role(
        "link"
    ).click()
    expect(phone.locator("main")).to_contain_text(f"(ROP id {student.local_id})")
    assert f"student={student.local_id}" in phone.url
    check(phone, "application-by-rop-id-390")


def test_support_services_start_page(live_server, demo, page: Page, phone: Page):
    base = live_server.url
    sign_in(page, base, "support")
    expect(page.locator("#caseload-heading")).to_have_text("Complaints")
    expect(page.locator("main")).to_contain_text("nearest deadline first")
    expect(page.locator("main")).to_contain_text("Annual notices")
    check(page, "support-start-desktop")
    first_case = page.locator("section.caseload tbody a").first
    reference = first_case.inner_text()
    first_case.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Case {reference}")
    sign_in(phone, base, "support")
    check(phone, "support-start-390")


def _agreement_to_sign_for_the_school() -> TrainingAgreement:
    waiting = TrainingAgreement.objects.filter(fully_signed_on__isnull=True)
    agreement = waiting.exclude(signatures__party="school").first()
    if agreement is None:  # every waiting agreement has the school's signature: take one back
        agreement = waiting.first()
        assert agreement is not None, "the demo has no agreement waiting for signatures"
        agreement.signatures.filter(party="school").delete()
    return agreement


def test_signing_an_agreement_says_what_was_signed_and_who_still_signs(
    live_server, demo, page: Page, phone: Page
):
    base = live_server.url
    agreement = _agreement_to_sign_for_the_school()
    sign_in(phone, base, "admin")
    phone.goto(f"{base}/worksite/agreements/{agreement.pk}/")
    phone.get_by_label("Type your full name to sign").first.fill("Olga Office")
    phone.get_by_role("button", name="Sign as School representative").click()
    confirmation = phone.locator("#signed")
    expect(confirmation).to_contain_text("You signed this agreement")
    expect(confirmation).to_contain_text("as School representative, with the name “Olga Office”")
    expect(confirmation.get_by_role("link", name="Download your copy (PDF)")).to_be_visible()
    check(phone, "agreement-signed-390")
    sign_in(page, base, "admin")
    page.goto(phone.url)
    expect(page.locator("#signed")).to_be_visible()
    check(page, "agreement-signed-desktop")


def test_the_complaint_receipt_fits_a_phone_and_copies_the_link(live_server, demo, phone: Page):
    base = live_server.url
    phone.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base)
    phone.goto(f"{base}/complaints/file/")
    phone.get_by_label("Discrimination, harassment, intimidation or bullying").check()
    phone.get_by_label("What happened?").fill("Someone wrote a slur on my locker.")
    phone.get_by_label("When did it happen?").fill("2026-10-28")
    phone.get_by_label("Race", exact=True).check()
    phone.get_by_label("File without giving my name").check()
    phone.get_by_role("button", name="Send my complaint").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("We received your complaint")
    assert phone.title().startswith("Complaint received")  # no script text in the title
    link = phone.locator("#status-link").get_attribute("href")
    copy = phone.get_by_role("button", name="Copy the link")
    expect(copy).to_be_visible()
    box = phone.locator("#status-link").bounding_box()
    assert box is not None and box["x"] + box["width"] <= 390
    copy.click()
    expect(phone.locator("#copy-status")).to_have_text("Copied. Paste it somewhere safe.")
    assert phone.evaluate("navigator.clipboard.readText()") == link
    check(phone, "complaint-receipt-390")
