"""A value read once per reading request (core/request_memo.py): the start page's chart and
its attention list share the work-based-learning summary."""

from __future__ import annotations

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from ropdesk.core import request_memo


def _answer(method: str) -> list[str]:
    built: list[str] = []

    def build() -> int:
        built.append("built")
        return len(built)

    def view(request):
        for _k in range(3):
            request_memo.once("question", build)
        return HttpResponse("ok")

    middleware = request_memo.RequestMemoMiddleware(view)
    middleware(getattr(RequestFactory(), method)("/"))
    return built


def test_a_reading_request_computes_each_value_once():
    assert _answer("get") == ["built"]
    assert _answer("head") == ["built"]
    assert _answer("get") == ["built"]  # each request its own memo


def test_a_writing_request_and_code_outside_a_request_compute_every_time():
    assert _answer("post") == ["built"] * 3
    built: list[str] = []
    for _k in range(2):
        request_memo.once("question", lambda: built.append("built"))
    assert built == ["built", "built"]


@pytest.mark.django_db
def test_the_start_page_reads_the_compliance_summary_once(client, monkeypatch):
    from ropdesk.core.models import Role
    from ropdesk.core.tests import factories as f
    from ropdesk.worksite import queries

    reads = []
    real = queries._compliance_summary

    def counting(user, today):
        reads.append(user.pk)
        return real(user, today)

    monkeypatch.setattr(queries, "_compliance_summary", counting)
    client.force_login(f.user("teacher", role=Role.INSTRUCTOR))
    assert client.get("/dashboard/").status_code == 200
    assert len(reads) == 1  # the chart and the attention list's overdue visits and evaluations
