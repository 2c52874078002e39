"""The work-based-learning journey: the instructor-coordinator sets up a training site and its
joint venture agreement, every party signs, the student logs a week of hours on a phone, the
supervisor approves them, the instructor logs a visit and the student's row on the compliance
dashboard turns green. axe finds nothing serious on the main pages."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from playwright.sync_api import Browser, Page, expect

from ropdesk.catalog.models import Competency, InstructionMode
from ropdesk.core.models import Organization, Role, Site
from ropdesk.core.tests import factories as f
from ropdesk.core.tests.clock import suite_today
from ropdesk.core.worker import tasks_run_pending
from tests.browser.conftest import PHONE, fits_the_screen, new_tab, serious_violations, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def county(transactional_db: None) -> dict:
    instructor = f.user("coord", role=Role.INSTRUCTOR, first_name="Cam", last_name="Coordinator")
    employer = Organization.objects.create(
        kind=Organization.Kind.EMPLOYER, name="Sunrise Dental", code="SUNRISE"
    )
    site = f.site(kind=Site.Kind.WORKSITE, organization=employer, name="Sunrise Dental — Downey")
    section = f.section(instructor=instructor, mode=InstructionMode.COMMUNITY_CLASSROOM)
    Competency.objects.bulk_create(
        Competency(course=section.course, number=k, description=f"Dental skill {k}") for k in (1, 2)
    )
    account = f.user("trainee", first_name="Tess", last_name="Trainee")
    account.roles.create(role=Role.STUDENT)
    student = f.student(account=account, first="Tess", last="Trainee")
    enrollment = f.enroll(student, section, worksite=site)
    return {"site": site, "enrollment": enrollment}


def test_site_agreement_signatures_hours_visit_and_a_green_dashboard(
    county, live_server, page: Page, browser: Browser
):
    base, site, enrollment = live_server.url, county["site"], county["enrollment"]
    today = suite_today()

    # The coordinator sets up the site: workers' comp, an occupation, invites a supervisor.
    sign_in(page, base, "coord", f.PASSWORD)
    page.goto(f"{base}/worksite/sites/{site.pk}/")
    page.get_by_label("Contact name").fill("Dr. Ana Soto")
    page.get_by_label("Workers' comp carrier").fill("State Fund")
    page.get_by_role("button", name="Save the profile").click()
    expect(page.get_by_text("Saved.")).to_be_visible()
    page.get_by_label("First name").fill("Sam")
    page.get_by_label("Last name").fill("Supervisor")
    page.get_by_label("Email:", exact=True).fill("sam@example.org")
    page.get_by_role("button", name="Invite the supervisor").click()
    expect(page.get_by_text("Invitation sent.")).to_be_visible()
    expect(page.get_by_text("sam@example.org")).to_be_visible()
    # The site trains for the course's occupation (5 CCR 10107(b)).
    page.get_by_label("Occupation (pathway)").select_option(
        label=str(enrollment.section.course.pathway)
    )
    page.get_by_role("button", name="Add the occupation").click()
    assert serious_violations(page) == []
    tasks_run_pending()  # the worker sends the queued invitation (core/mail.py)
    [invitation] = [m for m in mail.outbox if m.to == ["sam@example.org"]]
    invitation_link = next(w for w in invitation.body.split() if "/invitations/" in w)

    # ... creates the joint venture agreement from the trainee's page and signs for the school.
    page.goto(f"{base}/worksite/trainees/{enrollment.pk}/")
    page.get_by_label("Starts on").fill((today - timedelta(days=25)).isoformat())
    page.get_by_label("Terms:", exact=True).fill(
        "The site supervises Tess; the program carries workers' comp."
    )
    # Without the site's attestation (5 CCR 10090) the joint venture is refused.
    page.get_by_role("button", name="Create the agreement").click()
    expect(page.get_by_text("The agreement does not attest")).to_be_visible()
    page.get_by_label("Starts on").fill((today - timedelta(days=25)).isoformat())
    page.get_by_label("Terms:", exact=True).fill(
        "The site supervises Tess; the program carries workers' comp."
    )
    page.get_by_label("no immediate benefit").check()
    page.get_by_label("replaces no employee").check()
    page.get_by_role("button", name="Create the agreement").click()
    page.get_by_label("Type your full name to sign").fill("Cam Coordinator")
    page.get_by_role("button", name="Sign as School representative").click()
    expect(page.get_by_text("Signed. Thank you.")).to_be_visible()
    agreement_url = page.url
    assert serious_violations(page) == []
    # ... and the training plan.
    page.goto(f"{base}/worksite/trainees/{enrollment.pk}/plan/")
    page.get_by_role("button", name="Create the plan from the course competencies").click()
    expect(page.get_by_text("Dental skill 2")).to_be_visible()
    # ... and records that the site has its copy (5 CCR 10087(b)(4)).
    page.get_by_label("The site received its copy on").fill(today.isoformat())
    page.get_by_role("button", name="Record the site's copy").click()
    expect(page.get_by_text("The site has its copy since")).to_be_visible()

    # The supervisor accepts the invitation, choosing their own password, and signs for the site.
    supervisor = new_tab(browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True))
    supervisor.goto(invitation_link)
    supervisor.get_by_label("Choose a username").fill("sam")
    supervisor.get_by_label("Choose a password").fill("a long first password 1")
    supervisor.get_by_label("The password again").fill("a long first password 1")
    assert serious_violations(supervisor) == []
    supervisor.get_by_role("button", name="Create my account and accept").click()
    expect(supervisor.get_by_text("You now supervise trainees at")).to_be_visible()
    supervisor.goto(agreement_url)
    supervisor.get_by_label("Type your full name to sign").fill("Sam Supervisor")
    supervisor.get_by_role("button", name="Sign as Employer or site representative").click()
    expect(supervisor.get_by_text("Fully signed on")).to_be_visible()

    # The student logs a week of hours on a phone.
    phone = new_tab(browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True))
    sign_in(phone, base, "trainee", f.PASSWORD)
    phone.goto(f"{base}/worksite/trainees/{enrollment.pk}/")
    monday = today - timedelta(days=today.weekday() + 7)
    for k in range(5):
        phone.get_by_label("Date:", exact=True).fill((monday + timedelta(days=k)).isoformat())
        phone.get_by_label("Start:", exact=True).fill("15:00")
        phone.get_by_label("End:", exact=True).fill("18:00")
        phone.get_by_role("button", name="Save hours").click()
        expect(phone.get_by_text("Hours saved.")).to_be_visible()
    expect(phone.get_by_text("Waiting for the supervisor")).to_have_count(5)
    assert fits_the_screen(phone)
    assert serious_violations(phone) == []

    # The supervisor approves the week with one tap and sees whose hours they approved.
    supervisor.goto(f"{base}/worksite/")
    expect(supervisor.get_by_text("5 days waiting")).to_be_visible()
    supervisor.get_by_role("button", name="Approve the week of Tess Trainee").click()
    expect(supervisor.get_by_text("Approved 5 days of Tess Trainee.")).to_be_visible()
    expect(supervisor.get_by_role("button", name="Approve")).to_have_count(0)
    expect(supervisor.get_by_role("table", name="Hours you approved lately")).to_contain_text(
        "Tess Trainee"
    )
    assert fits_the_screen(supervisor)
    assert serious_violations(supervisor) == []

    # Before the visit the row is red; the instructor logs a visit and it turns green.
    page.goto(f"{base}/worksite/compliance/")
    row = page.locator(f"#trainee-{enrollment.pk}")
    expect(row).to_have_attribute("data-status", "red")
    expect(row).to_contain_text("No visit in the 25 days since placement")
    page.goto(f"{base}/worksite/trainees/{enrollment.pk}/")
    page.get_by_label("Notes:", exact=True).fill(
        "Observed Tess charting and sterilizing instruments."
    )
    page.get_by_role("button", name="Log the visit").click()
    expect(page.get_by_text("Visit logged.")).to_be_visible()
    page.goto(f"{base}/worksite/compliance/")
    expect(row).to_have_attribute("data-status", "green")
    assert serious_violations(page) == []
