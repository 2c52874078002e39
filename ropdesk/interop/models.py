"""Interoperability: the sourcedIds of imported records that have no natural key of their own,
OneRoster import jobs (for the progress page and the error list) and personal API tokens."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SourcedId(models.Model):
    """The OneRoster sourcedId a record was imported with, where ropdesk's own key differs.

    Organizations, courses, sections and students keep the sourcedId as their code
    (`code`, `local_id`); academic sessions and teachers are found through this table.
    """

    class Kind(models.TextChoices):
        SESSION = "session", _("Academic session")
        TEACHER = "teacher", _("Teacher")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    sourced_id = models.CharField(_("sourcedId"), max_length=255)
    # "year:<pk>" or "term:<pk>" for sessions, the user's pk for teachers.
    object_key = models.CharField(_("object"), max_length=40)

    class Meta:
        ordering = ["kind", "sourced_id"]
        verbose_name = _("sourcedId")
        verbose_name_plural = _("sourcedIds")
        constraints = [
            models.UniqueConstraint(fields=["kind", "sourced_id"], name="sourced_id_unique"),
            models.UniqueConstraint(
                fields=["kind", "object_key"], name="sourced_id_one_per_object"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.sourced_id} → {self.object_key}"


class ApiToken(models.Model):
    """A personal API token. Only the SHA-256 of the secret is kept; the token reaches exactly
    what its owner may see (core.access), no more."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=80)
    # The first characters of the token, shown in the list so its owner can tell them apart.
    prefix = models.CharField(_("prefix"), max_length=12)
    hashed_secret = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def active(self) -> bool:
        return self.revoked_at is None
