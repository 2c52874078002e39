"""The authorization sweep: every URL of the URL map × every role persona, GET and every
state-changing method (POST, PUT, PATCH, DELETE).

For each request: no server error; a role the page table (core/pages.py) leaves out is
refused the way a missing page is (404, 403, 405, or the sign-in page for a visitor); and a
POST by such a role changes nothing (a picture of the tables that hold roles, links and
records, before and after). One small county (core/tests/county.py) serves every persona.

And the positive half: every role a rule lets in opens the page (200, not a 404) and sees
its own object on it; and writes aimed at another district's records by each persona scoped
to this district are refused and change nothing.
"""

from __future__ import annotations

import logging
from typing import Any

import pytest

from ropdesk.attendance.models import AttendanceRecord, OnTheJobHours
from ropdesk.core import invitations
from ropdesk.core.models import (
    AuditEvent,
    Guardianship,
    Invitation,
    RoleAssignment,
    Student,
    User,
)
from ropdesk.core.pages import PUBLIC, rule_for
from ropdesk.core.tests import county as c
from ropdesk.core.tests.clock import suite_today
from ropdesk.core.tests.urlmap import MISSING, pages, patterns
from ropdesk.enrollment.models import Application, Enrollment
from ropdesk.portfolio.tests import sweep as portfolio_sweep
from ropdesk.worksite.models import AgreementSignature, Evaluation, SiteVisit

pytestmark = pytest.mark.django_db

REFUSED_SIGNED_IN = {403, 404, 405}
REFUSED_VISITOR = {401, 403, 404, 405}
SIGNS_OUT = {"logout", "admin:logout"}


def picture() -> tuple[Any, ...]:
    """Roles, links between accounts and records, and the records a POST could change."""
    return (
        AuditEvent.objects.count(),
        list(
            RoleAssignment.objects.order_by("pk").values_list(
                "user", "role", "organization", "site"
            )
        ),
        list(
            Guardianship.objects.order_by("pk").values_list(
                "student", "user", "adult_student_consent"
            )
        ),
        list(Invitation.objects.order_by("pk").values_list("pk", "accepted_at", "revoked_at")),
        list(Student.objects.order_by("pk").values_list("pk", "user", "updated_at")),
        list(User.objects.order_by("pk").values_list("pk", "password", "is_active", "is_staff")),
        list(Enrollment.objects.order_by("pk").values_list("pk", "status", "worksite")),
        list(
            OnTheJobHours.objects.order_by("pk").values_list(
                "pk", "minutes", "supervisor_approved_at"
            )
        ),
        AttendanceRecord.objects.count(),
        Application.objects.count(),
        AgreementSignature.objects.count() + SiteVisit.objects.count() + Evaluation.objects.count(),
    )


@pytest.fixture
def county(client: Any, settings: Any, tmp_path: Any) -> c.County:
    # Sessions in a signed cookie: the same authorization, without a session query per request.
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.signed_cookies"
    settings.MEDIA_ROOT = tmp_path / "media"  # the complaint's files
    world = c.add_the_rest(c.build())
    sent = invitations.supervisor_invite(
        actor=world.users["instructor"],
        site=world.site,
        email="new.boss@gateway.example",
        first_name="Nia",
        last_name="Boss",
        base_url="http://testserver/",
    )
    world.extra["invitation_token"] = sent.url.rstrip("/").rsplit("/", 1)[1]
    return world


def test_every_page_of_the_url_map_has_a_rule():
    missing = sorted(name for name, _pattern in patterns() if rule_for(name) is None)
    assert missing == [], "add these URL names to core/pages.py: " + ", ".join(missing)


def _refused(response: Any, *, signed_in: bool) -> bool:
    if response.status_code == 302:
        location = response["Location"]
        return not signed_in and ("/accounts/login/" in location or "/admin/login/" in location)
    return response.status_code in (REFUSED_SIGNED_IN if signed_in else REFUSED_VISITOR)


