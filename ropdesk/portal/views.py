from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from ropdesk.catalog.services import CA_CTE_CREDIT
from ropdesk.core import access
from ropdesk.core.models import Role
from ropdesk.core.types import signed_in
from ropdesk.enrollment import access as enrollment_access
from ropdesk.enrollment import queries as enrollment_queries
from ropdesk.portal import dashboards


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/home.html")


def credits(request: HttpRequest) -> HttpResponse:
    from ropdesk.careers.reference import CLUSTERS_CREDIT, ONET_CREDIT, RIASEC_CREDIT

    return render(
        request,
        "portal/credits.html",
        {
            "ca_cte_credit": CA_CTE_CREDIT,
            "onet_credit": ONET_CREDIT,
            "clusters_credit": CLUSTERS_CREDIT,
            "riasec_credit": RIASEC_CREDIT,
        },
    )


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    role = access.primary_role(request.user)
    if role is None:
        return render(request, "portal/dashboard_none.html")
    context = dashboards.BUILDERS[Role(role)](signed_in(request.user))
    context["role_label"] = Role(role).label
    context["attention"] = dashboards.needs_attention(request.user)
    context["attention_today"] = timezone.localdate()
    return render(request, f"portal/dashboard_{role}.html", context)


@login_required
def student_list(request: HttpRequest) -> HttpResponse:
    if not access.can_list_students(request.user):
        raise Http404("No such page")
    students = access.students_visible_to(request.user).select_related(
        "district_of_residence", "school_of_attendance"
    )
    text = request.GET.get("q", "").strip()
    show = request.GET.get("show", "")
    if show == "not_enrolled":
        students = enrollment_queries.without_enrollment(students)
    for word in text.split():
        students = students.filter(
            Q(legal_first_name__icontains=word)
            | Q(legal_last_name__icontains=word)
            | Q(preferred_name__icontains=word)
            | Q(local_id__icontains=word)
        )
    page = Paginator(students, 50).get_page(request.GET.get("page"))
    return render(request, "portal/student_list.html", {"page": page, "q": text, "show": show})


@login_required
def student_detail(request: HttpRequest, pk: int) -> HttpResponse:
    student = access.get_student_for(request.user, pk)
    enrollments = enrollment_queries.schedule_of(
        enrollment_access.enrollments_visible_to(request.user).filter(student=student)
    )
    if not access.sees_full_record(request.user, student):
        # A disclosure to an outside party, logged by the access layer (core/disclosures.py).
        return render(
            request, "portal/student_trainee.html", {"student": student, "enrollments": enrollments}
        )
    guardians = student.guardianships.all()
    return render(
        request,
        "portal/student_detail.html",
        {"student": student, "enrollments": enrollments, "guardians": guardians},
    )
