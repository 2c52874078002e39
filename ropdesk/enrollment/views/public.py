"""Pages for applicants, parents, students and the public: apply, consent, my applications,
the certificate and its verification."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from ropdesk.catalog.models import Course
from ropdesk.core.models import Student
from ropdesk.core.ratelimit import rate_limited
from ropdesk.core.types import signed_in
from ropdesk.documents import pdf_response
from ropdesk.enrollment import access as enrollment_access
from ropdesk.enrollment import certificates, queries, services
from ropdesk.enrollment.forms import (
    ApplicationForm,
    ConsentForm,
    CourseSectionChoiceField,
    VerifyForm,
    sections_of_course,
)
from ropdesk.enrollment.models import Application, Completion, ParentConsent


def base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/")


@rate_limited("apply", "email", "guardian_email")
def apply(request: HttpRequest) -> HttpResponse:
    """The public application: for students 16 or older or in grades 11-12, and adults."""
    if request.method == "POST" and "show_sections" in request.POST:
        # Without JavaScript, step two: the same form again, with the chosen courses'
        # sections in their menus, and no errors yet (nothing was sent for review).
        form = ApplicationForm(initial=_typed(request))
    elif request.method == "POST":
        form = ApplicationForm(request.POST)
        if form.is_valid():
            try:
                application = services.application_submit(
                    actor=request.user if request.user.is_authenticated else None,
                    fields=form.application_fields(),
                    choices=form.choices(),
                    base_url=base_url(request),
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                request.session["application_received"] = application.reference
                return redirect("application_received")
    else:
        form = ApplicationForm(initial=_initial_for(request))
    return render(request, "enrollment/apply.html", {"form": form})


def _typed(request: HttpRequest) -> dict[str, object]:
    """What the applicant typed so far, as the form's initial values."""
    return {
        name: values if len(values) > 1 else values[0]
        for name, values in request.POST.lists()
        if name not in ("csrfmiddlewaretoken", "show_sections")
    }


def apply_sections(request: HttpRequest) -> HttpResponse:
    """The section menu's options for one course (the apply form's script asks for them when
    a course is chosen; without the script the form's "Show sections" button does the same)."""
    course = request.GET.get("course", "")
    field = CourseSectionChoiceField(
        queryset=sections_of_course(int(course) if course.isdigit() else None),
        empty_label=_("Any section") if course.isdigit() else _("Choose the course first"),
    )
    return render(request, "enrollment/_section_options.html", {"choices": field.choices})


def _initial_for(request: HttpRequest) -> dict[str, object]:
    initial: dict[str, object] = {}
    course = Course.objects.filter(pk=request.GET.get("course") or 0, active=True).first()
    if course is not None:
        initial["choice_1"] = course.pk
    student = (
        Student.objects.filter(user=request.user).first() if request.user.is_authenticated else None
    )
    if student is not None:
        kind = Application.Kind.HIGH_SCHOOL if student.is_high_school else Application.Kind.ADULT
        initial |= {
            "kind": kind,
            "legal_first_name": student.legal_first_name,
            "legal_last_name": student.legal_last_name,
            "preferred_name": student.preferred_name,
            "birth_date": student.birth_date,
            "sex": student.sex,
            "email": student.email,
            "grade_level": student.grade_level,
            "district_of_residence": student.district_of_residence_id,
            "school": student.school_of_attendance_id,
        }
    return initial


def application_received(request: HttpRequest) -> HttpResponse:
    reference = request.session.get("application_received")
    application = Application.objects.filter(reference=reference).first() if reference else None
    if application is None:
        return redirect("apply")
    return render(request, "enrollment/apply_received.html", {"application": application})


def consent(request: HttpRequest, token: str) -> HttpResponse:
    """A parent gives consent from the e-mailed link; the link works until consent is given."""
    application = queries.application_by_consent_token(services.token_hash(token))
    if application is None:
        return render(request, "enrollment/consent_unknown.html", status=404)
    out_of_school = application.kind == Application.Kind.OUT_OF_SCHOOL_YOUTH
    if request.method == "POST":
        form = ConsentForm(request.POST, out_of_school=out_of_school)
        if form.is_valid():
            services.consent_record(
                application=application,
                actor=request.user if request.user.is_authenticated else None,
                guardian_name=form.cleaned_data["guardian_name"],
                relationship=form.cleaned_data["relationship"],
                method=ParentConsent.Method.ONLINE,
                approves_high_school_plan=form.cleaned_data.get("approves_high_school_plan", False),
            )
            return render(request, "enrollment/consent_done.html", {"application": application})
    else:
        form = ConsentForm(
            out_of_school=out_of_school,
            initial={
                "guardian_name": application.guardian_name,
                "relationship": application.guardian_relationship,
            },
        )
    return render(request, "enrollment/consent.html", {"application": application, "form": form})


@login_required
def my_applications(request: HttpRequest) -> HttpResponse:
    """The student's applications, schedule, waitlist places and certificates."""
    me = signed_in(request.user)
    applications = (
        enrollment_access.applications_visible_to(me)
        .filter(Q(user=me) | Q(student__user=me))
        .select_related("consent")
        .prefetch_related("choices__course")
        .order_by("-submitted_at")
    )
    enrollments = list(
        queries.with_waitlist_position(
            queries.schedule_of(
                enrollment_access.enrollments_visible_to(me).filter(student__user=me)
            ).select_related("completion")
        )
    )
    return render(
        request,
        "enrollment/my_applications.html",
        {
            "applications": applications,
            "enrollments": enrollments,
            "conflicts": queries.schedule_conflicts(
                enrollments, enrollment_access.enrollments_visible_to(me)
            ),
        },
    )


@login_required
def certificate_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The certificate of completion, for whoever may see the enrollment."""
    enrollment = enrollment_access.get_enrollment_for(request.user, pk)
    completion = Completion.objects.filter(
        enrollment=enrollment, certificate_code__isnull=False
    ).first()
    if completion is None:
        raise Http404("No certificate")
    pdf = certificates.certificate_pdf(
        completion, verify_url=request.build_absolute_uri(reverse("certificate_verify"))
    )
    return pdf_response(
        pdf, filename=f"certificate-{completion.certificate_code}.pdf", attachment=True
    )


def certificate_verify(request: HttpRequest) -> HttpResponse:
    form = VerifyForm(request.GET or None)
    if form.is_valid():
        code = services.certificate_code_normalize(form.cleaned_data["code"])
        if certificates.find(code) is not None:
            return redirect("certificate_detail", code=code)
        form.add_error("code", _("No certificate has this code. Check it and try again."))
    return render(request, "enrollment/certificate_verify.html", {"form": form})


def certificate_detail(request: HttpRequest, code: str) -> HttpResponse:
    """A public check of a certificate. A student who declined directory information
    (FERPA 34 CFR 99.37; EC 49073) is not named: the page says only that it is valid."""
    completion = certificates.find(services.certificate_code_normalize(code))
    if completion is None:
        raise Http404("No such certificate")
    return render(
        request,
        "enrollment/certificate_detail.html",
        {"completion": completion, "named": not completion.enrollment.student.directory_opt_out},
    )
