"""A second factor for staff: a time-based one-time password (TOTP, RFC 6238) from an
authenticator app, with single-use recovery codes (django-otp's TOTP and static devices).

After the password, a staff member with a device types a code (or a recovery code); one
without a device enrols first: the page shows the otpauth address and its QR code, the first
code confirms the device, and the recovery codes are shown once. Until then
core.middleware.StaffSessionMiddleware lets them reach no other page.
"""

from __future__ import annotations

import io
import secrets
from base64 import b32encode
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_logged_in
from django.db import transaction
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from ropdesk.core import access
from ropdesk.core.models import Role
from ropdesk.core.redirects import safe_next
from ropdesk.core.services import audit_record
from ropdesk.core.types import Actor, StaffActor, signed_in

# The roles that see other people's records (issue 12): they sign in with a second factor.
STAFF_ROLES = frozenset(
    {
        Role.ADMINISTRATOR,
        Role.SUPPORT_SERVICES,
        Role.DISTRICT_COORDINATOR,
        Role.COUNSELOR,
        Role.INSTRUCTOR,
    }
)
THROTTLED = _("Too many wrong codes: wait a few seconds, then type the newest code.")
RECOVERY_CODE_COUNT = 10
DEVICE_NAME = "authenticator app"
RECOVERY_NAME = "recovery codes"


def needs_second_factor(user: Actor) -> bool:
    """Staff roles, and anyone who can open the Django admin, sign in with two factors."""
    if user.is_superuser or user.is_staff:
        return True
    return bool(access.scope_of(user).roles & STAFF_ROLES)


def _safe_next(request: HttpRequest, target: str) -> str:
    return safe_next(request, target, "dashboard")


def next_step_url(user: Actor, next_url: str) -> str:
    """Where a signed-in staff member without a second factor goes: verify or enrol."""
    name = "mfa_verify" if user_has_device(user) else "mfa_enroll"
    return f"{reverse(name)}?{urlencode({'next': next_url})}"


@receiver(user_logged_in)
def _start_the_session_clock(sender: Any, request: HttpRequest | None, **_: Any) -> None:
    """The idle and absolute limits (core.middleware.StaffSessionMiddleware) count from here."""
    if request is not None and hasattr(request, "session"):
        now = timezone.now().timestamp()
        request.session["ropdesk_signed_in_at"] = now
        request.session["ropdesk_last_seen_at"] = now


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=16,
        help_text=_("The 6-digit code your authenticator app shows, or one recovery code."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def clean_code(self) -> str:
        return "".join(self.cleaned_data["code"].split()).lower()


def qr_svg(text: str) -> SafeString:
    """The QR code of `text` as inline SVG (made here: no image leaves the server)."""
    import qrcode
    import qrcode.image.svg

    out = io.BytesIO()
    qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=8).save(out)
    svg = out.getvalue().decode()
    svg = svg[svg.index("<svg") :]  # drop the XML declaration: the SVG goes inside HTML
    return mark_safe(svg.replace("<svg", '<svg role="img" aria-hidden="true"', 1))  # noqa: S308 -- made here from our own text


def _pending_device(user: StaffActor) -> TOTPDevice:
    """The unconfirmed authenticator device being enrolled (a fresh secret per enrollment)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def mfa_device_confirm(*, user: StaffActor, device: TOTPDevice) -> list[str]:
    """Confirm the enrolled device and make new recovery codes; return the codes (shown
    once: only django-otp's token rows keep them)."""
    codes = [secrets.token_hex(5) for _ in range(RECOVERY_CODE_COUNT)]
    with transaction.atomic(durable=True):
        TOTPDevice.objects.filter(user=user, confirmed=True).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        StaticDevice.objects.filter(user=user).delete()
        recovery = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
        StaticToken.objects.bulk_create(StaticToken(device=recovery, token=c) for c in codes)
        audit_record(actor=user, action="account.mfa_enrol", obj=user)
    return codes


@never_cache
@login_required
def enroll(request: HttpRequest) -> HttpResponse:
    """Add an authenticator app: scan the QR code (or type the secret), then type a code."""
    user = signed_in(request.user)  # login_required
    if user_has_device(user) and not user.is_verified():
        return redirect(next_step_url(user, request.GET.get("next", "")))
    device = _pending_device(user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        allowed, _reason = device.verify_is_allowed()
        if device.verify_token(form.cleaned_data["code"]):
            codes = mfa_device_confirm(user=user, device=device)
            otp_login(request, device)
            next_url = _safe_next(request, request.POST.get("next", ""))
            return render(
                request,
                "registration/mfa_recovery_codes.html",
                {"codes": codes, "next": next_url},
            )
        form.add_error(
            "code",
            THROTTLED if not allowed else _("That code is not right. Check the phone's clock."),
        )
    uri = device.config_url
    return render(
        request,
        "registration/mfa_enroll.html",
        {
            "form": form,
            "otpauth_uri": uri,
            "secret": _grouped(b32encode(device.bin_key).decode()),
            "qr": qr_svg(uri),
            "next": request.GET.get("next", request.POST.get("next", "")),
        },
    )


def _grouped(secret: str) -> str:
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@never_cache
@login_required
def verify(request: HttpRequest) -> HttpResponse:
    """The second step of signing in: a code from the app, or a recovery code (used once)."""
    user = signed_in(request.user)  # login_required
    if not user_has_device(user):
        return redirect(next_step_url(user, request.GET.get("next", "")))
    form = CodeForm(request.POST or None)
    next_url = request.POST.get("next") or request.GET.get("next", "")
    if request.method == "POST" and form.is_valid():
        device, throttled = _matching_device(user, form.cleaned_data["code"])
        if device is not None:
            otp_login(request, device)
            if isinstance(device, StaticDevice):
                audit_record(actor=user, action="account.mfa_recovery_used", obj=user)
            return redirect(_safe_next(request, next_url))
        form.add_error(
            "code", THROTTLED if throttled else _("That code is not right, or it was already used.")
        )
    return render(request, "registration/mfa_verify.html", {"form": form, "next": next_url})


def _matching_device(user: StaffActor, code: str) -> tuple[Any, bool]:
    """The user's confirmed device that accepts the code, and whether the app's device refused
    to try because of recent failures (each wrong code makes the next wait longer:
    django-otp's throttling). Six digits are an app code; anything else a recovery code."""
    app_code = len(code) == 6 and code.isdigit()
    model = TOTPDevice if app_code else StaticDevice
    throttled = False
    with transaction.atomic():
        for device in model.objects.devices_for_user(user, confirmed=True).select_for_update():
            allowed, _reason = device.verify_is_allowed()
            throttled = throttled or not allowed
            if device.verify_token(code):
                return device, False
    return None, throttled
