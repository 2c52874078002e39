"""Outcomes pages: the office's follow-up work and figures, and the former student's survey
from a personal link (public, no account: the link is the key)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from ropdesk.core import charts, sms
from ropdesk.core.jobs import report_job_start
from ropdesk.core.sms import twilio_signed
from ropdesk.core.views_background import import_upload_page
from ropdesk.documents import pdf_response, render_pdf
from ropdesk.outcomes import (
    hires,
    import_jobs,
    queries,
    reference,
    report_export,
    rules,
    services,
)
from ropdesk.outcomes.access import can_run_followup, outcome_students, require
from ropdesk.outcomes.forms import (
    CallNoteForm,
    DesignationForm,
    ExitForm,
    PhoneAnswerForm,
    SurveyForm,
    UploadForm,
    WaveForm,
)
from ropdesk.outcomes.models import FollowUpInvitation, FollowUpWave, NontraditionalDesignation


def _year(request: HttpRequest) -> str | None:
    years = queries.exit_years()
    chosen = request.GET.get("year") or (years[0] if years else None)
    if chosen and chosen not in years:
        raise Http404("No such year")
    return chosen


@login_required
def home(request: HttpRequest) -> HttpResponse:
    outcome_students(request.user)
    return render(
        request,
        "outcomes/home.html",
        {
            "waves": FollowUpWave.objects.all(),
            "years": queries.exit_years(),
            "can_run": can_run_followup(request.user),
        },
    )


@login_required
def dashboard(request: HttpRequest, pk: int) -> HttpResponse:
    students = outcome_students(request.user)
    wave = get_object_or_404(FollowUpWave, pk=pk)
    figures = queries.wave_figures(wave, students)
    channel_chart = charts.bar_chart(
        title=_("Response rate by channel"),
        description=_("Share of everyone surveyed who answered, by channel, against the target."),
        bars=[
            charts.Bar(row.label, row.rate, f"{row.rate or 0:g} % ({row.responses})")
            for row in figures.by_channel
        ],
        maximum=100,
        target=float(wave.target_response_rate),
        target_text=f"▲ {wave.target_response_rate:g} %",
    )
    week_chart = charts.bar_chart(
        title=_("Response rate over time"),
        description=_("Share answered by the end of each week since the wave opened."),
        bars=[
            charts.Bar(start.isoformat(), r, f"{r or 0:g} %") for start, _n, r in figures.by_week
        ],
        maximum=100,
        target=float(wave.target_response_rate),
        target_text=f"▲ {wave.target_response_rate:g} %",
    )
    return render(
        request,
        "outcomes/dashboard.html",
        {
            "wave": wave,
            "f": figures,
            "channel_chart": channel_chart,
            "week_chart": week_chart,
            "headline": queries.headline(wave.exit_year, students),
            "can_run": can_run_followup(request.user),
            # The delivery of the wave's texts, with numbers: for who runs the follow-up.
            "texts": queries.wave_texts(wave) if can_run_followup(request.user) else None,
        },
    )


@login_required
@require_POST
def text_resend(request: HttpRequest, pk: int, text_pk: int) -> HttpResponse:
    """Send one of the wave's failed texts again (core/sms.py: a fresh set of tries)."""
    require(can_run_followup(request.user))
    wave = get_object_or_404(FollowUpWave, pk=pk)
    text = queries.wave_text(wave, text_pk)
    if text is None:
        raise Http404("No such text")
    sms.text_resend(message=text, actor=request.user)
    messages.success(request, _("The text to %(to)s is queued again.") % {"to": text.to})
    return redirect(reverse("outcomes_dashboard", args=[wave.pk]) + "#texts")


@login_required
def indicators(request: HttpRequest) -> HttpResponse:
    students = outcome_students(request.user)
    year = _year(request)
    found = queries.indicators(year, students) if year else []
    chart = charts.bar_chart(
        title=_("Perkins V indicators"),
        description=_("Each indicator's rate; suppressed cells are not drawn."),
        bars=[
            charts.Bar(
                i.code,
                None if i.total["suppressed"] else i.total["rate"],
                "*" if i.total["suppressed"] else f"{i.total['rate'] or 0:g} %",
            )
            for i in found
        ],
        maximum=100,
    )
    return render(
        request,
        "outcomes/indicators.html",
        {
            "year": year,
            "years": queries.exit_years(),
            "indicators": found,
            "chart": chart,
            "minimum": rules.setting("MINIMUM_CELL"),
        },
    )


@login_required
def headline(request: HttpRequest) -> HttpResponse:
    students = outcome_students(request.user)
    year = _year(request)
    return render(
        request,
        "outcomes/headline.html",
        {
            "year": year,
            "years": queries.exit_years(),
            "h": queries.headline(year, students) if year else None,
        },
    )


@login_required
def equity(request: HttpRequest) -> HttpResponse:
    students = outcome_students(request.user)
    rows = queries.equity_rows(students)
    below = [r for r in rows if r.below_target]
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "outcomes/equity.html",
        {"page": page, "below": below, "credit": reference.BLS_CREDIT},
    )


