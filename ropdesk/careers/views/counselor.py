"""The counselor's lists: the caseload with its filters, and the summary of interest codes and
course choices per school and district."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ropdesk.careers import queries
from ropdesk.core import access
from ropdesk.core.models import Organization

CASELOAD_FILTERS = [
    ("all", _("All students")),
    ("no_survey", _("No interest survey yet")),
    ("no_goal", _("No goal in progress")),
    ("overdue", _("Goals overdue")),
]


@login_required
def caseload(request: HttpRequest) -> HttpResponse:
    if not access.can_use_caseload(request.user):
        raise Http404("No caseload")
    show = request.GET.get("show", "all")
    show = show if show in dict(CASELOAD_FILTERS) else "all"
    text = request.GET.get("q", "").strip()
    rows = queries.caseload(
        access.counseling_caseload_of(request.user),
        today=timezone.localdate(),
        show=show,
        text=text,
    )
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "careers/caseload.html",
        {"page": page, "show": show, "q": text, "filters": CASELOAD_FILTERS},
    )


@login_required
def summary(request: HttpRequest) -> HttpResponse:
    if not access.can_see_career_summary(request.user):
        raise Http404("No summary")
    students = access.career_summary_students(request.user)
    districts = Organization.objects.filter(
        kind=Organization.Kind.DISTRICT, resident_students__in=students
    ).distinct()
    district = districts.filter(pk=_number(request.GET.get("district"))).first()
    if district is not None:
        students = students.filter(district_of_residence=district)
    schools = Organization.objects.filter(
        kind=Organization.Kind.SCHOOL, attending_students__in=students
    ).distinct()
    school = schools.filter(pk=_number(request.GET.get("school"))).first()
    if school is not None:
        students = students.filter(school_of_attendance=school)
    return render(
        request,
        "careers/summary.html",
        {
            "summary": queries.career_summary(students),
            "districts": districts,
            "schools": schools,
            "district": district,
            "school": school,
            "letters": "RIASEC",
        },
    )


def _number(value: str | None) -> int:
    return int(value) if value and value.isdigit() else 0  # no row has the key 0
