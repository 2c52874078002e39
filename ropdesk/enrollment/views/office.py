"""Pages for counselors and the office: the admissions queue with bulk admit, one
application with its eligibility findings, and the enrollment list and detail (district
coordinators see their students' enrollments too). Exports to CSV and XLSX."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ropdesk.catalog.models import Course
from ropdesk.core import access
from ropdesk.core.models import Organization
from ropdesk.enrollment import access as enrollment_access
from ropdesk.enrollment import eligibility, exports, queries, services
from ropdesk.enrollment.determinations import exceptional_needs_record
from ropdesk.enrollment.forms import (
    AdmitForm,
    BulkAdmitForm,
    DeclineForm,
    EndEnrollmentForm,
    ExceptionalNeedsForm,
    OverrideForm,
    StaffApplicationForm,
    StaffConsentForm,
    open_sections,
)
from ropdesk.enrollment.models import Application, EligibilityFinding, Enrollment
from ropdesk.enrollment.views.public import base_url


def _require_admit(request: HttpRequest) -> None:
    if not access.can_admit(request.user):
        raise Http404("No such page")


def _filters(request: HttpRequest) -> queries.QueueFilters:
    get = request.GET
    return queries.QueueFilters(
        status=get.get("status", Application.Status.SUBMITTED),
        consent=get.get("consent", ""),
        kind=get.get("kind", ""),
        district=get.get("district", "") if get.get("district", "").isdigit() else "",
        course=get.get("course", "") if get.get("course", "").isdigit() else "",
        q=get.get("q", "").strip(),
    )


def _mark_minors(applications: Any) -> None:
    today = timezone.localdate()
    for application in applications:
        application.minor = eligibility.age_on(application.birth_date, today) < 18


@login_required
def queue(request: HttpRequest) -> HttpResponseBase:
    """Applications waiting for a decision, with filters, bulk admit and exports."""
    _require_admit(request)
    filters = _filters(request)
    rows = queries.application_queue(
        enrollment_access.applications_visible_to(request.user), filters
    )
    if request.GET.get("export") in ("csv", "xlsx"):
        return _export_queue(rows, request.GET["export"])
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    _mark_minors(page.object_list)
    return render(
        request,
        "enrollment/queue.html",
        {
            "page": page,
            "filters": filters,
            "statuses": Application.Status.choices,
            "kinds": Application.Kind.choices,
            "districts": Organization.objects.filter(kind=Organization.Kind.DISTRICT),
            "courses": Course.objects.filter(active=True).only("pk", "title"),
            "share": queries.non_high_school_share(timezone.localdate()),
            "query": request.GET.urlencode(),
            "bulk_form": BulkAdmitForm(applications=Application.objects.none()),
        },
    )


def _export_queue(rows: Any, fmt: str) -> HttpResponseBase:
    columns = [
        ("reference", _("Reference")),
        ("submitted", _("Submitted")),
        ("name", _("Name")),
        ("birth_date", _("Birth date")),
        ("kind", _("Applicant")),
        ("grade", _("Grade")),
        ("district", _("District of residence")),
        ("school", _("School")),
        ("choices", _("Course choices")),
        ("consent", _("Parent consent")),
        ("accommodations", _("Accommodations requested")),
        ("status", _("Status")),
    ]
    data = (
        {
            "reference": a.reference,
            "submitted": timezone.localtime(a.submitted_at).strftime("%Y-%m-%d %H:%M"),
            "name": f"{a.legal_last_name}, {a.legal_first_name}",
            "birth_date": a.birth_date.isoformat(),
            "kind": str(a.get_kind_display()),
            "grade": str(a.get_grade_level_display()),
            "district": a.district_of_residence.name,
            "school": a.school.name if a.school else "",
            "choices": "; ".join(c.course.title for c in a.choices.all()),
            "consent": _consent_text(a),
            "accommodations": ", ".join(_accommodations(a)),
            "status": str(a.get_status_display()),
        }
        for a in rows
    )
    return exports.export_response(data, columns, fmt, "applications")


def _consent_text(application: Application) -> str:
    consent = getattr(application, "consent", None)
    if consent is None:
        return ""
    return f"{consent.guardian_name} ({consent.get_method_display()})"


def _accommodations(application: Application) -> list[str]:
    found = []
    if application.has_iep:
        found.append(str(_("IEP")))
    if application.has_504_plan:
        found.append(str(_("Section 504 plan")))
    if application.other_needs:
        found.append(application.other_needs)
    return found


@login_required
@require_POST
def bulk_admit(request: HttpRequest) -> HttpResponse:
    """Admit every application checked, each to its first choice (one transaction each)."""
    _require_admit(request)
    visible = enrollment_access.applications_visible_to(request.user).filter(
        status=Application.Status.SUBMITTED
    )
    form = BulkAdmitForm(request.POST, applications=visible)
    back = reverse("admissions_queue") + "?" + request.POST.get("query", "")
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect(back)
    seated, waiting, refused = 0, 0, []
    for application in form.cleaned_data["applications"]:
        try:
            enrollment = services.application_admit(
                application=application,
                actor=request.user,
                will_benefit=True,
                base_url=base_url(request),
            )
        except ValidationError as error:
            refused.append(f"{application.full_name}: {' '.join(error.messages)}")
            continue
        if enrollment.status == Enrollment.Status.WAITLISTED:
            waiting += 1
        else:
            seated += 1
    messages.success(
        request,
        _("%(seated)d admitted with a seat, %(waiting)d admitted to a waitlist.")
        % {"seated": seated, "waiting": waiting},
    )
    for line in refused:
        messages.error(request, _("Not admitted — %(why)s") % {"why": line})
    return redirect(back)


@login_required
def application_new(request: HttpRequest) -> HttpResponse:
    """A counselor enters an application for a student."""
    _require_admit(request)
    students = access.students_visible_to(request.user)
    if request.method == "POST":
        form = StaffApplicationForm(request.POST, students=students)
        if form.is_valid():
            try:
                application = services.application_submit(
                    actor=request.user,
                    fields=form.application_fields(),
                    choices=form.choices(),
                    base_url=base_url(request),
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request, _("Application %(ref)s entered.") % {"ref": application.reference}
                )
                return redirect("application_detail", pk=application.pk)
    else:
        text = request.GET.get("student", "").strip()[:80]
        student, matches = queries.student_lookup(students, text)
        form = StaffApplicationForm(students=students, initial=_student_initial(student))
        context = {"form": form, "student_text": text, "matches": matches, "found": student}
        return render(request, "enrollment/application_new.html", context)
    return render(request, "enrollment/application_new.html", {"form": form})


def _student_initial(student: Any) -> dict[str, Any]:
    if student is None:
        return {}
    kind = Application.Kind.HIGH_SCHOOL if student.is_high_school else Application.Kind.ADULT
    return {
        "student": student.local_id,
        "kind": kind,
        "legal_first_name": student.legal_first_name,
        "legal_last_name": student.legal_last_name,
        "preferred_name": student.preferred_name,
        "birth_date": student.birth_date,
        "sex": student.sex,
        "email": student.email,
        "phone": student.phone,
        "grade_level": student.grade_level,
        "district_of_residence": student.district_of_residence_id,
        "school": student.school_of_attendance_id,
        "has_iep": student.has_iep,
        "has_504_plan": student.has_504_plan,
    }


ACTIONS = ("admit", "decline", "consent", "override", "resend", "check", "exceptional_needs")


@login_required
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One application: details, choices, consent, eligibility findings, and the decision."""
    _require_admit(request)
    application = enrollment_access.get_application_for(request.user, pk)
    sections = open_sections().filter(course__in=application.choices.values("course"))
    forms: dict[str, Any] = {
        "admit": AdmitForm(
            prefix="admit",
            sections=sections,
            initial={"section": getattr(services.section_for(application), "pk", None)},
        ),
        "decline": DeclineForm(prefix="decline"),
        "consent": StaffConsentForm(
            prefix="consent",
            initial={
                "guardian_name": application.guardian_name,
                "relationship": application.guardian_relationship,
            },
        ),
    }
    problems: list[str] = []
    action = request.POST.get("action") if request.method == "POST" else None
    if action in ACTIONS:
        outcome = _act(request, application, action, forms, sections, problems)
        if outcome is not None:
            return outcome
    return render(
        request,
        "enrollment/application_detail.html",
        _detail_context(request, application, forms, problems),
    )


