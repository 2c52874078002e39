"""Work-based learning pages: instructor-coordinators, site supervisors, students, parents.
Every page starts from core.access, which also logs what a supervisor (an outside party) is
shown of a student as a disclosure (core/disclosures.py)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from ropdesk.attendance.models import OnTheJobHours
from ropdesk.core import access, invitations
from ropdesk.core.models import Role
from ropdesk.core.paging import page_of
from ropdesk.core.redirects import redirect_back
from ropdesk.core.types import Actor
from ropdesk.documents import pdf_response
from ropdesk.enrollment import access as enrollment_access
from ropdesk.worksite import access as worksite_access
from ropdesk.worksite import forms, pdf, queries, services
from ropdesk.worksite.models import EmployerProfile, Party, PlanCompetency, TrainingPlan


def _error_text(error: ValidationError) -> str:
    return " ".join(str(m) for m in error.messages)


def _require_coordinator(user: Actor) -> None:
    if not access.can_coordinate_work_based_learning(user):
        raise Http404("No such page")


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Each role's start page: trainees (staff, supervisors), my training (students), my
    child's agreements (parents)."""
    user = request.user
    today = timezone.localdate()
    supervisor = bool(access.scope_of(user).site_ids)
    # A supervisor's list holds only students enrolled now (worksite.queries).
    trainees = (
        queries.enrolled_trainees_of_supervisor(user) if supervisor else queries.trainees_for(user)
    )
    # The rules run for one page of trainees only: a page of ids, then their statuses.
    page = page_of(request, trainees.values_list("pk", flat=True))
    statuses = queries.trainee_statuses(trainees.filter(pk__in=list(page)), today)
    waiting = (
        page_of(request, queries.hours_waiting(trainees), param="hours") if supervisor else None
    )
    return render(
        request,
        "worksite/home.html",
        {
            "statuses": statuses,
            "page": page,
            "waiting": waiting,
            "weeks": queries.waiting_weeks(waiting or []),
            "approved": list(queries.approved_by(user)) if supervisor else [],
            "coordinator": access.can_coordinate_work_based_learning(user),
            "supervisor": supervisor,
            "return_form": forms.ReturnForm(),
        },
    )


def _trainee_context(request: HttpRequest, enrollment: Any, **extra: Any) -> dict[str, Any]:
    user = request.user
    today = timezone.localdate()
    status = queries.trainee_statuses(
        enrollment_access.trainees_visible_to(user).filter(pk=enrollment.pk), today
    )[0]
    hours = (
        OnTheJobHours.objects.filter(enrollment=enrollment)
        .select_related("detail")
        .order_by("-date")[:60]
    )
    agreement = status.agreement
    cve = enrollment.section.mode == "cve"
    context = {
        "e": enrollment,
        "status": status,
        "agreement": agreement,
        "hours": hours,
        "visits": enrollment.site_visits.select_related("instructor").all(),
        "evaluations": enrollment.evaluations.all(),
        "permits": enrollment.student.work_permits.all(),
        "cve": cve,
        "is_student": enrollment.student.user_id == user.pk,
        "is_supervisor": enrollment.worksite_id in access.scope_of(user).site_ids,
        "is_instructor": enrollment.section.instructor_id == user.pk
        or access.scope_of(user).county_wide,
        "can_sign": bool(agreement and worksite_access.agreement_parties_of(user, agreement)),
        # A site's joint venture agreement is between the program and the site: the student's
        # and parent's page names it without a link they could not open.
        "can_open_agreement": bool(
            agreement
            and worksite_access.agreements_visible_to(user).filter(pk=agreement.pk).exists()
        ),
        "hours_form": forms.HoursForm(initial={"day": today}),
        "visit_form": forms.VisitForm(initial={"visited_on": today, "observed_working": True}),
        "evaluation_form": forms.EvaluationForm(),
        "agreement_form": forms.AgreementForm(
            initial={
                "kind": "cve" if cve else "cc_joint_venture",
                "starts_on": enrollment.section.term.start_date,
                "ends_on": enrollment.section.term.end_date,
            }
        ),
        "permit_form": forms.PermitForm(),
        "return_form": forms.ReturnForm(),
    }
    context.update(extra)
    return context