@pytest.mark.parametrize("persona", [*c.PERSONAS, "visitor"])
def test_every_url_for_every_persona(county, client, persona, caplog):
    caplog.set_level(logging.CRITICAL, logger="django.request")
    user = county.users.get(persona)
    roles = frozenset(user.roles.values_list("role", flat=True)) if user else frozenset()
    signed_in = user is not None
    if signed_in:
        client.force_login(user)
    problems = []
    for page in [p for p in pages(county) if _swept(p.name)]:
        page_rule = rule_for(page.name)
        assert page_rule is not None, page.name
        allowed = page_rule.allows(roles, signed_in=signed_in)
        for method in ("get", "post", "put", "patch", "delete"):
            before = None if allowed or method == "get" else picture()
            if method in ("get", "post"):
                response = getattr(client, method)(page.url, {})
            else:  # the other state-changing methods, with a form body as a browser would send
                response = client.generic(
                    method.upper(), page.url, "", content_type="application/x-www-form-urlencoded"
                )
            if response.status_code >= 500:
                problems.append(f"{method.upper()} {page.url}: {response.status_code}")
            elif not allowed and not _refused(response, signed_in=signed_in):
                problems.append(f"{method.upper()} {page.url}: reached ({response.status_code})")
            if before is not None and picture() != before:
                problems.append(f"{method.upper()} {page.url}: changed the database")
            if signed_in and page.name in SIGNS_OUT:
                client.force_login(user)
    assert problems == [], "\n".join(problems)


def test_every_page_of_the_django_admin_passes_its_gate():
    """The sweep opens the admin's index, its app pages and every model's list for each
    persona; that every other admin page refuses the same people is structural: Django wraps
    each one in `admin_site.admin_view`, whose gate (RopdeskAdminSite) refuses anyone signed in
    who is not an administrator (404) before the page runs."""
    from django.contrib import admin
    from django.urls import resolve, reverse

    from ropdesk.core.admin_site import RopdeskAdminSite

    assert isinstance(admin.site, RopdeskAdminSite)
    unguarded = []
    for name, pattern in patterns():
        if not name.startswith("admin:") or rule_for(name) is not rule_for("admin:*"):
            continue
        kwargs = {key: "core" if key == "app_label" else "1" for key in pattern.regex.groupindex}
        func = resolve(reverse(name, kwargs=kwargs)).func
        site = getattr(func, "admin_site", None) or getattr(
            getattr(func, "model_admin", None), "admin_site", None
        )
        if not isinstance(site, RopdeskAdminSite) and not getattr(func, "ropdesk_admin_gate", 0):
            unguarded.append(name)
    assert unguarded == []


def _swept(name: str) -> bool:
    """Every page, and of the Django admin its index, app pages, model lists, sign-in/out."""
    if not name.startswith("admin:"):
        return True
    return name.endswith("_changelist") or name in {
        "admin:index",
        "admin:app_list",
        "admin:login",
        "admin:logout",
    }


# --- the positive half --------------------------------------------------------------------------

# Pages that are not a page to GET, for every role they let in: what a GET answers, and why.
NOT_A_PAGE_TO_GET: dict[str, tuple[int, str]] = {
    **dict.fromkeys(
        [
            "admissions_bulk_admit",
            "attendance_adjust",
            "attendance_mark",
            "attendance_rest_present",
            "careers_goal_status",
            "careers_step_add",
            "careers_step_done",
            "case_action",
            "case_appeal_file",
            "complaint_grant_revoke",
            "interop_token_revoke",
            "logout",
            "mail_resend",
            "marks_period_lock",
            "office_holiday_remove",
            "outcomes_report_export",
            "outcomes_sms_inbound",
            "outcomes_text_resend",
            "outcomes_wave_open",
            "returns_bundle",
            "returns_download",
            "sms_resend",
            "worksite_agreement_new",
            "worksite_evaluation",
            "worksite_hours_approve",
            "worksite_hours_approve_week",
            "worksite_hours_return",
            "worksite_permit",
            "worksite_visit_log",
        ],
        (405, "a write: POST only, from a form on another page"),
    ),
    **dict.fromkeys(portfolio_sweep.POST_ONLY, (405, "a write: POST only (portfolio)")),
    **portfolio_sweep.REDIRECTS,
    "admin:logout": (
        405,
        "POST only; behind the admin's gate, which answers all but administrators 404",
    ),
    "application_received": (302, "after an application only: back to the form"),
    "complaint_receipt": (302, "after a filing only: back to the form"),
    "set_language": (302, "sets the language and goes back"),
    "office_calendar_current": (302, "goes to the current school year's calendar"),
    "mfa_verify": (302, "a signed-in account without a device is sent to enroll one"),
    "invitation_accept": (403, "an invitation is for someone not signed in (its own test)"),
    # Not in the small county; each has its own tests in its app.
    "case_file": (404, "the county's complaint has no file attached"),
    "partners_meeting_file": (404, "the county's meeting has no agenda file (test_members.py)"),
    "partners_member_accept": (403, "an invitation is for its invited person (test_members.py)"),
    "job_download": (404, "the county's job is an import: it built no file (report jobs' tests)"),
    "case_report_pdf": (404, "the county's complaint has no investigation report yet"),
    "complaint_status_report": (404, "the county's complaint has no investigation report yet"),
}
# One persona's answer where the county has nothing of theirs for the page.
NOT_THEIRS: dict[tuple[str, str], tuple[int, str]] = {
    **{
        (name, persona): (
            404,
            "the county's agreement is the site's; a student (and parent) signs only "
            "a CVE agreement of their own",
        )
        for name in ("worksite_agreement", "worksite_agreement_pdf")
        for persona in ("student", "parent")
    },
    **{
        ("admin:logout", persona): (404, "the admin's gate answers all but administrators 404")
        for persona in c.PERSONAS
        if persona != "administrator"
    },
    ("admin:login", "administrator"): (302, "already signed in: on to the admin's index"),
}