def _act(
    request: HttpRequest,
    application: Application,
    action: str,
    forms: dict[str, Any],
    sections: Any,
    problems: list[str],
) -> HttpResponse | None:
    """Run one action posted from the application page; None re-displays the page with the
    bound form and its errors."""
    user = request.user
    here = redirect("application_detail", pk=application.pk)
    form: Form  # the action's bound form, re-displayed with its errors
    try:
        if action == "admit":
            form = forms["admit"] = AdmitForm(request.POST, prefix="admit", sections=sections)
            if form.is_valid():
                enrollment = services.application_admit(
                    application=application,
                    actor=user,
                    will_benefit=form.cleaned_data["will_benefit"],
                    section=form.cleaned_data["section"],
                    base_url=base_url(request),
                )
                messages.success(request, _admitted_message(enrollment))
                return redirect("enrollment_detail", pk=enrollment.pk)
        elif action == "decline":
            form = forms["decline"] = DeclineForm(request.POST, prefix="decline")
            if form.is_valid():
                services.application_decline(
                    application=application, actor=user, reason=form.cleaned_data["reason"]
                )
                messages.success(request, _("The application was declined."))
                return here
        elif action == "consent":
            form = forms["consent"] = StaffConsentForm(request.POST, prefix="consent")
            if form.is_valid():
                services.consent_record(application=application, actor=user, **form.cleaned_data)
                messages.success(request, _("Consent recorded."))
                return here
        elif action == "override":
            finding = application.findings.filter(pk=request.POST.get("finding") or 0).first()
            if finding is None:
                raise Http404("No such finding")
            form = forms["override"] = OverrideForm(request.POST, prefix=f"override-{finding.pk}")
            forms["override_pk"] = finding.pk
            if form.is_valid():
                services.eligibility_override(
                    finding=finding, actor=user, reason=form.cleaned_data["reason"]
                )
                messages.success(request, _("The rule was overridden; the reason is recorded."))
                return here
        elif action == "exceptional_needs" and access.can_override_eligibility(user):
            form = forms["exceptional_needs"] = ExceptionalNeedsForm(request.POST, prefix="needs")
            if form.is_valid():
                exceptional_needs_record(actor=user, application=application, **form.cleaned_data)
                with transaction.atomic(durable=True):
                    services.application_check(application=application, actor=user)
                messages.success(
                    request, _("The determination is recorded; the rules were checked again.")
                )
                return here
        elif action == "resend":
            services.application_request_consent(
                application=application, actor=user, base_url=base_url(request)
            )
            messages.success(request, _("A new consent link was e-mailed."))
            return here
        elif action == "check":
            with transaction.atomic(durable=True):
                services.application_check(application=application, actor=user)
            messages.success(request, _("The rules were checked again."))
            return here
    except ValidationError as error:
        problems.extend(error.messages)
    return None