# --- the office's follow-up work --------------------------------------------------------------


@login_required
def wave_new(request: HttpRequest) -> HttpResponse:
    require(can_run_followup(request.user))
    form = WaveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            wave = services.wave_create(actor=request.user, **form.cleaned_data)
        except (ValidationError, ValueError) as error:
            form.add_error(None, " ".join(getattr(error, "messages", [str(error)])))
        else:
            return redirect("outcomes_dashboard", wave.pk)
    return render(request, "outcomes/wave_new.html", {"form": form})


@login_required
@require_POST
def wave_open(request: HttpRequest, pk: int) -> HttpResponse:
    require(can_run_followup(request.user))
    wave = get_object_or_404(FollowUpWave, pk=pk)
    try:
        services.wave_send_start(
            actor=request.user, wave=wave, base_url=request.build_absolute_uri("/")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("The invitations are being sent. The figures below fill in as the worker goes."),
        )
    return redirect("outcomes_dashboard", wave.pk)


@login_required
def phone_list(request: HttpRequest, pk: int) -> HttpResponse:
    require(can_run_followup(request.user))
    wave = get_object_or_404(FollowUpWave, pk=pk)
    page = Paginator(queries.phone_list(wave), 50).get_page(request.GET.get("page"))
    return render(request, "outcomes/phone_list.html", {"wave": wave, "page": page})


