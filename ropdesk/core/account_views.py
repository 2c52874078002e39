"""Pages about a person's own account and record: accepting an invitation to a role, and the
record of who outside the program has seen their student record (34 CFR 99.32(c))."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from ropdesk.core import access, invitations
from ropdesk.core.disclosures import disclosures_of
from ropdesk.core.models import DisclosureLog, Student


class NewAccountForm(forms.Form):
    username = forms.CharField(label=_lazy("Choose a username"), max_length=150)
    password = forms.CharField(label=_lazy("Choose a password"), widget=forms.PasswordInput)
    password_again = forms.CharField(label=_lazy("The password again"), widget=forms.PasswordInput)

    def clean(self) -> dict[str, str]:
        data = super().clean() or {}
        if data.get("password") and data.get("password") != data.get("password_again"):
            self.add_error("password_again", _("The two passwords differ."))
        return data


def _add_errors(form: forms.Form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """Accept an invitation, signed in as the invited person or as a new account. Any other
    signed-in account (the inviter, a student, a staff member) is refused with 403."""
    invitation = invitations.invitation_for_token(token)
    if invitation is None:
        raise Http404("No such invitation")
    signed_in = request.user.is_authenticated
    context = {"invitation": invitation, "signed_in": signed_in}
    if signed_in and not access.may_accept_invitation(request.user, invitation):
        return render(
            request, "core/invitation_accept.html", {**context, "refused": True}, status=403
        )
    form = NewAccountForm(request.POST or None)
    if request.method == "POST" and (signed_in or form.is_valid()):
        data = {} if signed_in else form.cleaned_data
        try:
            user = invitations.invitation_accept(
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
            welcome = _("Welcome. You now supervise trainees at %(site)s.")
            messages.success(request, welcome % {"site": invitation.site})
            return redirect("dashboard")
    status = 400 if request.method == "POST" else 200
    return render(request, "core/invitation_accept.html", {**context, "form": form}, status=status)


@login_required
def my_disclosures(request: HttpRequest) -> HttpResponse:
    """Who outside the program has seen my record (or my minor child's): 34 CFR 99.32(c)."""
    students = list(access.disclosure_subjects_of(request.user))
    if not students:
        raise Http404("No such page")
    rows = disclosures_of(access.disclosure_subjects_of(request.user))
    by_student: dict[int, tuple[Student, list[DisclosureLog]]] = {s.pk: (s, []) for s in students}
    for row in rows:
        by_student[row.student_id][1].append(row)
    return render(request, "core/my_disclosures.html", {"records": list(by_student.values())})
