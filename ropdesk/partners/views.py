"""Pages of partners, committees, meetings, recommendations, labor-market data and the CLNA.

Every page starts from partners/access.py; the office's forms post back to the page they are
on, each naming its `action`, and each calls one service."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ropdesk.core import access as access_jobs
from ropdesk.core.jobs import report_job_start
from ropdesk.core.views_background import import_upload_page
from ropdesk.partners import access, forms, queries, services
from ropdesk.partners.models import (
    Committee,
    Contact,
    LaborMarketSnapshot,
    Meeting,
    NeedsAssessment,
    Partner,
    Projection,
)
from ropdesk.partners.pdf import PACKET_KIND, PACKET_RUNNER
from ropdesk.partners.projections_import import KIND as PROJECTIONS_KIND
from ropdesk.partners.projections_import import projections_import_start

PAGE_SIZE = 40


def _require(allowed: bool) -> None:
    if not allowed:
        raise Http404("No such page")


def _errors(form: Form, error: ValidationError) -> None:
    """Put a service's refusal next to the field it names, or above the form."""
    if hasattr(error, "error_dict"):
        for field, problems in error.error_dict.items():
            form.add_error(field if field in form.fields else None, problems)
    else:
        form.add_error(None, error.messages)


def _handle(request: HttpRequest, form: Form, call: Callable[[], Any], done: str) -> bool:
    """Validate the form and call the service; on success leave a message and return True."""
    if not form.is_valid():
        return False
    try:
        call()
    except ValidationError as error:
        _errors(form, error)
        return False
    messages.success(request, done)
    return True


# --- committees ----------------------------------------------------------------------------------


