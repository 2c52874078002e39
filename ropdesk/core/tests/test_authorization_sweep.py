"""The authorization sweep: every URL of the URL map × every role persona, GET and POST.

For each request: no server error; a role the page table (core/pages.py) leaves out is
refused the way a missing page is (404, 403, 405, or the sign-in page for a visitor); and a
POST by such a role changes nothing (a picture of the tables that hold roles, links and
records, before and after). One small county (core/tests/county.py) serves every persona.
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
from ropdesk.core.pages import rule_for
from ropdesk.core.tests import county as c
from ropdesk.core.tests.urlmap import pages, patterns
from ropdesk.enrollment.models import Application, Enrollment
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
def county(client: Any, settings: Any) -> c.County:
    # Sessions in a signed cookie: the same authorization, without a session query per request.
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.signed_cookies"
    world = c.build()
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
        for method in ("get", "post"):
            before = None if allowed or method == "get" else picture()
            response = getattr(client, method)(page.url, {})
            if response.status_code >= 500:
                problems.append(f"{method.upper()} {page.url}: {response.status_code}")
            elif not allowed and not _refused(response, signed_in=signed_in):
                problems.append(f"{method.upper()} {page.url}: reached ({response.status_code})")
            if before is not None and picture() != before:
                problems.append(f"POST {page.url}: changed the database")
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
