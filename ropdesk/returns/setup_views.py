"""The office's pages for the values the return files need (returns/setup.py): instructors'
SEIDs, districts' and schools' CDS codes, courses' credits and CALPADS state course codes.
Office only (the access policy: returns.access.can_set_up_returns); anyone else gets a 404."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ropdesk.core.paging import page_of
from ropdesk.returns import access, setup

PER_PAGE = 50


def _values(request: HttpRequest, prefix: str, pks: list[int]) -> dict[int, str]:
    """The posted value of each row; a row whose input was not sent keeps its value."""
    return {
        pk: str(request.POST[f"{prefix}-{pk}"]) for pk in pks if f"{prefix}-{pk}" in request.POST
    }


def _saved(request: HttpRequest, result: setup.RowResult) -> HttpResponse | None:
    if result.problems:
        return None
    messages.success(
        request,
        ngettext("%(n)d row saved.", "%(n)d rows saved.", result.changed) % {"n": result.changed},
    )
    return redirect(request.get_full_path())


def _page(
    request: HttpRequest,
    template_rows: Callable[[list[Any], dict[str, str], dict[str, str]], list[dict[str, Any]]],
    items: Any,
    save: Callable[[list[Any]], setup.RowResult],
    heading: str,
) -> HttpResponse:
    access.require_returns_setup(request.user)
    page = page_of(request, items, per=PER_PAGE)
    rows = list(page)
    problems: dict[str, str] = {}
    posted: dict[str, str] = {}
    if request.method == "POST":
        result = save(rows)
        done = _saved(request, result)
        if done is not None:
            return done
        problems = result.problems
        posted = {k: str(v) for k, v in request.POST.items()}
    return render(
        request,
        "returns/setup.html",
        {
            "heading": heading,
            "page": page,
            "rows": template_rows(rows, posted, problems),
            "problems": problems,
            "placeholder": setup.placeholder(),
        },
    )


def _input(
    name: str,
    label: str,
    value: str,
    posted: dict[str, str],
    problems: dict[str, str],
    **extra: Any,
) -> dict[str, Any]:
    return {
        "name": name,
        "label": label,
        "value": posted.get(name, value),
        "error": problems.get(name, ""),
        **extra,
    }


@login_required
def setup_seids(request: HttpRequest) -> HttpResponse:
    def rows(users: list[Any], posted: dict[str, str], problems: dict[str, str]) -> list[Any]:
        return [
            {
                "title": u.get_full_name() or u.username,
                "detail": u.username,
                "inputs": [
                    _input(
                        f"seid-{u.pk}",
                        _("SEID"),
                        setup._seid_of(u),
                        posted,
                        problems,
                        inputmode="numeric",
                        maxlength=10,
                        pattern=r"\d{10}",
                    )
                ],
            }
            for u in users
        ]

    def save(users: list[Any]) -> setup.RowResult:
        return setup.seids_save(
            actor=request.user, users=users, values=_values(request, "seid", [u.pk for u in users])
        )

    return _page(request, rows, setup.instructors(), save, _("Instructors' state educator ids"))


@login_required
def setup_cds(request: HttpRequest) -> HttpResponse:
    def rows(orgs: list[Any], posted: dict[str, str], problems: dict[str, str]) -> list[Any]:
        return [
            {
                "title": o.name,
                "detail": o.get_kind_display()
                + (f" · {o.parent.name}" if o.parent_id and o.parent else ""),
                "inputs": [
                    _input(
                        f"cds-{o.pk}",
                        _("CDS code"),
                        setup._cds_of(o),
                        posted,
                        problems,
                        inputmode="numeric",
                        maxlength=14,
                        pattern=r"\d{14}",
                    )
                ],
            }
            for o in orgs
        ]

    def save(orgs: list[Any]) -> setup.RowResult:
        return setup.cds_save(
            actor=request.user, orgs=orgs, values=_values(request, "cds", [o.pk for o in orgs])
        )

    return _page(
        request, rows, setup.organizations(), save, _("CDS codes of districts and schools")
    )


@login_required
def setup_courses(request: HttpRequest) -> HttpResponse:
    def rows(items: list[Any], posted: dict[str, str], problems: dict[str, str]) -> list[Any]:
        return [
            {
                "title": f"{c.code} {c.title}",
                "detail": c.state_course_code.name if c.state_course_code else "",
                "inputs": [
                    _input(
                        f"credits-{c.pk}",
                        _("Credits"),
                        setup._credits_of(c),
                        posted,
                        problems,
                        inputmode="decimal",
                        maxlength=6,
                    ),
                    _input(
                        f"code-{c.pk}",
                        _("CALPADS state course code"),
                        setup._state_code_of(c),
                        posted,
                        problems,
                        inputmode="numeric",
                        maxlength=4,
                    ),
                ],
            }
            for c in items
        ]

    def save(items: list[Any]) -> setup.RowResult:
        pks = [c.pk for c in items]
        return setup.courses_save(
            actor=request.user,
            items=items,
            credits=_values(request, "credits", pks),
            codes=_values(request, "code", pks),
        )

    return _page(request, rows, setup.courses(), save, _("Course credits and CALPADS codes"))