def _admitted_message(enrollment: Enrollment) -> str:
    if enrollment.status == Enrollment.Status.WAITLISTED:
        return _("Admitted. The section is full, so the student is on its waitlist.")
    return _("Admitted and enrolled in %(section)s.") % {"section": enrollment.section.code}


def _detail_context(
    request: HttpRequest, application: Application, forms: dict[str, Any], problems: list[str]
) -> dict[str, Any]:
    today = timezone.localdate()
    findings = list(
        application.findings.select_related("checked_by", "overridden_by").order_by("pk")
    )
    override_forms = {
        f.pk: forms["override"]
        if forms.get("override_pk") == f.pk
        else OverrideForm(prefix=f"override-{f.pk}")
        for f in findings
        if f.result == EligibilityFinding.Result.BLOCK
    }
    default_section = services.section_for(application)
    return {
        "application": application,
        "choices": application.choices.select_related("course", "section"),
        "consent": getattr(application, "consent", None),
        "minor": eligibility.age_on(application.birth_date, today) < 18,
        "age": eligibility.age_on(application.birth_date, today),
        "findings": findings,
        "override_forms": override_forms,
        "can_override": access.can_override_eligibility(request.user),
        # 5 CCR 10103(a): under 16 in CVE only on the principal's or director's determination.
        "exceptional_needs": getattr(application, "exceptional_needs", None),
        "needs_form": forms.get("exceptional_needs") or ExceptionalNeedsForm(prefix="needs"),
        "forms": forms,
        "problems": problems,
        "conflicts": queries.conflicts_with(
            application.student,
            default_section,
            enrollment_access.enrollments_visible_to(request.user),
        )
        if default_section
        else [],
        "enrollments": application.enrollments.select_related("section__course"),
        "share": queries.non_high_school_share(today),
        "accommodations": _accommodations(application),
    }


# --- enrollments -------------------------------------------------------------------------------


