"""The follow-up journey: the office opens a wave and sends the invitations; a former student
answers on a 390-px phone, in Spanish, from the e-mailed personal link; staff enter a parent's
answer from the phone list; the dashboard moves with each. axe finds nothing serious."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core import mail
from playwright.sync_api import Browser, Page, expect

from ropdesk.core.models import Role
from ropdesk.core.tests import factories as f
from ropdesk.core.worker import tasks_run_pending
from ropdesk.outcomes.tests import factories as of
from tests.browser.conftest import PHONE, fits_the_screen, new_tab, serious_violations, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def cohort(transactional_db: None) -> dict:
    f.user("office", role=Role.ADMINISTRATOR, first_name="Olga", last_name="Office")
    lucia = of.former_student(
        first="Lucía", last="Ramos", email="lucia@example.org", home_language="Spanish"
    )
    marco = of.former_student(first="Marco", last="Reyes", phone="(562) 555-0142", sex="M")
    return {"lucia": lucia, "marco": marco}


def test_a_wave_is_sent_answered_on_a_phone_in_spanish_and_by_phone_and_the_dashboard_moves(
    cohort, live_server, page: Page, browser: Browser, tmp_path: Path
):
    base = live_server.url
    sign_in(page, base, "office", f.PASSWORD)
    page.goto(f"{base}/outcomes/")
    page.get_by_role("link", name="New follow-up wave").click()
    page.get_by_label("Exit year").fill("2025-2026")
    page.get_by_label("Opens on").fill("2026-10-15")
    page.get_by_role("button", name="Create the wave").click()
    expect(page.get_by_role("heading", name=re.compile("Follow-up of 2025-2026"))).to_be_visible()
    page.get_by_role("button", name="Send the invitations").click()
    expect(page.get_by_text("The invitations are being sent.")).to_be_visible()
    dashboard = page.url
    tasks_run_pending()  # the worker invites the wave, then sends the mail (core/mail.py)
    page.goto(dashboard)
    expect(page.locator("#surveyed")).to_have_text("2")
    expect(page.locator("#response-rate")).to_have_text("0.0 %")
    [letter] = [m for m in mail.outbox if m.to == ["lucia@example.org"]]
    assert "Cuéntanos qué haces ahora" in letter.subject
    link = next(w for w in letter.body.split() if "/outcomes/survey/" in w)

    # Lucía answers on her phone; the page speaks Spanish, the language she was written in.
    phone = new_tab(browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True))
    phone.goto(link)
    expect(phone.get_by_role("heading", name="Hola, Lucía: ¿qué haces ahora?")).to_be_visible()
    assert fits_the_screen(phone)
    assert serious_violations(phone) == []
    phone.get_by_label("Colegio comunitario de California").check()
    phone.get_by_label("Medio tiempo").check()
    phone.get_by_label("Horas por semana").fill("20")
    phone.screenshot(path=str(tmp_path / "outcomes-survey-390.png"), full_page=True)
    phone.get_by_role("button", name="Enviar mis respuestas").click()
    expect(phone.get_by_text("¡Gracias!")).to_be_visible()
    phone.goto(link)  # the link has done its work
    expect(phone.get_by_text("Este enlace ya se usó.")).to_be_visible()

    page.goto(dashboard)
    expect(page.locator("#response-rate")).to_have_text("50.0 %")
    expect(page.locator("#placed-rate")).to_have_text("100.0 %")

    # Marco has no e-mail: staff call; his mother answers for him.
    page.get_by_role("link", name="Phone list").click()
    page.get_by_role("link", name="Reyes, Marco").click()
    page.get_by_label("Someone else (proxy)").check()
    page.get_by_label("Proxy's relationship (e.g. mother)").fill("mother")
    page.get_by_label("National Guard").check()
    page.get_by_role("button", name="Save the answers").click()
    expect(page.get_by_text("Answers saved.")).to_be_visible()
    expect(page.get_by_text("Everyone has answered or opted out.")).to_be_visible()

    page.goto(dashboard)
    expect(page.locator("#response-rate")).to_have_text("100.0 %")
    expect(page.locator("#proxies")).to_have_text("1")
    expect(page.get_by_role("img", name=re.compile("Response rate by channel"))).to_be_visible()
    assert serious_violations(page) == []
    page.screenshot(path=str(tmp_path / "outcomes-dashboard.png"), full_page=True)

    narrow = new_tab(browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True))
    sign_in(narrow, base, "office", f.PASSWORD)
    narrow.goto(dashboard)
    assert fits_the_screen(narrow)
    narrow.screenshot(path=str(tmp_path / "outcomes-dashboard-390.png"), full_page=True)
    print(tmp_path)