@login_required
def trainee(request: HttpRequest, pk: int) -> HttpResponse:
    enrollment = enrollment_access.get_trainee_for(request.user, pk)
    return render(request, "worksite/trainee.html", _trainee_context(request, enrollment))


def _back(enrollment: Any) -> HttpResponse:
    return redirect("worksite_trainee", enrollment.pk)


@login_required
def hours_log(request: HttpRequest, pk: int) -> HttpResponse:
    enrollment = enrollment_access.get_trainee_for(request.user, pk)
    if enrollment.student.user_id != request.user.pk:
        raise Http404("No such page")
    form = forms.HoursForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.timesheet_log(actor=request.user, enrollment=enrollment, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, _error_text(error))
        else:
            messages.success(request, _("Hours saved. They wait for your supervisor's approval."))
            return _back(enrollment)
    context = _trainee_context(request, enrollment, hours_form=form)
    return render(
        request, "worksite/trainee.html", context, status=400 if request.method == "POST" else 200
    )


def _supervised_entry(user: Actor, pk: int) -> OnTheJobHours:
    try:
        entry = OnTheJobHours.objects.select_related(
            "enrollment__section", "enrollment__student"
        ).get(pk=pk, enrollment__in=enrollment_access.trainees_visible_to(user).values("pk"))
    except OnTheJobHours.DoesNotExist as missing:
        raise Http404("No such hours") from missing
    if entry.enrollment.worksite_id not in access.scope_of(user).site_ids:
        raise Http404("No such hours")
    return entry


