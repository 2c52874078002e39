"""The portfolio's menu entries, decided by the same checks as its views."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from ropdesk.core.access import scope_of
from ropdesk.core.contributions import NavLink
from ropdesk.portfolio import access


def links(user: Any) -> list[NavLink]:
    found = []
    if access.own_student(user) is not None:
        found.append(NavLink(reverse("portfolio_home"), _("My portfolio"), 40))
    scope = scope_of(user)
    if scope.superuser or scope.roles & access.STAFF_READERS:
        found.append(NavLink(reverse("portfolio_students"), _("Portfolios"), 60))
    if access.can_see_job_finders_figures(user):
        found.append(NavLink(reverse("portfolio_job_finders_figures"), _("Job Finders Guide"), 61))
    return found
