"""The portfolio journey: the demo student builds a resume that carries her verified
certificate, downloads the PDF (its text checked, in English and Spanish), shares a link, and
an employer with no account opens it and verifies the credential. The resume editor fits a
phone and axe finds nothing serious."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from playwright.sync_api import Browser, Page, expect
from pypdf import PdfReader

from ropdesk.demo.seed import seed_demo
from tests.browser.conftest import PHONE, fits_the_screen, new_tab, serious_violations, sign_in

pytestmark = pytest.mark.browser
SHOTS = Path(django_settings.BASE_DIR).parent / "var" / "screenshots"


@pytest.fixture
def portfolio_demo(transactional_db: None, settings, tmp_path, live_server) -> None:
    settings.ROPDESK = {
        **settings.ROPDESK,
        "CREDENTIAL_KEY_DIR": str(tmp_path / "keys"),
        "PORTFOLIO_PUBLIC_URL": live_server.url,
    }
    seed_demo(students=60, seed=11, today=date(2026, 11, 2))


def _pdf_text(page: Page, link_name: str) -> str:
    with page.expect_download() as download:
        page.get_by_role("link", name=link_name).first.click()
    content = Path(download.value.path()).read_bytes()
    return " ".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)


def test_a_student_builds_shares_and_an_employer_verifies(
    portfolio_demo, live_server, page: Page, browser: Browser
):
    base = live_server.url
    SHOTS.mkdir(parents=True, exist_ok=True)
    sign_in(page, base, "student")
    page.get_by_role("link", name="My portfolio").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Career portfolio: Sofia Ramirez")
    verified = page.locator("#credentials + p + ul")
    expect(verified).to_contain_text("Certificate of Completion")
    expect(verified).to_contain_text("Verified by ropdesk")
    assert serious_violations(page) == []

    # A new resume for a job target; her verified certificate is on it by itself.
    page.get_by_text("Start a new resume").click()
    page.get_by_label("Resume name").fill("Front desk")
    page.get_by_label("Headline").fill("Patient services trainee")
    page.get_by_role("button", name="Create the resume").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Resume: Front desk")
    page.get_by_label("Section", exact=True).select_option("work")
    page.get_by_label("Title", exact=True).fill("Cashier")
    page.get_by_label("Organization").fill("Corner Market")
    page.get_by_role("button", name="Add and preview").click()
    preview = page.locator(".resume-preview")
    expect(preview).to_contain_text("Cashier")
    expect(preview).to_contain_text("Certificate of Completion")
    expect(preview).to_contain_text("Verified by ropdesk")
    assert serious_violations(page) == []
    page.screenshot(path=str(SHOTS / "portfolio-resume-desktop.png"), full_page=True)

    text = _pdf_text(page, "Download the PDF")
    assert "Sofia Ramirez" in text and "Cashier" in text
    assert "Certificate of Completion" in text and "Verified by ropdesk" in text
    assert "Work experience" in text and "Certifications" in text

    # Her Spanish resume, from the demo.
    page.get_by_role("link", name="Back to the portfolio").click()
    page.get_by_role("link", name="Asistente médico").click()
    spanish = _pdf_text(page, "Download the PDF")
    assert "Certificado de finalización" in spanish and "Verificado por ropdesk" in spanish
    assert "Experiencia laboral" in spanish

    # She shares the new resume with an employer.
    page.get_by_role("link", name="Back to the portfolio").click()
    page.get_by_label("What to share").select_option(label="Front desk")
    page.get_by_label("Who it is for").fill("Gateway Regional Medical Center HR")
    page.get_by_role("button", name="Make a share link").click()
    link = page.locator(".share-url a").inner_text()
    assert "/shared/" in link

    # The employer, with no account, opens it and verifies the credential.
    employer = new_tab(browser.new_context(viewport={"width": 1200, "height": 900}))
    employer.goto(link)
    expect(employer.get_by_role("heading", level=1)).to_have_text(
        "Shared with Gateway Regional Medical Center HR"
    )
    expect(employer.locator("main")).to_contain_text("Cashier")
    assert serious_violations(employer) == []
    employer.get_by_role("link", name="Verify the credential").first.click()
    expect(employer.get_by_role("status")).to_have_text("Valid")
    expect(employer.locator("main")).to_contain_text("Sofia Ramirez")
    assert serious_violations(employer) == []
    employer.context.close()

    # The view was counted.
    page.reload()
    row = (
        page.get_by_role("table", name="Share links")
        .get_by_role("row")
        .filter(has_text="Front desk")
    )
    expect(row).to_contain_text("Gateway Regional Medical Center HR")
    expect(row).to_contain_text("1 (last")


def test_the_resume_editor_fits_a_phone(portfolio_demo, live_server, browser: Browser):
    phone = new_tab(browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True))
    base = live_server.url
    sign_in(phone, base, "student")
    phone.goto(f"{base}/portfolio/")
    phone.get_by_role("link", name="Medical assistant").first.click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Resume: Medical assistant")
    assert fits_the_screen(phone)
    assert serious_violations(phone) == []
    SHOTS.mkdir(parents=True, exist_ok=True)
    phone.screenshot(path=str(SHOTS / "portfolio-resume-phone.png"), full_page=True)
    phone.goto(f"{base}/portfolio/")
    assert fits_the_screen(phone)
    phone.goto(f"{base}/shared/demo-employer-link/")
    assert fits_the_screen(phone)
    phone.context.close()
