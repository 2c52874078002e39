"""Every page carries the security headers: a Content-Security-Policy without inline script
or style, X-Content-Type-Options, Referrer-Policy, Permissions-Policy, frame-ancestors and
X-Frame-Options (issue 12, item 6). The test walks every URL pattern, as a visitor and as the
administrator, so that a new page cannot forget them."""

from __future__ import annotations

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from ropdesk.core.models import Role
from ropdesk.core.tests import factories as f

pytestmark = pytest.mark.django_db


def every_path() -> list[str]:
    """One concrete path per URL pattern (1 for every argument: a 404 carries headers too)."""
    paths: list[str] = []

    def walk(patterns: list, prefix: str) -> None:
        for entry in patterns:
            route = str(entry.pattern)
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, prefix + route)
            elif isinstance(entry, URLPattern):
                path = prefix + route
                path = re.sub(r"<(?:int:|path:|slug:|str:|uuid:)?(\w+)>", "1", path)
                if "^" in path or "(?P" in path or "\\" in path:
                    continue  # the admin's regex routes: its pages are walked by name below
                paths.append("/" + path)

    walk(get_resolver().url_patterns, "")
    return sorted(set(paths)) + ["/admin/core/student/", "/admin/core/student/add/"]


def assert_security_headers(response, path: str) -> None:
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp, path
    assert "style-src 'self'" in csp, path
    assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp, path
    assert response["X-Content-Type-Options"] == "nosniff", path
    assert response["Referrer-Policy"] == "same-origin", path
    assert response["X-Frame-Options"] == "DENY", path
    assert "camera=()" in response["Permissions-Policy"], path


def test_there_are_many_pages_to_check():
    assert len(every_path()) > 100


def test_every_page_carries_the_headers_for_a_visitor(client):
    for path in every_path():
        assert_security_headers(client.get(path), path)


def test_every_page_carries_the_headers_for_the_administrator(client):
    office = f.user("office", role=Role.ADMINISTRATOR, is_staff=True, is_superuser=True)
    client.force_login(office)
    for path in every_path():
        if "logout" in path:
            continue
        assert_security_headers(client.get(path), path)


def test_no_template_has_inline_script_or_event_handlers():
    """The policy forbids them, so a page that had one would break in the browser."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    offenders = []
    for template in root.glob("**/templates/**/*.html"):
        if "/templates/documents/" in str(template) or template.name.endswith("_pdf.html"):
            continue  # rendered to PDF by WeasyPrint (ropdesk/documents), never served as a page
        text = template.read_text()
        if re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text) and "application/json" not in text:
            offenders.append(f"{template}: inline <script>")
        if re.search(r"\son[a-z]+\s*=\s*[\"']", text):
            offenders.append(f"{template}: event handler attribute")
        if re.search(r"\sstyle\s*=\s*[\"']", text) or "<style" in text:
            offenders.append(f"{template}: inline style")
    assert offenders == []


def test_the_second_factor_admin_answers_a_missing_device_with_404(client):
    """django-otp's own views used .get() and answered a missing device with a server error."""
    client.force_login(f.user("boss", role=Role.ADMINISTRATOR, is_staff=True, is_superuser=True))
    for view in ("config", "qrcode"):
        assert client.get(f"/admin/otp_totp/totpdevice/999999/{view}/").status_code == 404