@login_required
def enrollment_list(request: HttpRequest) -> HttpResponseBase:
    """Enrollments of the students the user serves: a district coordinator's district, a
    counselor's schools, the whole program for the office."""
    if not access.can_list_enrollments(request.user):
        raise Http404("No such page")
    status = request.GET.get("status", "")
    text = request.GET.get("q", "").strip()
    rows = queries.schedule_of(
        enrollment_access.enrollments_visible_to(request.user)
    ).select_related("student__school_of_attendance", "student__district_of_residence")
    if status in Enrollment.Status.values:
        rows = rows.filter(status=status)
    for word in text.split():
        rows = rows.filter(
            Q(student__legal_last_name__icontains=word)
            | Q(student__legal_first_name__icontains=word)
            | Q(section__code__icontains=word)
            | Q(section__course__title__icontains=word)
        )
    rows = queries.with_waitlist_position(
        rows.order_by("section__code", "student__legal_last_name")
    )
    if request.GET.get("export") in ("csv", "xlsx"):
        return _export_enrollments(rows, request.GET["export"])
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "enrollment/enrollment_list.html",
        {
            "page": page,
            "status": status,
            "q": text,
            "statuses": Enrollment.Status.choices,
            "conflicts": queries.schedule_conflicts(
                page.object_list, enrollment_access.enrollments_visible_to(request.user)
            ),
            "share": queries.non_high_school_share(timezone.localdate())
            if access.scope_of(request.user).county_wide or access.can_admit(request.user)
            else None,
            "query": request.GET.urlencode(),
        },
    )


def _export_enrollments(rows: Any, fmt: str) -> HttpResponseBase:
    columns = [
        ("local_id", _("Local id")),
        ("name", _("Student")),
        ("school", _("School")),
        ("district", _("District of residence")),
        ("grade", _("Grade")),
        ("course", _("Course")),
        ("section", _("Section")),
        ("status", _("Status")),
        ("enrolled_on", _("Enrolled on")),
        ("ended_on", _("Ended on")),
        ("waitlist", _("Waitlist position")),
        ("grade_9_12", _("Grades 9-12")),
        ("concurrent", _("Concurrent")),
        ("special", _("Special programs")),
    ]
    data = (
        {
            "local_id": e.student.local_id,
            "name": f"{e.student.legal_last_name}, {e.student.legal_first_name}",
            "school": e.student.school_of_attendance.name if e.student.school_of_attendance else "",
            "district": e.student.district_of_residence.name,
            "grade": e.student.grade_level,
            "course": e.section.course.title,
            "section": e.section.code,
            "status": str(e.get_status_display()),
            "enrolled_on": e.enrolled_on.isoformat() if e.enrolled_on else "",
            "ended_on": e.ended_on.isoformat() if e.ended_on else "",
            "waitlist": e.waitlist_ahead + 1 if e.status == Enrollment.Status.WAITLISTED else "",
            "grade_9_12": _yes_no(e.grade_9_12),
            "concurrent": _yes_no(e.concurrent),
            "special": ", ".join(e.special_programs),
        }
        for e in rows
    )
    return exports.export_response(data, columns, fmt, "enrollments", stream=True)


def _yes_no(value: bool | None) -> str:
    return "" if value is None else str(_("yes") if value else _("no"))


@login_required
def enrollment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One enrollment: its life so far (who, when, why), conflicts, and dropping it."""
    enrollment = enrollment_access.get_enrollment_for(request.user, pk)
    can_manage = access.can_manage_enrollments(request.user)
    form = EndEnrollmentForm()
    problems: list[str] = []
    if request.method == "POST" and can_manage:
        try:
            if request.POST.get("action") == "seat":
                services.enrollment_enroll(enrollment=enrollment, actor=request.user)
                return redirect("enrollment_detail", pk=enrollment.pk)
            form = EndEnrollmentForm(request.POST)
            if form.is_valid():
                services.enrollment_end(
                    enrollment=enrollment, actor=request.user, **form.cleaned_data
                )
                messages.success(
                    request,
                    _(
                        "The enrollment was ended; the seat went to the "
                        "next student on the waitlist, if any."
                    ),
                )
                return redirect("enrollment_detail", pk=enrollment.pk)
        except ValidationError as error:
            problems.extend(error.messages)
        enrollment = enrollment_access.get_enrollment_for(request.user, pk)
    visible = enrollment_access.enrollments_visible_to(request.user)
    position = None
    if enrollment.status == Enrollment.Status.WAITLISTED:
        position = (
            queries.with_waitlist_position(Enrollment.objects.filter(pk=enrollment.pk))
            .get()
            .waitlist_ahead
            + 1
        )
    return render(
        request,
        "enrollment/enrollment_detail.html",
        {
            "enrollment": enrollment,
            "events": enrollment.events.select_related("by"),
            "conflicts": queries.conflicts_with(enrollment.student, enrollment.section, visible),
            "completion": getattr(enrollment, "completion", None),
            "position": position,
            "can_manage": can_manage,
            "can_complete": enrollment_access.can_record_completion(
                request.user, enrollment.section
            ),
            "form": form,
            "problems": problems,
            "waitlist": queries.waitlist_of(enrollment.section, visible) if can_manage else [],
        },
    )