@login_required
def committees(request: HttpRequest) -> HttpResponse:
    _require(access.can_see_committees(request.user))
    visible = queries.with_members(access.committees_visible_to(request.user).order_by("name"))
    page = Paginator(visible, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = queries.committee_rows(list(page.object_list), timezone.localdate())
    return render(
        request,
        "partners/committees.html",
        {"page": page, "rows": rows, "manager": access.can_manage_partners(request.user)},
    )


@login_required
def committee_new(request: HttpRequest) -> HttpResponse:
    _require(access.can_manage_partners(request.user))
    form = forms.CommitteeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            committee = services.committee_create(
                actor=request.user,
                name=data["name"],
                scope=data["scope"],
                courses=data["courses"],
                district=data["district"],
                created_by_action=data["created_by_action"],
            )
        except ValidationError as error:
            _errors(form, error)
        else:
            return redirect("partners_committee", committee.pk)
    return render(request, "partners/committee_new.html", {"form": form})


@login_required
def committee_detail(request: HttpRequest, pk: int) -> HttpResponse:
    committee = access.get_committee_for(request.user, pk)
    manager = access.can_manage_partners(request.user)
    action = request.POST.get("action") if request.method == "POST" else None
    _require(action is None or manager)
    member_form = forms.MemberForm(request.POST if action == "member" else None)
    meeting_form = forms.MeetingForm(request.POST if action == "meeting" else None)
    invite_form = forms.MemberInviteForm(
        request.POST if action == "invite" else None, committee=committee
    )
    invite_link = ""
    if action == "invite" and invite_form.is_valid():
        try:
            invite_link = services.member_invite(
                actor=request.user,
                contact=invite_form.cleaned_data["contact"],
                email=invite_form.cleaned_data["email"],
                base_url=request.build_absolute_uri("/"),
            ).url
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Invitation sent."))
    if action == "member":
        d = member_form.cleaned_data if member_form.is_valid() else {}
        if _handle(
            request,
            member_form,
            lambda: services.member_appoint(
                actor=request.user,
                committee=committee,
                contact=d["contact"],
                role=d["role"],
                term_starts_on=d["term_starts_on"],
                term_ends_on=d["term_ends_on"],
                officer=d["officer"],
            ),
            _("Member appointed."),
        ):
            return redirect("partners_committee", pk)
    if action == "meeting":
        d = meeting_form.cleaned_data if meeting_form.is_valid() else {}
        created: list[Meeting] = []
        if _handle(
            request,
            meeting_form,
            lambda: created.append(
                services.meeting_schedule(
                    actor=request.user,
                    committee=committee,
                    kind=d["kind"],
                    starts_at=d["starts_at"],
                    place=d["place"],
                )
            ),
            _("Meeting scheduled."),
        ):
            return redirect("partners_meeting", created[0].pk)
    row = queries.committee_rows(
        list(queries.with_members(Committee.objects.filter(pk=committee.pk))),
        timezone.localdate(),
    )[0]
    return render(
        request,
        "partners/committee.html",
        {
            "committee": committee,
            "row": row,
            "members": row.committee.memberships.all(),
            "meetings": committee.meetings.order_by("-starts_at")[:24],
            "recommendations": queries.recommendations_of(
                Committee.objects.filter(pk=committee.pk)
            )[:50],
            "manager": manager,
            "member_form": member_form,
            "meeting_form": meeting_form,
            "invite_form": invite_form,
            "invite_link": invite_link,
            "today": timezone.localdate(),
        },
    )


# --- meetings ------------------------------------------------------------------------------------


def _meeting_actions(request: HttpRequest, meeting: Meeting) -> dict[str, Form]:
    post = request.POST if request.method == "POST" else None
    action = post.get("action") if post else None

    def bound(name: str, form_class: Any, **kwargs: Any) -> Form:
        here = action == name
        form: Form = form_class(post if here else None, request.FILES if here else None, **kwargs)
        return form

    return {
        "agenda": bound("agenda", forms.AgendaForm, initial={"agenda": meeting.agenda}),
        "attendance": bound(
            "attendance",
            forms.AttendanceForm,
            meeting=meeting,
            initial={"present": [a.membership_id for a in meeting.attendance.all()]},
        ),
        "comment": bound("comment", forms.CommentForm),
        "minutes": bound(
            "minutes",
            forms.MinutesForm,
            initial={"minutes": meeting.minutes, "items_reviewed": meeting.items_reviewed},
        ),
        "recommendation": bound("recommendation", forms.RecommendationForm),
        "snapshot": bound(
            "snapshot", forms.AttachSnapshotForm, initial={"snapshot": meeting.lmi_snapshot_id}
        ),
    }


def _meeting_call(
    request: HttpRequest, meeting: Meeting, action: str, form: Form
) -> Callable[[], Any]:
    d = form.cleaned_data
    user = request.user
    if action == "agenda":

        def post() -> None:
            posted = services.agenda_post(
                actor=user, meeting=meeting, agenda=d["agenda"], agenda_file=d["agenda_file"]
            )
            if posted.late:
                messages.warning(
                    request,
                    _("Posted less than %(h)s hours before the meeting (Gov. Code 54954.2, 54956).")
                    % {"h": services.rules.lead_hours(meeting.kind)},
                )

        return post
    if action == "attendance":
        return lambda: services.attendance_record(
            actor=user,
            meeting=meeting,
            memberships=d["present"],
            guests=form.guest_pairs(),  # type: ignore[attr-defined]
        )
    if action == "comment":
        return lambda: services.public_comment_add(
            actor=user, meeting=meeting, summary=d["summary"], speaker=d["speaker"]
        )
    if action == "minutes":
        return lambda: services.minutes_record(
            actor=user,
            meeting=meeting,
            minutes=d["minutes"],
            items_reviewed=d["items_reviewed"],
            minutes_file=d["minutes_file"],
        )
    if action == "recommendation":
        return lambda: services.recommendation_record(
            actor=user,
            meeting=meeting,
            text=d["text"],
            category=d["category"],
            course=d["course"],
            section=d["section"],
            site=d["site"],
            equipment=d["equipment"],
            due_on=d["due_on"],
        )
    return lambda: services.snapshot_attach(actor=user, meeting=meeting, snapshot=d["snapshot"])


@login_required
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = access.get_meeting_for(request.user, pk)
    manager = access.can_manage_partners(request.user)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    _require(not action or manager)
    packet_link = ""
    if action == "approve":
        earlier = get_object_or_404(
            Meeting, pk=request.POST.get("meeting"), committee=meeting.committee
        )
        try:
            services.minutes_approve(actor=request.user, meeting=earlier, at_meeting=meeting)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Minutes approved."))
        return redirect("partners_meeting", pk)
    if action == "link":
        packet_link = request.build_absolute_uri(
            _packet_url(services.packet_link_new(actor=request.user, meeting=meeting))
        )
    action_forms = _meeting_actions(request, meeting)
    if action == "recommendation" and request.POST.get("pick") == "course":
        # No JavaScript needed: show the form again, its sections those of the chosen course.
        action_forms["recommendation"] = forms.RecommendationForm(
            initial={k: request.POST.get(k, "") for k in ("text", "category", "course")}
        )
        action = ""
    if action in action_forms:
        form = action_forms[action]
        if form.is_valid() and _handle(
            request, form, _meeting_call(request, meeting, action, form), _("Saved.")
        ):
            return redirect("partners_meeting", pk)
    previous = (
        Meeting.objects.filter(committee=meeting.committee, starts_at__lt=meeting.starts_at)
        .order_by("-starts_at")
        .first()
    )
    return render(
        request,
        "partners/meeting.html",
        {
            "meeting": meeting,
            "committee": meeting.committee,
            "manager": manager,
            "forms": action_forms,
            "previous": previous,
            "attendance": meeting.attendance.select_related("membership__contact"),
            "comments": meeting.public_comments.all(),
            "recommendations": meeting.recommendations.select_related(
                "course", "section", "site", "change"
            ),
            "late": meeting.agenda_posted_at is not None
            and services.rules.posted_late(
                kind=meeting.kind, posted_at=meeting.agenda_posted_at, starts_at=meeting.starts_at
            ),
            "packet_link": packet_link,
            "lead_hours": services.rules.lead_hours(meeting.kind),
        },
    )


def _packet_url(token: str) -> str:
    from django.urls import reverse

    return reverse("partners_packet", args=[token])


def packet(request: HttpRequest, token: str) -> HttpResponse:
    """A member's packet, through the meeting's link (no account needed)."""
    meeting = access.meeting_for_packet(token)
    response = render(request, "partners/packet.html", queries.meeting_packet(meeting))
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response


def public_meetings(request: HttpRequest) -> HttpResponse:
    meetings = access.published_meetings().select_related("committee").order_by("-starts_at")
    page = Paginator(meetings, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "partners/public_meetings.html", {"page": page})


def public_meeting(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = access.get_published_meeting(pk)
    return render(request, "partners/public_meeting.html", {"meeting": meeting})


# --- recommendations -----------------------------------------------------------------------------


@login_required
def recommendation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    recommendation = access.get_recommendation_for(request.user, pk)
    manager = access.can_manage_partners(request.user)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    _require(not action or manager)
    status_form = forms.StatusForm(
        request.POST if action == "status" else None, initial={"status": recommendation.status}
    )
    implement_form = forms.ImplementForm(
        request.POST if action == "implement" else None,
        initial={"description": recommendation.course.description if recommendation.course else ""},
    )
    if action == "status":
        d = status_form.cleaned_data if status_form.is_valid() else {}
        if _handle(
            request,
            status_form,
            lambda: services.recommendation_status(
                actor=request.user,
                recommendation=recommendation,
                status=d["status"],
                reason=d["reason"],
            ),
            _("Status changed."),
        ):
            return redirect("partners_recommendation", pk)
    if action == "implement":
        d = implement_form.cleaned_data if implement_form.is_valid() else {}
        if _handle(
            request,
            implement_form,
            lambda: services.recommendation_implement(
                actor=request.user,
                recommendation=recommendation,
                kind=d["kind"],
                summary=d["summary"],
                description=d["description"] or None,
                hours=d["hours"],
                amount=d["amount"],
            ),
            _("Change recorded; the recommendation is implemented."),
        ):
            return redirect("partners_recommendation", pk)
    return render(
        request,
        "partners/recommendation.html",
        {
            "r": recommendation,
            "change": getattr(recommendation, "change", None),
            "manager": manager,
            "status_form": status_form,
            "implement_form": implement_form,
        },
    )


@login_required
def directions(request: HttpRequest) -> HttpResponse:
    """Steering committees' directions about programs in their districts' schools."""
    _require(access.can_see_directions(request.user))
    rows = queries.directions_for(access.committees_visible_to(request.user)).order_by(
        "-meeting__starts_at", "pk"
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "partners/directions.html", {"page": page})


@login_required
def reviews(request: HttpRequest) -> HttpResponse:
    """Courses no committee reviewed in the last twelve months."""
    _require(access.can_manage_partners(request.user))
    today = timezone.localdate()
    rows = queries.courses_unreviewed(today)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    done, total = queries.implemented_within_year(
        queries.recommendations_of(Committee.objects.all())
    )
    return render(
        request,
        "partners/reviews.html",
        {"page": page, "cutoff": services.rules.review_cutoff(today), "done": done, "total": total},
    )


# --- partners ------------------------------------------------------------------------------------


@login_required
def partner_list(request: HttpRequest) -> HttpResponse:
    _require(access.can_manage_partners(request.user))
    partners = Partner.objects.select_related("organization").order_by("organization__name")
    page = Paginator(partners, PAGE_SIZE).get_page(request.GET.get("page"))
    form = forms.PartnerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            partner = services.partner_add(
                actor=request.user,
                kind=d["kind"],
                name=d["name"],
                organization=d["organization"],
                naics=d["naics"],
                size=d["size"],
                city=d["city"],
            )
        except ValidationError as error:
            _errors(form, error)
        else:
            return redirect("partners_partner", partner.pk)
    return render(request, "partners/partners.html", {"page": page, "form": form})


@login_required
def partner_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require(access.can_manage_partners(request.user))
    partner = get_object_or_404(Partner.objects.select_related("organization"), pk=pk)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    contact_form = forms.ContactForm(request.POST if action == "contact" else None)
    activity_form = forms.ActivityForm(request.POST if action == "activity" else None)
    if action == "contact":
        d = contact_form.cleaned_data if contact_form.is_valid() else {}
        if _handle(
            request,
            contact_form,
            lambda: services.contact_add(actor=request.user, partner=partner, **d),
            _("Contact added."),
        ):
            return redirect("partners_partner", pk)
    if action == "activity":
        d = activity_form.cleaned_data if activity_form.is_valid() else {}
        if _handle(
            request,
            activity_form,
            lambda: services.activity_record(actor=request.user, partner=partner, **d),
            _("Activity recorded."),
        ):
            return redirect("partners_partner", pk)
    organization = partner.organization
    return render(
        request,
        "partners/partner.html",
        {
            "partner": partner,
            "contacts": Contact.objects.filter(partner=partner).prefetch_related(
                "memberships__committee"
            ),
            "activities": partner.activities.select_related("course")[:50],
            "training_sites": organization.sites.all(),
            "employer_profile": getattr(organization, "employer_profile", None),
            "contact_form": contact_form,
            "activity_form": activity_form,
        },
    )


# --- labor-market data ---------------------------------------------------------------------------


@login_required
def labor_market(request: HttpRequest) -> HttpResponse:
    _require(access.can_manage_partners(request.user))
    action = request.POST.get("action", "") if request.method == "POST" else ""
    snapshot_form = forms.SnapshotForm(request.POST if action == "snapshot" else None)
    occupations_form = forms.CourseOccupationsForm(
        request.POST if action == "occupations" else None
    )
    if action == "occupations":
        d = occupations_form.cleaned_data if occupations_form.is_valid() else {}
        if _handle(
            request,
            occupations_form,
            lambda: services.course_occupations_set(
                actor=request.user, course=d["course"], soc_codes=occupations_form.codes()
            ),
            _("The course's occupations are saved; its page shows their outlook."),
        ):
            return redirect("partners_labor_market")
    if action == "snapshot" and snapshot_form.is_valid():
        d = snapshot_form.cleaned_data
        services.snapshot_take(
            actor=request.user,
            title=d["title"],
            soc_codes=snapshot_form.codes(),
            area=d["area"] or None,
        )
        messages.success(request, _("Snapshot taken."))
        return redirect("partners_labor_market")
    return render(
        request,
        "partners/labor_market.html",
        {
            "snapshot_form": snapshot_form,
            "occupations_form": occupations_form,
            "projection_count": Projection.objects.count(),
            "snapshots": LaborMarketSnapshot.objects.all()[:30],
        },
    )


@login_required
def projections_import(request: HttpRequest) -> HttpResponse:
    """Upload EDD projections; the worker checks every row and saves all or none (the job's
    page shows its progress and each problem's row and column)."""
    _require(access.can_manage_partners(request.user))
    return import_upload_page(
        request,
        form=forms.ImportForm(request.POST or None, request.FILES or None),
        start=projections_import_start,
        kind=PROJECTIONS_KIND,
        template="partners/projections_import.html",
    )


@login_required
def snapshot_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require(access.can_manage_partners(request.user))
    snapshot = get_object_or_404(LaborMarketSnapshot, pk=pk)
    return render(request, "partners/snapshot.html", {"snapshot": snapshot})


# --- needs assessment ----------------------------------------------------------------------------


@login_required
def assessments(request: HttpRequest) -> HttpResponse:
    _require(access.can_manage_partners(request.user))
    form = forms.AssessmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        assessment = services.assessment_start(actor=request.user, **form.cleaned_data)
        return redirect("partners_assessment", assessment.pk)
    return render(
        request,
        "partners/assessments.html",
        {"assessments": NeedsAssessment.objects.all()[:20], "form": form},
    )


@login_required
def assessment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require(access.can_manage_partners(request.user))
    assessment = get_object_or_404(NeedsAssessment, pk=pk)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    finding_form = forms.FindingForm(request.POST if action == "finding" else None)
    evidence_form = forms.EvidenceForm(request.POST if action == "evidence" else None)
    consultation_form = forms.ConsultationForm(request.POST if action == "consultation" else None)
    findings = assessment.findings.all()
    if action == "finding":
        d = finding_form.cleaned_data if finding_form.is_valid() else {}
        if _handle(
            request,
            finding_form,
            lambda: services.finding_update(
                actor=request.user,
                finding=findings.get(pk=d["finding"].pk),
                findings=d["findings"],
                status=d["status"],
            ),
            _("Saved."),
        ):
            return redirect("partners_assessment", pk)
    if action == "evidence":
        d = evidence_form.cleaned_data if evidence_form.is_valid() else {}
        if _handle(
            request,
            evidence_form,
            lambda: services.evidence_add(
                actor=request.user,
                finding=findings.get(element=d["element"]),
                kind=d["kind"],
                title=d["title"],
                summary=d["summary"],
                snapshot=d["snapshot"],
            ),
            _("Evidence linked."),
        ):
            return redirect("partners_assessment", pk)
    if action == "consultation":
        d = consultation_form.cleaned_data if consultation_form.is_valid() else {}
        if _handle(
            request,
            consultation_form,
            lambda: services.consultation_record(actor=request.user, assessment=assessment, **d),
            _("Consultation recorded."),
        ):
            return redirect("partners_assessment", pk)
    return render(
        request,
        "partners/assessment.html",
        {
            "assessment": assessment,
            "findings": findings.prefetch_related("evidence__snapshot"),
            "consultations": assessment.consultations.all(),
            "performance": queries.performance_evidence(assessment, request.user),
            "evidence_form": evidence_form,
            "consultation_form": consultation_form,
            "finding_form": finding_form,
        },
    )


@login_required
def assessment_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The packet as a PDF, built by the worker (a long packet takes a while): a POST asks for
    it and leads to the job's page, which offers the download when it is ready."""
    _require(access.can_manage_partners(request.user))
    assessment = get_object_or_404(NeedsAssessment, pk=pk)
    if request.method == "POST":
        job = report_job_start(
            kind=PACKET_KIND,
            actor=request.user,
            title=f"clna-{assessment.pk}.pdf",
            options={
                "assessment_id": assessment.pk,
                "language": translation.get_language() or "en",
                "back": reverse("partners_assessment", args=[assessment.pk]),
            },
            runner=PACKET_RUNNER,
        )
        return redirect("job_detail", pk=job.pk)
    builds = (
        access_jobs.import_jobs_visible_to(request.user)
        .filter(kind=PACKET_KIND, options__assessment_id=assessment.pk)
        .defer("content", "output")[:5]
    )
    return render(
        request, "partners/assessment_pdf_build.html", {"assessment": assessment, "builds": builds}
    )


# --- the agenda and minutes files -----------------------------------------------------------------


def meeting_file(request: HttpRequest, pk: int, kind: str) -> HttpResponseBase:
    """The agenda or minutes file, to whoever access.meeting_file_for lets see it."""
    from pathlib import PurePath

    from django.http import FileResponse

    meeting = access.meeting_file_for(request.user, pk, kind)
    field = getattr(meeting, f"{kind}_file")
    name = getattr(meeting, f"{kind}_file_name") or PurePath(field.name).name
    content_type = services.MEETING_FILE_TYPES.get(PurePath(field.name).suffix.lower())
    response = FileResponse(
        field.open("rb"), as_attachment=True, filename=name, content_type=content_type
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- committee members who sign in ----------------------------------------------------------------


@login_required
def member_home(request: HttpRequest) -> HttpResponse:
    """A member's committees and their meetings, newest first, and the packet of the one
    chosen (`?meeting=`): nothing else. A meeting not of their committees is missing."""
    committees = access.member_committees(request.user).order_by("name")
    meetings = (
        Meeting.objects.filter(committee__in=committees)
        .select_related("committee")
        .order_by("-starts_at")[:60]
    )
    context: dict[str, Any] = {"committees": committees, "meetings": meetings, "member": True}
    chosen = request.GET.get("meeting", "")
    if chosen:
        if not chosen.isdigit():
            raise Http404("No such meeting")
        context.update(queries.meeting_packet(access.get_member_meeting(request.user, int(chosen))))
    response = render(request, "partners/member_home.html", context)
    response["Cache-Control"] = "private, no-store"
    return response


def member_accept(request: HttpRequest, token: str) -> HttpResponse:
    """A committee member accepts the office's invitation: signed in as the invited address's
    owner, or with a new account. Any other signed-in account is refused (403)."""
    from django.contrib.auth import login

    from ropdesk.core.account_views import NewAccountForm, _add_errors

    invitation = services.member_invitation_for_token(token)
    if invitation is None:
        raise Http404("No such invitation")
    signed_in = request.user.is_authenticated
    context: dict[str, Any] = {"invitation": invitation, "signed_in": signed_in}
    if signed_in and not services.may_accept_member_invitation(request.user, invitation):
        return render(
            request, "partners/member_accept.html", {**context, "refused": True}, status=403
        )
    form = NewAccountForm(request.POST or None)
    if request.method == "POST" and (signed_in or form.is_valid()):
        data = {} if signed_in else form.cleaned_data
        try:
            user = services.member_accept(
                token=token,
                user=request.user if signed_in else None,
                username=data.get("username", ""),
                password=data.get("password", ""),
            )
        except ValidationError as error:
            if signed_in:
                messages.error(request, " ".join(error.messages))
            else:
                _add_errors(form, error)
        else:
            if not signed_in:
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Welcome. Your committees' packets are here."))
            return redirect("partners_member")
    status = 400 if request.method == "POST" else 200
    return render(request, "partners/member_accept.html", {**context, "form": form}, status=status)