def _own_data(county: c.County, name: str) -> str | None:
    """What a page about the county's object must show: its student, section, site…"""
    extra = county.extra
    section_code = county.section.code
    marks = {
        **dict.fromkeys(
            [
                "student_detail",
                "enrollment_detail",
                "worksite_trainee",
                "worksite_plan",
                "worksite_plan_print",
                "worksite_site",
                "worksite_hours_log",
                "certificate_detail",
                "careers_student",
                "careers_goal_new",
                "careers_meeting_new",
                "careers_notes",
                "attendance_meeting",
                "completion_entry",
                "api_student_detail",
                "marks_entry",
                "marks_student",
                "marks_correct",
                "attendance_student",
            ],
            "Alvarez",
        ),
        **dict.fromkeys(
            ["section_detail", "attendance_section", "section_forecast", "course_detail"],
            section_code,
        ),
        "api_section_detail": f'"id": {county.section.pk}',
        "worksite_agreement": "Gateway Clinic",
        "office_course_edit": county.section.course.title,
        "office_course_competencies": county.section.course.title,
        "office_section_edit": section_code,
        "office_calendar": str(county.section.term.school_year),
        "application_detail": "Applicant",
        "parent_consent": "Applicant",
        "interop_student_setup": "Known",
        "interop_course_setup": "Imported course",
        "careers_occupation": "Medical Assistants",
        "careers_student_matches": "Medical Assistants",
        "careers_result": "SAE",
        "job_detail": "oneroster.zip",
        "returns_district": "North Valley Unified",
        "case_detail": extra["case_detail.reference"],
        "complaint_status": extra["complaint_status.reference"],
    }
    return marks.get(name)


FILES = {
    **portfolio_sweep.FILES,
    "certificate_pdf": "application/pdf",
    "worksite_agreement_pdf": "application/pdf",
    "interop_import_skipped_csv": "text/csv",
    "marks_transcript": "application/pdf",
    "section_roster_pdf": "application/pdf",
    "section_signin_pdf": "application/pdf",
}


@pytest.mark.parametrize("persona", c.PERSONAS)
def test_every_role_a_rule_lets_in_opens_the_page_and_sees_its_own_object(
    county, client, persona, caplog
):
    """The refusals above prove who is kept out; this proves the table's ✓: each role a rule
    allows gets the page itself (200) with the county's object of theirs on it, not a 404
    that would pass the refusal test just as well."""
    caplog.set_level(logging.CRITICAL, logger="django.request")
    user = county.users[persona]
    roles = frozenset(user.roles.values_list("role", flat=True))
    client.force_login(user)
    problems = []
    for page in [p for p in pages(county) if _swept(p.name)]:
        if not rule_for(page.name).allows(roles, signed_in=True):
            continue
        expected = NOT_THEIRS.get((page.name, persona)) or NOT_A_PAGE_TO_GET.get(page.name)
        response = client.get(page.url)
        if page.name in SIGNS_OUT:
            client.force_login(user)
        if expected is not None:
            if response.status_code != expected[0]:
                problems.append(f"{page.url}: {response.status_code}, expected {expected}")
            continue
        if response.status_code != 200:
            problems.append(f"{page.url}: {response.status_code}")
            continue
        if page.name in FILES:
            if not response["Content-Type"].startswith(FILES[page.name]):
                problems.append(f"{page.url}: {response['Content-Type']}")
            continue
        mark = _own_data(county, page.name)
        if mark is not None and mark not in response.content.decode():
            problems.append(f"{page.url}: 200 without “{mark}”")
    assert problems == [], "\n".join(problems)


