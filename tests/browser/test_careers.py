"""Career guidance in the browser: the demo student takes the interest survey on a phone (with
the keyboard, then by tapping, after leaving half-way), sees a three-letter code, fitting
occupations and the ROP courses toward them, and clicks through to a course and its
application; the counselor finds the student in the caseload and records a goal. Each page
passes axe."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from ropdesk.careers.models import ResponseOption, SurveyItem
from tests.browser.conftest import fits_the_screen, serious_violations, sign_in

pytestmark = pytest.mark.browser

# How the demo student answers: strongest in Social, then Investigative, then Realistic.
ANSWER_BY_AREA = {"S": 5, "I": 4, "R": 3, "E": 2, "C": 2, "A": 1}


def answer_with_the_keyboard(phone: Page, value: int) -> None:
    """The first answer has the focus: Space picks it, each Down arrow picks the next one,
    Enter submits the form."""
    expect(phone.locator("#value-1")).to_be_focused()
    if value == 1:
        phone.keyboard.press("Space")
    for _ in range(value - 1):
        phone.keyboard.press("ArrowDown")
    expect(phone.locator(f"#value-{value}")).to_be_checked()
    phone.keyboard.press("Enter")


def test_a_student_takes_the_survey_on_a_phone_and_finds_courses(demo, live_server, phone: Page):
    base = live_server.url
    items = list(SurveyItem.objects.select_related("area").order_by("position"))
    labels = dict(ResponseOption.objects.values_list("value", "label_en"))
    sign_in(phone, base, "student")
    phone.locator("nav").get_by_role("link", name="Careers").click()
    phone.get_by_role("link", name="Take the survey").click()
    phone.get_by_role("button", name="Start the survey").click()

    # The first half with the keyboard.
    expect(phone.locator("main")).to_contain_text("Question 1 of 48")
    assert serious_violations(phone) == []
    assert fits_the_screen(phone)
    group = phone.get_by_role("group", name=re.compile(items[0].text_en))
    expect(group.get_by_role("radio")).to_have_count(5)
    for item in items[:24]:
        expect(phone.locator("main")).to_contain_text(f"Question {item.position} of 48")
        answer_with_the_keyboard(phone, ANSWER_BY_AREA[item.area.letter])

    # Leave, come back: the survey resumes at the next unanswered question.
    phone.get_by_role("link", name="Stop for now (your answers are saved)").click()
    expect(phone.locator("main")).to_contain_text("You have answered 24 of 48 questions")
    phone.get_by_role("link", name="Continue the survey").click()
    expect(phone.locator("main")).to_contain_text("Question 25 of 48")

    # The second half by tapping the answers.
    for item in items[24:]:
        expect(phone.locator("main")).to_contain_text(item.text_en)
        phone.get_by_label(labels[ANSWER_BY_AREA[item.area.letter]], exact=True).check()
        phone.get_by_role("button", name="Save and continue").click()

    expect(phone.get_by_role("heading", level=1)).to_have_text("Your interest results")
    expect(phone.locator("main")).to_contain_text("Interest code: SIR")
    expect(phone.locator("main")).to_contain_text("You like to help, teach, care for")
    assert serious_violations(phone) == []
    assert fits_the_screen(phone)

    phone.get_by_role("link", name="Occupations that fit these interests").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text(
        "Occupations that fit your interests"
    )
    expect(phone.locator("main")).to_contain_text("Very close to your interests")
    expect(phone.locator("main")).to_contain_text("O*NET 29.3 Database")
    assert serious_violations(phone) == []
    assert fits_the_screen(phone)
    course = phone.locator("ul[aria-labelledby=courses-heading] h3 a").first
    title = course.inner_text()
    course.click()
    expect(phone.get_by_role("heading", level=1)).to_have_text(title)
    assert "/catalog/courses/" in phone.url
    phone.get_by_role("link", name="Apply for this course").click()  # admissions takes over
    expect(phone.get_by_role("heading", level=1)).to_have_text("Apply to ROP courses")


def test_the_counselor_finds_a_student_and_records_a_goal(demo, live_server, page: Page):
    base = live_server.url
    sign_in(page, base, "counselor")
    page.locator("nav").get_by_role("link", name="Caseload").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Caseload")
    assert serious_violations(page) == []
    page.get_by_label("Show").select_option("no_survey")
    page.get_by_label("Name or local id").fill("Ramirez")
    page.get_by_role("button", name="Filter").click()
    page.get_by_role("link", name="Ramirez, Sofia").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Career plan of Sofia Ramirez")
    expect(page.locator("main")).to_contain_text("No interest survey yet.")
    page.get_by_role("link", name="Add a goal").click()
    page.get_by_label("Kind of goal").select_option("education")
    page.get_by_label("Goal", exact=True).fill("Earn the CNA certificate")
    page.get_by_label("Target date").fill("2027-06-10")
    page.get_by_label("Step 1", exact=True).fill("Finish the clinical hours")
    page.get_by_label("Step 1 due").fill("2027-03-01")
    assert serious_violations(page) == []
    page.get_by_role("button", name="Save the goal").click()
    expect(page.get_by_role("status")).to_contain_text("The goal is saved.")
    expect(page.locator("main")).to_contain_text("Earn the CNA certificate")
    expect(page.locator("main")).to_contain_text("Finish the clinical hours")
    assert serious_violations(page) == []
    page.get_by_role("link", name="Caseload").first.click()
    page.get_by_role("link", name="Summary by school and district").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Career summary")
    assert serious_violations(page) == []