@login_required
@require_POST
def hours_approve(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _supervised_entry(request.user, pk)
    try:
        services.timesheet_approve(actor=request.user, entry=entry)
        messages.success(
            request, _("Approved: %(day)s.") % {"day": date_format(entry.date, "DATE_FORMAT")}
        )
    except ValidationError as error:
        messages.error(request, _error_text(error))
    return redirect_back(request, "worksite_home")


@login_required
@require_POST
def hours_approve_week(request: HttpRequest, pk: int) -> HttpResponse:
    """A supervisor approves a trainee's week of waiting hours in one action."""
    enrollment = enrollment_access.get_trainee_for(request.user, pk)
    if enrollment.worksite_id not in access.scope_of(request.user).site_ids:
        raise Http404("No such trainee")
    try:
        week_of = date.fromisoformat(request.POST.get("week", ""))
        approved = services.timesheet_approve_week(
            actor=request.user, enrollment=enrollment, week_of=week_of
        )
    except ValueError:
        messages.error(request, _("Choose a week."))
    except ValidationError as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(
            request,
            ngettext(
                "Approved %(count)d day of %(student)s.",
                "Approved %(count)d days of %(student)s.",
                len(approved),
            )
            % {"count": len(approved), "student": enrollment.student},
        )
    return redirect_back(request, "worksite_home")


@login_required
@require_POST
def hours_return(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _supervised_entry(request.user, pk)
    form = forms.ReturnForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Say what the student should correct."))
        services.timesheet_return(
            actor=request.user, entry=entry, comment=form.cleaned_data["comment"]
        )
        messages.success(
            request,
            _("Returned to the student: %(day)s.")
            % {"day": date_format(entry.date, "DATE_FORMAT")},
        )
    except ValidationError as error:
        messages.error(request, _error_text(error))
    return redirect_back(request, "worksite_home")


@login_required
@require_POST
def visit_log(request: HttpRequest, pk: int) -> HttpResponse:
    enrollment = enrollment_access.get_trainee_for(request.user, pk)
    _require_coordinator(request.user)
    form = forms.VisitForm(request.POST)
    if form.is_valid():
        try:
            services.visit_log(actor=request.user, enrollment=enrollment, **form.cleaned_data)
            messages.success(request, _("Visit logged."))
            return _back(enrollment)
        except ValidationError as error:
            form.add_error(None, _error_text(error))
    return render(
        request,
        "worksite/trainee.html",
        _trainee_context(request, enrollment, visit_form=form),
        status=400,
    )


@login_required
@require_POST
def evaluation_record(request: HttpRequest, pk: int) -> HttpResponse:
    enrollment = enrollment_access.get_trainee_for(request.user, pk)
    if enrollment.worksite_id not in access.scope_of(request.user).site_ids:
        raise Http404("No such page")
    form = forms.EvaluationForm(request.POST)
    if form.is_valid():
        services.evaluation_record(
            actor=request.user,
            enrollment=enrollment,
            point=form.cleaned_data["point"],
            work_maturity=form.work_maturity(),
            comments=form.cleaned_data["comments"],
        )
        messages.success(request, _("Evaluation saved."))
        return _back(enrollment)
    return render(
        request,
        "worksite/trainee.html",
        _trainee_context(request, enrollment, evaluation_form=form),
        status=400,
    )


@login_required
@require_POST
def permit_record(request: HttpRequest, pk: int) -> HttpResponse:
    enrollment = enrollment_access.get_trainee_for(request.user, pk)
    _require_coordinator(request.user)
    form = forms.PermitForm(request.POST)
    if form.is_valid():
        try:
            services.permit_record(
                actor=request.user, student=enrollment.student, **form.cleaned_data
            )
            messages.success(request, _("Work permit recorded."))
            return _back(enrollment)
        except ValidationError as error:
            form.add_error(None, _error_text(error))
    return render(
        request,
        "worksite/trainee.html",
        _trainee_context(request, enrollment, permit_form=form),
        status=400,
    )


@login_required
@require_POST
def agreement_new(request: HttpRequest, pk: int) -> HttpResponse:
    """A new agreement for a trainee (CVE) or for the trainee's site and term (joint venture)."""
    enrollment = enrollment_access.get_trainee_for(request.user, pk)
    _require_coordinator(request.user)
    form = forms.AgreementForm(request.POST)
    assert enrollment.worksite is not None  # a trainee has a training site (trainees_visible_to)
    if form.is_valid():
        try:
            agreement = services.agreement_create(
                actor=request.user,
                site=enrollment.worksite,
                term=enrollment.section.term,
                enrollment=enrollment,
                **form.cleaned_data,
            )
            messages.success(request, _("Agreement created. Each party can now sign it."))
            return redirect("worksite_agreement", agreement.pk)
        except ValidationError as error:
            form.add_error(None, _error_text(error))
    return render(
        request,
        "worksite/trainee.html",
        _trainee_context(request, enrollment, agreement_form=form),
        status=400,
    )


def _agreement_context(request: HttpRequest, agreement: Any, **extra: Any) -> dict[str, Any]:
    today = timezone.localdate()
    signatures = {s.party: s for s in agreement.signatures.select_related("signed_by")}
    required = services.required_parties(agreement, today)
    mine = [
        p
        for p in worksite_access.agreement_parties_of(request.user, agreement)
        if p in required and p not in signatures
    ]
    # After signing (?signed=PARTY): what was signed, when, who still signs, the copy.
    signed = request.GET.get("signed", "")
    confirmation = None
    if signed in worksite_access.agreement_parties_of(request.user, agreement):
        confirmation = services.signature_confirmation(agreement, signed, today)
    return {
        "agreement": agreement,
        "confirmation": confirmation,
        "parties": [(Party(p), signatures.get(p)) for p in required],
        "sign_forms": [(Party(p), forms.SignForm(initial={"party": p}, prefix=p)) for p in mine],
        **extra,
    }


@login_required
def agreement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = worksite_access.get_agreement_for(request.user, pk)
    if request.method == "POST":
        party = request.POST.get("party", "")
        form = forms.SignForm(request.POST, prefix=party)
        if form.is_valid():
            try:
                services.agreement_sign(
                    actor=request.user,
                    agreement=agreement,
                    party=party,
                    typed_name=form.cleaned_data["typed_name"],
                    ip_address=request.META.get("REMOTE_ADDR"),
                )
                messages.success(request, _("Signed. Thank you."))
                url = reverse("worksite_agreement", args=[agreement.pk])
                return redirect(f"{url}?{urlencode({'signed': party})}#signed")
            except ValidationError as error:
                messages.error(request, _error_text(error))
    return render(request, "worksite/agreement.html", _agreement_context(request, agreement))


@login_required
def agreement_pdf(request: HttpRequest, pk: int, party: str) -> HttpResponse:
    agreement = worksite_access.get_agreement_for(request.user, pk)
    if party not in Party.values:
        raise Http404("No such copy")
    return pdf_response(
        pdf.agreement_pdf(agreement, party), filename=f"agreement-{agreement.pk}-{party}.pdf"
    )


def _plan_items(plan: TrainingPlan | None) -> list[PlanCompetency]:
    if plan is None:
        return []
    return list(plan.competencies.select_related("competency", "verified_by", "rated_by"))


@login_required
def plan(request: HttpRequest, pk: int) -> HttpResponse:
    """The training plan: the instructor sets where each competency is taught and verifies
    it; the supervisor rates it."""
    enrollment = enrollment_access.get_trainee_for(request.user, pk)
    user = request.user
    coordinator = access.can_coordinate_work_based_learning(user) and (
        enrollment.section.instructor_id == user.pk or access.scope_of(user).county_wide
    )
    supervisor = enrollment.worksite_id in access.scope_of(user).site_ids
    existing = TrainingPlan.objects.filter(enrollment=enrollment).first()
    if request.method == "POST":
        try:
            existing = _plan_post(request, enrollment, existing, coordinator, supervisor)
            messages.success(request, _("Training plan saved."))
            return redirect("worksite_plan", enrollment.pk)
        except ValidationError as error:
            messages.error(request, _error_text(error))
    return render(
        request,
        "worksite/plan.html",
        {
            "e": enrollment,
            "plan": existing,
            "items": _plan_items(existing),
            "coordinator": coordinator,
            "supervisor": supervisor,
            "where_choices": PlanCompetency.Where.choices,
            "rating_choices": PlanCompetency.Rating.choices,
        },
    )


def _plan_post(
    request: HttpRequest, enrollment: Any, existing: Any, coordinator: bool, supervisor: bool
) -> Any:
    post = request.POST
    if post.get("action") == "create" and coordinator:
        data: dict[str, Any] = {"expected_weeks": post.get("expected_weeks") or "18"}
        weeks = _valid(forms.PlanCreateForm(data), _("Training plan"))
        return services.plan_create(
            actor=request.user, enrollment=enrollment, expected_weeks=weeks["expected_weeks"]
        )
    if existing is None or not (coordinator or supervisor):
        raise Http404("No such plan")
    if post.get("action") == "site_copy":
        try:
            given_on = date.fromisoformat(post.get("given_on", ""))
        except ValueError as bad:
            raise ValidationError({"given_on": _("Give the date as YYYY-MM-DD.")}) from bad
        return services.plan_site_copy_record(actor=request.user, plan=existing, given_on=given_on)
    # Every row is checked before any is saved, so a bad number leaves the plan as it was.
    updates, ratings = [], []
    for item in _plan_items(existing):
        label = _("Competency %(number)s") % {"number": item.competency.number}
        if coordinator and f"where-{item.pk}" in post:
            data = {
                "where_taught": post[f"where-{item.pk}"],
                "expected_hours": post.get(f"hours-{item.pk}") or "0",
                "verified": post.get(f"verified-{item.pk}") == "on",
            }
            updates.append((item, _valid(forms.PlanItemForm(data), label)))
        rating = post.get(f"rating-{item.pk}")
        if supervisor and rating:
            value = _valid(forms.RatingForm({"rating": rating}), label)["rating"]
            if value != item.supervisor_rating:
                ratings.append((item, value))
    for item, data in updates:
        services.plan_competency_update(actor=request.user, item=item, **data)
    for item, value in ratings:
        services.plan_rate(actor=request.user, item=item, rating=value)
    return existing


def _valid(form: Any, label: str) -> dict[str, Any]:
    """The form's cleaned data, or a ValidationError naming the row and the field."""
    if form.is_valid():
        return form.cleaned_data
    problems = [
        f"{form.fields[name].label}: {' '.join(errors)}"
        if name in form.fields
        else " ".join(errors)
        for name, errors in form.errors.items()
    ]
    raise ValidationError(f"{label} — {'; '.join(problems)}")


@login_required
def plan_print(request: HttpRequest, pk: int) -> HttpResponse:
    enrollment = enrollment_access.get_trainee_for(request.user, pk)
    existing = TrainingPlan.objects.filter(enrollment=enrollment).first()
    if existing is None:
        raise Http404("No such plan")
    if request.GET.get("format") == "pdf":
        return pdf_response(
            pdf.plan_pdf(existing, _plan_items(existing)),
            filename=f"training-plan-{enrollment.pk}.pdf",
        )
    return render(
        request,
        "worksite/plan_print.html",
        {"e": enrollment, "plan": existing, "items": _plan_items(existing)},
    )


@login_required
def site_list(request: HttpRequest) -> HttpResponse:
    _require_coordinator(request.user)
    sites = (
        access.worksites_visible_to(request.user)
        .select_related("organization__employer_profile")
        .order_by("name", "pk")
    )
    return render(request, "worksite/sites.html", {"page": page_of(request, sites)})


@login_required
def site_detail(request: HttpRequest, pk: int) -> HttpResponse:
    site = access.get_worksite_for(request.user, pk)
    _require_coordinator(request.user)
    profile = EmployerProfile.objects.filter(organization=site.organization).first()
    profile_form: Form = forms.EmployerProfileForm(
        initial={f: getattr(profile, f) for f in forms.EmployerProfileForm.base_fields}
        if profile
        else None
    )
    occupation_form: Form = forms.OccupationForm()
    supervisor_form: Form = forms.SupervisorForm()
    if request.method == "POST":
        action = request.POST.get("action")
        form_class = {
            "profile": forms.EmployerProfileForm,
            "occupation": forms.OccupationForm,
            "supervisor": forms.SupervisorForm,
        }.get(action or "")
        if form_class is None:
            raise Http404("No such action")
        form = form_class(request.POST)
        if form.is_valid():
            try:
                _site_action(request, site, action or "", form.cleaned_data)
                messages.success(request, _SAVED.get(action or "", _("Saved.")))
                return redirect("worksite_site", site.pk)
            except ValidationError as error:
                form.add_error(None, _error_text(error))
        profile_form = form if action == "profile" else profile_form
        occupation_form = form if action == "occupation" else occupation_form
        supervisor_form = form if action == "supervisor" else supervisor_form
    return render(
        request,
        "worksite/site.html",
        {
            "site": site,
            "profile": profile,
            "profile_form": profile_form,
            "occupation_form": occupation_form,
            "supervisor_form": supervisor_form,
            "occupations": site.occupations.select_related("pathway"),
            "invitations": site.invitations.filter(
                accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
            ),
            "supervisors": site.role_assignments.filter(
                role=Role.EMPLOYER_SUPERVISOR
            ).select_related("user"),
            "trainees": queries.trainees_for(request.user).filter(worksite=site),
            "agreements": worksite_access.agreements_visible_to(request.user)
            .filter(site=site)
            .select_related("term__school_year", "enrollment__student"),
        },
    )


_SAVED = {
    "supervisor": _lazy(
        "Invitation sent. The supervisor gets a role only when they accept it from their "
        "e-mail; the program office is told."
    )
}


def _site_action(request: HttpRequest, site: Any, action: str, data: dict[str, Any]) -> None:
    user = request.user
    if action == "profile":
        services.employer_profile_save(actor=user, organization=site.organization, **data)
    elif action == "occupation":
        services.site_occupation_add(actor=user, site=site, **data)
    else:
        # A supervisor is invited, never attached by username: only they can accept.
        invitations.supervisor_invite(
            actor=user, site=site, base_url=request.build_absolute_uri("/"), **data
        )


@login_required
def compliance_dashboard(request: HttpRequest) -> HttpResponse:
    _require_coordinator(request.user)
    today = timezone.localdate()
    # Every trainee's status feeds the totals; each of the four tables shows one page of it.
    statuses = queries.statuses_of(request.user, today)
    return render(
        request,
        "worksite/compliance.html",
        {
            "today": today,
            "total": len(statuses),
            "green": sum(1 for s in statuses if s.ok),
            "page": page_of(request, statuses),
            "due": page_of(request, queries.due_soon(statuses, today), param="due"),
            "sites": page_of(request, queries.site_summaries(statuses), param="sites"),
            "loads": page_of(request, queries.instructor_loads(statuses), param="loads"),
        },
    )