def test_the_pages_that_take_an_object_each_get_a_real_one(settings, tmp_path):
    """No page is left on its 404 path by a missing county object, except writes on objects
    the county lacks (their refusal is still swept) and the complaint's file."""
    settings.MEDIA_ROOT = tmp_path / "media"
    world = c.add_the_rest(c.build())
    names = {p.name for p in pages(world) if MISSING in p.url or "NOPE" in p.url}
    assert sorted(name for name in names if not name.startswith("admin:")) == [
        "careers_goal_status",
        "careers_step_add",
        "careers_step_done",
        "case_action",
        "case_appeal_file",
        "case_file",
        "complaint_grant_revoke",
        "interop_token_revoke",
        "mail_resend",
        "outcomes_text_resend",
        "sms_resend",
    ]


def _other_district(county: c.County) -> c.County:
    """The same kinds of object as the county's, in another district: its own school, training
    site, section (taught by the other instructor), trainee, hours and agreement."""
    from dataclasses import replace
    from datetime import date, time

    from ropdesk.catalog.models import Competency, InstructionMode
    from ropdesk.core.models import Role
    from ropdesk.core.tests import factories as f
    from ropdesk.worksite import services as worksite

    district = f.district("South Bay Unified")
    school = f.school(district, "South Bay High")
    site = c._employer_site("Bayside Clinic", district)
    f.user("bay_supervisor", role=Role.EMPLOYER_SUPERVISOR, site_obj=site)
    section = f.section(
        instructor=county.users["other_instructor"],
        site_obj=f.site(district_org=district, name="South Bay campus"),
        mode=InstructionMode.COMMUNITY_CLASSROOM,
    )
    Competency.objects.create(course=section.course, number=1, description="Take vitals")
    account = f.user("bay_student", role=Role.STUDENT)
    student = f.student(
        school_org=school, first="Bea", last="Zamora", account=account, birth_date=date(2010, 1, 2)
    )
    trainee = f.enroll(student, section, worksite=site)
    agreement = c.joint_venture(county.users["other_instructor"], site, section)
    worksite.plan_create(
        actor=county.users["other_instructor"], enrollment=trainee, expected_weeks=9
    )
    hours = worksite.timesheet_log(
        actor=account,
        enrollment=trainee,
        day=min(suite_today(), section.term.end_date),
        # An early shift: hours that end later today cannot be logged yet.
        started_at=time(6, 0),
        ended_at=time(8, 0),
    )
    return replace(
        county,
        district=district,
        school=school,
        site=site,
        section=section,
        trainee=trainee,
        hours=hours,
        agreement=agreement,
        meeting=section.meetings.order_by("date").first(),
        extra={},
    )


SCOPED_TO_THE_COUNTY = [p for p in c.PERSONAS if p != "administrator"]  # county-wide
# Pages of another district's objects a persona reaches by design; they must still show none
# of that district's students, and a POST must change nothing.
REACHED_BY_DESIGN = {
    ("section_detail", "counselor"): "counselors place students in any section of the program",
    ("worksite_agreement", "instructor"): "an instructor coordinates every site's joint venture",
    ("worksite_agreement_pdf", "instructor"): "the same agreement, as PDF",
}


@pytest.mark.parametrize("persona", SCOPED_TO_THE_COUNTY)
def test_writes_aimed_at_another_districts_records_are_refused_and_change_nothing(
    county, client, persona, caplog
):
    """A coordinator, counselor, instructor, supervisor, student or parent of this district,
    posting to each page of another district's student, section, trainee, hours, site or
    agreement (the same pages they may post to for their own): refused as missing, nothing
    written."""
    caplog.set_level(logging.CRITICAL, logger="django.request")
    own = {p.name: p.url for p in pages(county)}
    other = [p for p in pages(_other_district(county)) if p.url != own.get(p.name)]
    assert {"student_detail", "worksite_hours_approve", "attendance_mark"} <= {
        p.name for p in other
    }
    client.force_login(county.users[persona])
    problems = []
    for page in other:
        if rule_for(page.name).who == PUBLIC:
            continue  # a course's public page: not a record of the district
        before = picture()
        response = client.post(page.url, {"reason": "x", "minutes": "60", "typed_name": "X"})
        if (page.name, persona) in REACHED_BY_DESIGN:
            if b"Zamora" in response.content:
                problems.append(f"POST {page.url}: shows the other district's student")
        elif response.status_code not in REFUSED_SIGNED_IN:
            problems.append(f"POST {page.url}: {response.status_code}")
        if picture() != before:
            problems.append(f"POST {page.url}: changed the database")
    assert problems == [], "\n".join(problems)
