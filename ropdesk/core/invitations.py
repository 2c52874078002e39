"""Granting a role by invitation: the only way a coordinator gives someone a role.

An instructor-coordinator (or the office) invites a site supervisor by e-mail; the invited
person accepts through a single-use, expiring link, signed in as the invited address's owner
or by choosing a new password. Each step is audited, and the account and the program office
are told by e-mail. Any other role is given by the office in the Django admin, which records
the same audit event (core/admin.py). docs/access-policy.md, "Granting roles".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ropdesk.core import access
from ropdesk.core.mail import Compose, message_queue
from ropdesk.core.models import Invitation, Role, RoleAssignment, Site, User
from ropdesk.core.services import audit_record
from ropdesk.core.tokens import token_hash, token_new
from ropdesk.core.types import Actor, signed_in

INVITATION_DAYS = 7  # ropdesk practice: long enough to read the mail, short enough to expire


def mail_later(*, to: list[str], kind: str, compose: Compose) -> None:
    """Queue one e-mail per address on the program's mail path (core/mail.py): composed in
    each recipient's language, sent by the worker after the transaction commits."""
    message_queue(kind=kind, to=to, compose=compose)


def office_emails() -> list[str]:
    """The program office: active administrators with an e-mail address."""
    users = User.objects.filter(
        is_active=True, roles__role=Role.ADMINISTRATOR, email__gt=""
    ).distinct()
    return sorted(users.values_list("email", flat=True))


@dataclass(frozen=True)
class Sent:
    invitation: Invitation
    url: str


def supervisor_invite(
    *, actor: Actor, site: Site, email: str, first_name: str, last_name: str, base_url: str
) -> Sent:
    """Invite someone to supervise trainees at one training site."""
    if not access.can_invite_supervisor(actor, site):
        raise ValidationError(_("You cannot invite supervisors for this site."))
    if site.kind != Site.Kind.WORKSITE:
        raise ValidationError(_("Supervisors belong to a business or agency training site."))
    token = token_new()
    with transaction.atomic(durable=True):
        invitation = Invitation.objects.create(
            email=email.strip(),
            first_name=first_name.strip(),
            last_name=last_name.strip(),
            role=Role.EMPLOYER_SUPERVISOR,
            site=site,
            token_hash=token_hash(token),
            invited_by=signed_in(actor),
            expires_at=timezone.now() + timedelta(days=INVITATION_DAYS),
        )
        audit_record(
            actor=actor,
            action="invitation.create",
            obj=invitation,
            email=invitation.email,
            role=invitation.role,
            site=site.code,
        )
        url = base_url.rstrip("/") + reverse("invitation_accept", args=[token])
        _mail_invitation(invitation, url)
    return Sent(invitation=invitation, url=url)


def _mail_invitation(invitation: Invitation, url: str) -> None:
    names = {
        "name": f"{invitation.first_name} {invitation.last_name}",
        "inviter": str(invitation.invited_by),
        "site": str(invitation.site),
        "url": url,
        "days": INVITATION_DAYS,
        "program": settings.ROPDESK["PROGRAM_NAME"],
    }
    mail_later(
        to=[invitation.email],
        kind="invitation",
        compose=lambda: (
            _("Invitation: supervise trainees at %(site)s") % names,
            _(
                "Hello %(name)s,\n\n%(inviter)s of the %(program)s invites you to supervise "
                "trainees at %(site)s in ropdesk. Open this link within %(days)s days to accept; "
                "it works once:\n\n%(url)s\n\nIf you did not expect this message, ignore it and "
                "nothing happens.\n"
            )
            % names,
        ),
    )
    mail_later(
        to=office_emails(),
        kind="invitation.office",
        compose=lambda: (
            _("Supervisor invited for %(site)s") % names,
            _(
                "%(inviter)s invited %(name)s <%(email)s> to supervise trainees at %(site)s. "
                "No role is given until they accept.\n"
            )
            % {**names, "email": invitation.email},
        ),
    )


def invitation_for_token(token: str) -> Invitation | None:
    """The pending invitation a link points to: None if unknown, used, revoked or expired."""
    return (
        Invitation.objects.select_related("site", "invited_by")
        .filter(
            token_hash=token_hash(token),
            accepted_at__isnull=True,
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
        )
        .first()
    )


def invitation_accept(
    *,
    token: str,
    user: Actor | None = None,
    username: str = "",
    password: str = "",
) -> User:
    """Accept an invitation, as the signed-in `user` or as a new account (`username`,
    `password`) with the invited e-mail. Single use: the row is locked and marked accepted."""
    found = invitation_for_token(token)
    with transaction.atomic(durable=True):
        invitation = (
            Invitation.objects.select_for_update(of=("self",))
            .filter(pk__in=[found.pk] if found is not None else [])
            .select_related("site", "invited_by")
            .first()
        )
        if invitation is None or invitation.accepted_at is not None:
            raise ValidationError(_("This invitation is unknown, used or expired."))
        if user is None or not user.is_authenticated:
            user = _new_account(invitation, username=username, password=password)
        elif not access.may_accept_invitation(user, invitation):
            raise ValidationError(
                _(
                    "This invitation cannot be accepted with this account. Sign in as the "
                    "invited person, or ask the program office."
                )
            )
        assignment, _created = RoleAssignment.objects.get_or_create(
            user=user, role=invitation.role, site=invitation.site
        )
        invitation.accepted_at, invitation.accepted_by = timezone.now(), user
        invitation.save(update_fields=["accepted_at", "accepted_by"])
        audit_record(
            actor=user,
            action="role.grant",
            obj=assignment,
            user=user.username,
            role=invitation.role,
            site=invitation.site.code if invitation.site else None,
            invitation=invitation.pk,
            invited_by=getattr(invitation.invited_by, "username", None),
        )
        _mail_granted(invitation, user)
        return user


def _new_account(invitation: Invitation, *, username: str, password: str) -> User:
    username = username.strip()
    if not username:
        raise ValidationError({"username": _("Choose a username.")})
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("This username is taken; choose another.")})
    if User.objects.filter(email__iexact=invitation.email).exists():
        raise ValidationError(
            _("An account with this e-mail exists: sign in with it, then accept.")
        )
    candidate = User(
        username=username,
        email=invitation.email,
        first_name=invitation.first_name,
        last_name=invitation.last_name,
    )
    try:
        validate_password(password, candidate)
    except ValidationError as weak:
        raise ValidationError({"password": weak.messages}) from weak
    return User.objects.create_user(
        username=username,
        email=invitation.email,
        password=password,
        first_name=invitation.first_name,
        last_name=invitation.last_name,
    )


def _mail_granted(invitation: Invitation, user: User) -> None:
    names = {
        "name": str(user),
        "username": user.username,
        "site": str(invitation.site),
        "inviter": str(invitation.invited_by),
    }
    mail_later(
        to=[user.email],
        kind="invitation.accepted",
        compose=lambda: (
            _("You are a supervisor at %(site)s") % names,
            _(
                "Hello %(name)s,\n\nYour account %(username)s is now a supervisor of trainees at "
                "%(site)s. If you did not accept this, tell the program office at once.\n"
            )
            % names,
        ),
    )
    mail_later(
        to=office_emails(),
        kind="invitation.accepted.office",
        compose=lambda: (
            _("New supervisor at %(site)s") % names,
            _(
                "%(name)s (%(username)s) accepted the invitation of %(inviter)s and now "
                "supervises trainees at %(site)s.\n"
            )
            % names,
        ),
    )
