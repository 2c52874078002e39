"""Every write made in the Django admin records the audit event a service would, with the old
and new value of each changed field (style.md rule 5: no write path without its record).

`AuditedAdmin` is the base of every ModelAdmin that writes (ropdesk's own subclass it; those
the libraries register, such as groups, lockouts, tasks and backup codes, are given it by
`audit_every_admin` once the admin has found them): it records
`<model>.create|change|delete` (source "admin") for the object and for each inline row; a role
assignment added or removed in the admin records `role.grant` / `role.revoke` and tells the
account and the program office by e-mail, as an accepted invitation does.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from django import forms
from django.contrib import admin
from django.db import models, transaction
from django.forms.models import model_to_dict
from django.http import HttpRequest
from django.utils.translation import gettext as _

from ropdesk.core.models import AuditEvent
from ropdesk.core.types import Actor, recorded

# Never copied into the trail: a password, an authenticator's key, a backup code.
HIDDEN = {"password", "key", "token"}


def _plain(value: Any) -> Any:
    """A JSON-safe picture of a form value: objects by pk, dates as ISO text."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, models.QuerySet | list | tuple | set):
        return sorted(_plain(v) for v in value)
    if isinstance(value, date | datetime | time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def form_changes(form: forms.ModelForm[Any]) -> dict[str, list[Any]]:
    """{field: [old, new]} for each field the form changed."""
    changes = {}
    for name in form.changed_data:
        if name in HIDDEN or name not in form.fields:
            continue
        old = form.initial.get(name, form.fields[name].initial)
        new = form.cleaned_data.get(name)
        if _plain(old) != _plain(new):  # a JSON or list field may re-post what it held
            changes[name] = [_plain(old), _plain(new)]
    return changes


def _snapshot(obj: models.Model) -> dict[str, Any]:
    return {k: _plain(v) for k, v in model_to_dict(obj).items() if k not in HIDDEN}


def _action(model: type[models.Model], verb: str) -> str:
    if model._meta.label_lower == "core.roleassignment":
        return {"create": "role.grant", "delete": "role.revoke"}.get(verb, "role.change")
    return f"{model._meta.model_name}.{verb}"


def admin_audit(
    *, actor: Actor | None, model: type[models.Model], pk: Any, verb: str, **details: Any
) -> AuditEvent:
    event = AuditEvent.objects.create(
        actor=recorded(actor),
        action=_action(model, verb),
        object_type=model._meta.label_lower,
        object_id=str(pk),
        details={"source": "admin", **details},
    )
    if model._meta.label_lower == "core.roleassignment" and verb in ("create", "delete"):
        _tell_about_role(verb, details)
    return event


def _tell_about_role(verb: str, details: dict[str, Any]) -> None:
    from ropdesk.core.invitations import mail_later, office_emails
    from ropdesk.core.models import User

    values = details.get("values", {})
    account = User.objects.filter(pk=values.get("user")).first()
    if account is None:
        return
    names = {"username": account.username, "role": values.get("role", "")}

    def compose() -> tuple[str, str]:
        if verb == "create":
            subject = _("Role given to %(username)s: %(role)s") % names
        else:
            subject = _("Role removed from %(username)s: %(role)s") % names
        body = _("Changed by the program office in the administration.")
        return subject, subject + "\n\n" + body + "\n"

    mail_later(to=[account.email, *office_emails()], kind=f"role.{verb}", compose=compose)


class AuditedAdmin(admin.ModelAdmin):
    """A ModelAdmin whose saves and deletes, its inlines' included, are audited."""

    def after_save(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> dict[str, Any]:
        """Side effects a service would have after the save; returns details to record."""
        return {}

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        changes = form_changes(form)
        super().save_model(request, obj, form, change)
        extra = self.after_save(request, obj, form, change)
        verb = "change" if change else "create"
        values = {} if change else _snapshot(obj)
        admin_audit(
            actor=request.user,
            model=type(obj),
            pk=obj.pk,
            verb=verb,
            changes=changes,
            **({"values": values} if values else {}),
            **extra,
        )

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        pk, values = obj.pk, _snapshot(obj)
        super().delete_model(request, obj)
        admin_audit(actor=request.user, model=type(obj), pk=pk, verb="delete", values=values)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        with transaction.atomic():
            gone = [(type(obj), obj.pk, _snapshot(obj)) for obj in queryset]
            super().delete_queryset(request, queryset)
            for model, pk, values in gone:
                admin_audit(actor=request.user, model=model, pk=pk, verb="delete", values=values)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        pending = list(_inline_writes(formset))
        super().save_formset(request, form, formset, change)
        for row, verb, details, pk in pending:
            if verb == "create":
                details = {"values": _snapshot(row.instance)}
            admin_audit(
                actor=request.user,
                model=type(row.instance),
                pk=pk or row.instance.pk,
                verb=verb,
                parent=f"{form.instance._meta.label_lower}#{form.instance.pk}",
                **details,
            )


def _inline_writes(formset: Any) -> Iterable[tuple[Any, str, dict[str, Any], Any]]:
    for row in formset.forms:
        if not hasattr(row, "cleaned_data") or not row.has_changed() and not row.instance.pk:
            continue
        if formset.can_delete and formset._should_delete_form(row):
            if row.instance.pk:
                yield row, "delete", {"values": _snapshot(row.instance)}, row.instance.pk
        elif row.instance.pk is None:
            yield row, "create", {"values": {}}, None
        elif row.has_changed():
            yield row, "change", {"changes": form_changes(row)}, row.instance.pk


def audit_every_admin(site: admin.AdminSite) -> None:
    """Give `AuditedAdmin` to every registered ModelAdmin that does not have it yet (the
    libraries' own), keeping everything else the library's admin does."""
    for model, model_admin in list(site._registry.items()):
        base = type(model_admin)
        if isinstance(model_admin, AuditedAdmin):
            continue
        audited = type(f"Audited{base.__name__}", (AuditedAdmin, base), {"__module__": __name__})
        site.unregister(model)
        site.register(model, audited)