@login_required
def phone_entry(request: HttpRequest, pk: int) -> HttpResponse:
    require(can_run_followup(request.user))
    invitation = get_object_or_404(
        FollowUpInvitation.objects.select_related("student", "wave"), pk=pk
    )
    form = PhoneAnswerForm(request.POST or None, prefix="a")
    note = CallNoteForm(request.POST or None, prefix="n")
    if request.method == "POST" and "no_answer" in request.POST and note.is_valid():
        services.call_record(
            actor=request.user, invitation=invitation, note=note.cleaned_data["note"]
        )
        messages.success(request, _("Call noted."))
        return redirect("outcomes_phone_list", invitation.wave_id)
    if request.method == "POST" and "no_answer" not in request.POST and form.is_valid():
        try:
            services.response_enter(
                actor=request.user,
                invitation=invitation,
                answers=form.answers(),
                respondent=form.cleaned_data["respondent"],
                proxy_name=form.cleaned_data["proxy_name"],
                proxy_relationship=form.cleaned_data["proxy_relationship"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Answers saved."))
            return redirect("outcomes_phone_list", invitation.wave_id)
    return render(
        request,
        "outcomes/phone_entry.html",
        {"invitation": invitation, "form": form, "note": note, "student": invitation.student},
    )


def _add_errors(form: Any, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, problems in error.message_dict.items():
            form.add_error(name if name in form.fields else None, problems)
    else:
        form.add_error(None, error.messages)


@login_required
def letters(request: HttpRequest, pk: int) -> HttpResponse:
    """Printable letters (PDF) with a personal link for everyone not yet answered."""
    require(can_run_followup(request.user))
    wave = get_object_or_404(FollowUpWave, pk=pk)
    if request.method != "POST":
        return render(request, "outcomes/letters.html", {"wave": wave})
    if not wave.base_url:
        wave.base_url = request.build_absolute_uri("/")
    found = services.letter_links(actor=request.user, wave=wave)
    content = render_pdf(
        "outcomes/letters_pdf.html",
        {"title": _("Follow-up letters"), "wave": wave, "letters": found},
        language=translation.get_language() or "en",
    )
    return pdf_response(content, filename=f"followup-letters-{wave.exit_year}.pdf")


@login_required
def exits_import(request: HttpRequest) -> HttpResponse:
    """Upload a district exit file; the worker checks every row and saves all or none."""
    require(can_run_followup(request.user))
    return import_upload_page(
        request,
        form=UploadForm(request.POST or None, request.FILES or None),
        start=import_jobs.exits_import_start,
        kind=import_jobs.EXITS,
        template="outcomes/exits_import.html",
    )


@login_required
def followup_import(request: HttpRequest) -> HttpResponse:
    """Upload follow-up answers gathered elsewhere (the rows `ropdesk import-followup` reads);
    the worker checks every row and saves all or none."""
    require(can_run_followup(request.user))
    return import_upload_page(
        request,
        form=UploadForm(request.POST or None, request.FILES or None),
        start=import_jobs.followup_import_start,
        kind=import_jobs.FOLLOWUP,
        template="outcomes/followup_import.html",
    )


@login_required
@require_POST
def report_csv(request: HttpRequest) -> HttpResponse:
    """Ask the worker for an exit year's figures as a CSV (the headline and the indicators,
    of the students the person counts); the job's page offers the file when it is ready."""
    outcome_students(request.user)
    year = request.POST.get("year", "")
    if year not in queries.exit_years():
        raise Http404("No such year")
    job = report_job_start(
        kind=report_export.KIND,
        actor=request.user,
        title=f"outcomes-{year}.csv",
        options={
            "exit_year": year,
            "scope": report_export.scope_key(request.user),
            "language": translation.get_language() or "en",
            "back": reverse("outcomes_indicators") + "?" + urlencode({"year": year}),
        },
        runner=report_export.RUNNER,
    )
    return redirect("job_detail", pk=job.pk)


@login_required
def exit_entry(request: HttpRequest) -> HttpResponse:
    require(can_run_followup(request.user))
    form = ExitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            found = services.exit_record(actor=request.user, student=data.pop("student_id"), **data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request,
                _("Exit recorded: %(student)s, %(year)s.")
                % {"student": found.student, "year": found.exit_year},
            )
            return redirect("outcomes_exit_entry")
    return render(request, "outcomes/exit_entry.html", {"form": form})


@login_required
def crosswalk(request: HttpRequest) -> HttpResponse:
    require(can_run_followup(request.user))
    if request.method == "POST":
        count = reference.designations_load()
        messages.success(
            request, _("%(count)s rows loaded from the shipped data.") % {"count": count}
        )
        return redirect("outcomes_crosswalk")
    rows = NontraditionalDesignation.objects.select_related("pathway", "course")
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(
        request, "outcomes/crosswalk.html", {"page": page, "credit": reference.BLS_CREDIT}
    )


@login_required
def designation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    require(can_run_followup(request.user))
    row = get_object_or_404(NontraditionalDesignation, pk=pk)
    form = DesignationForm(request.POST or None, instance=row)
    if request.method == "POST" and form.is_valid():
        try:
            services.designation_save(
                actor=request.user,
                pathway=row.pathway,
                course=row.course,
                soc_codes=row.soc_codes,
                **form.cleaned_data,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Designation saved."))
            return redirect("outcomes_crosswalk")
    return render(request, "outcomes/designation_edit.html", {"form": form, "row": row})


# --- the former student's survey (public: the personal link is the key) -----------------------

REFUSALS = {
    "unknown": gettext_lazy("This link is not valid. Check that you copied the whole address."),
    "expired": gettext_lazy("This link has expired. Call the ROP office to answer by phone."),
    "used": gettext_lazy("This link has already been used. Thank you: your answers were received."),
    "opted_out": gettext_lazy(
        "You asked not to be contacted about this survey. We will not write again."
    ),
}


def _speak(request: HttpRequest, language: str) -> None:
    """Nobody chose a language on this device: speak the one the invitation was sent in."""
    if language and settings.LANGUAGE_COOKIE_NAME not in request.COOKIES:
        translation.activate(language)
        request.LANGUAGE_CODE = language


def survey(request: HttpRequest, token: str) -> HttpResponse:
    today = timezone.localdate()
    try:
        link = services.link_resolve(token, today=today)
    except services.LinkRefused as refused:
        _speak(request, refused.language)
        return render(
            request,
            "outcomes/survey_refused.html",
            {"message": REFUSALS[refused.reason]},
            status=404 if refused.reason == "unknown" else 410,
        )
    invitation = link.invitation
    _speak(request, invitation.language)
    if request.method == "POST" and "opt_out" in request.POST:
        services.invitation_opt_out(invitation=invitation)
        return render(request, "outcomes/survey_refused.html", {"message": REFUSALS["opted_out"]})
    hire = hires.hire_for(invitation, today)
    form = SurveyForm(request.POST or None, initial=hires.prefill(hire))
    if request.method == "POST" and form.is_valid():
        try:
            services.response_submit(
                token=token,
                answers=form.answers(),
                today=today,
                started_on=form.cleaned_data.get("employment_started_on"),
            )
        except services.LinkRefused as refused:
            return render(
                request,
                "outcomes/survey_refused.html",
                {"message": REFUSALS[refused.reason]},
                status=410,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            return render(request, "outcomes/survey_thanks.html", {})
    elif request.method == "GET":
        services.link_opened(link=link)
    name = invitation.student.preferred_name or invitation.student.legal_first_name
    response = render(
        request,
        "outcomes/survey.html",
        {"form": form, "name": name, "wave": invitation.wave, "hire": hire},
    )
    # The link is the key: never pass it to another site (no-referrer would make the browser
    # send "Origin: null" with the form, which CSRF protection refuses).
    response["Referrer-Policy"] = "same-origin"
    response["Cache-Control"] = "private, no-store"
    return response


@csrf_exempt
@require_POST
def sms_inbound(request: HttpRequest) -> HttpResponse:
    """Twilio's webhook for texts to the program's number (From, Body). With an auth token
    configured, the post must carry its X-Twilio-Signature; a stop word opts the sender out
    (services.sms_inbound). Twilio takes an empty TwiML answer as "nothing to reply"."""
    params = dict(request.POST.lists())
    signature = request.headers.get("X-Twilio-Signature", "")
    if not twilio_signed(request.build_absolute_uri(), params, signature):
        return HttpResponse("Signature refused", status=403, content_type="text/plain")
    services.sms_inbound(
        from_number=request.POST.get("From", ""), body=request.POST.get("Body", "")
    )
    return HttpResponse(
        '<?xml version="1.0" encoding="UTF-8"?><Response></Response>', content_type="text/xml"
    )
