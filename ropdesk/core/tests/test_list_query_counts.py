"""No query per row: every page of the URL map that a persona may open costs the SAME number of
queries with a small county and with one several times bigger (issue 16).

The pages come from the URL map and the page table (core/tests/urlmap.py, core/pages.py), so a
new page is measured without being named here; what is left out is named in `NOT_MEASURED`
with the reason. Each page is opened twice at each size and the second opening is counted (the
first fills the per-process caches: content types, the site's settings). Between the two sizes
`grow` adds, in every persona's scope, more of everything a page lists: students, trainees,
hours, visits, agreements, applications, complaints, meetings' marks, sites, jobs.
"""

from __future__ import annotations

import logging
from datetime import date, time, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ropdesk.attendance import services as attendance
from ropdesk.catalog.models import InstructionMode
from ropdesk.complaints import services as complaints
from ropdesk.complaints.models import ComplaintKind
from ropdesk.core.models import ImportJob, MailMessage, Site
from ropdesk.core.pages import rule_for
from ropdesk.core.tests import county as c
from ropdesk.core.tests import factories as f
from ropdesk.core.tests.clock import suite_today
from ropdesk.core.tests.urlmap import pages
from ropdesk.enrollment.tests.helpers import application
from ropdesk.worksite import services as worksite
from ropdesk.worksite.models import WorkPermit

pytestmark = pytest.mark.django_db

# Pages not measured, and why. Everything else a persona may open is measured.
NOT_MEASURED = {
    # The Django admin has its own list pages, paginated by Django (list_per_page).
    "admin:*": "the Django admin (paginated by Django)",
    # PDFs: one document of one object, rendered by WeasyPrint (slow, and not a list).
    "certificate_pdf": "one PDF",
    "worksite_agreement_pdf": "one PDF",
    "case_report_pdf": "one PDF",
    "complaint_status_report": "one PDF",
    # Signing out ends the session the next page needs.
    "logout": "signs the persona out",
}


def _measured(name: str) -> bool:
    return not name.startswith("admin:") and name not in NOT_MEASURED


def grow(world: c.County, times: int) -> None:
    """`times` more of every listed thing, in every persona's scope."""
    for _ in range(times):
        _grow_once(world)


def _grow_once(world: c.County) -> None:
    users, today = world.users, suite_today()
    instructor = users["instructor"]
    cve_section = world.extra.get("cve_section")
    if cve_section is None:
        cve_section = f.section(
            instructor=instructor, site_obj=world.section.site, mode=InstructionMode.CVE
        )
        world.extra["cve_section"] = cve_section
    # A community-classroom trainee at the supervisor's site, a CVE trainee of the same
    # instructor with their own CVE agreement, both of the counselor's school.
    child = f.student(school_org=world.school, birth_date=date(2010, 1, 5))
    f.guardian_of(child, users["parent"], name="Mona Alvarez")
    trainee = f.enroll(child, world.section, worksite=world.site)
    worksite.plan_create(actor=instructor, enrollment=trainee, expected_weeks=18)
    worksite.timesheet_log(
        actor=users["student"],
        enrollment=trainee,
        day=today - timedelta(days=1),
        started_at=time(15, 0),
        ended_at=time(17, 0),
    )
    worksite.visit_log(
        actor=instructor,
        enrollment=trainee,
        visited_on=today - timedelta(days=2),
        observed_working=True,
    )
    worker = f.student(school_org=world.school, birth_date=date(2009, 2, 2))
    WorkPermit.objects.create(
        student=worker,
        issued_on=today - timedelta(days=60),
        expires_on=today + timedelta(days=60),
        max_hours_school_day=Decimal(4),
        max_hours_week=Decimal(20),
    )
    cve = f.enroll(worker, cve_section, worksite=world.site)
    worksite.agreement_create(
        actor=instructor,
        kind="cve",
        site=world.site,
        term=cve_section.term,
        enrollment=cve,
        terms="Paid training.",
        starts_on=cve_section.term.start_date,
        ends_on=cve_section.term.end_date,
    )
    worksite.timesheet_log(
        actor=users["student"],
        enrollment=cve,
        day=today - timedelta(days=1),
        started_at=time(15, 0),
        ended_at=time(18, 0),
        hourly_wage=Decimal("17.50"),
    )
    # The student's own record grows too: one more section.
    own = f.section(instructor=instructor, site_obj=world.section.site)
    f.enroll(world.trainee.student, own)
    # Marks on the instructor's meeting, a training site, an application, a complaint, a job.
    if world.meeting.date <= today:
        start = world.meeting.start_time
        attendance.attendance_mark(
            actor=instructor,
            meeting=world.meeting,
            enrollment=trainee,
            arrived=start,
            departed=world.meeting.end_time,
        )
    employer = world.site.organization
    f.site(kind=Site.Kind.WORKSITE, organization=employer, district_org=world.district)
    application(section=world.section, school=world.school)
    complaints.complaint_file(
        kind=ComplaintKind.UCP_DISCRIMINATION,
        bases=["race"],
        description="Mocked for an accent.",
        incident_date=date(2026, 8, 20),
        received_on=date(2026, 9, 1),
        filer_name="Rosa Quintero",
        filer_email="rosa@example.org",
    )
    MailMessage.objects.create(
        kind="test",
        to="gone@example.org",
        subject="Bounced",
        body="Bounced.",
        language="en",
        status=MailMessage.Status.FAILED,
    )
    ImportJob.objects.create(
        kind=ImportJob.Kind.ATTENDANCE,
        file_name="marks.csv",
        content=b"",
        sha256="1" * 64,
        started_by=users["administrator"],
    )


def _counts(client: Any, world: c.County, persona: str) -> dict[str, tuple[int, int]]:
    """URL name -> (status, queries) of the second opening of each page the persona may open."""
    user = world.users[persona]
    roles = frozenset(user.roles.values_list("role", flat=True))
    found = {}
    for page in pages(world):
        page_rule = rule_for(page.name)
        if not _measured(page.name) or page_rule is None:
            continue
        if not page_rule.allows(roles, signed_in=True):
            continue
        client.get(page.url)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(page.url)
        found[page.name] = (response.status_code, len(queries))
    return found


@pytest.mark.parametrize("persona", c.PERSONAS)
def test_every_page_costs_the_same_queries_at_two_sizes(persona, client, settings, caplog):
    caplog.set_level(logging.CRITICAL, logger="django.request")
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.signed_cookies"
    world = c.build()
    grow(world, 1)
    client.force_login(world.users[persona])
    small = _counts(client, world, persona)
    grow(world, 4)
    big = _counts(client, world, persona)
    opened = {name for name, (status, _n) in small.items() if status == 200}
    assert opened, "the persona opens no page"
    changed = [
        f"{name}: {small[name][1]} queries, then {big[name][1]} ({big[name][0]})"
        for name in sorted(opened)
        if big[name] != small[name]
    ]
    assert changed == [], "\n".join(changed)


def test_the_pager_keeps_the_filters_and_names_its_own_page_parameter(rf):
    from django.core.paginator import Paginator
    from django.template.loader import render_to_string

    request = rf.get("/complaints/cases/", {"status": "all", "kind": "ucp", "due": "2"})
    page = Paginator(range(120), 50).get_page(2)
    html = render_to_string(
        "partials/pager.html", {"page": page, "param": "due", "request": request}
    )
    assert 'href="?status=all&amp;kind=ucp&amp;due=1" rel="prev"' in html
    assert 'href="?status=all&amp;kind=ucp&amp;due=3" rel="next"' in html
    assert "Page 2 of 3" in html
