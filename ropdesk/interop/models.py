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


class Feed(models.Model):
    """A district's OneRoster feed. Every import names the feed it came from; a feed changes only
    the records it owns (FeedRecord), and matches people only by its own sourcedIds or a
    stable identifier (SSID), never by username. Its packages may be dropped in a folder that
    the scheduled pickup reads (interop.pickup)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    district = models.ForeignKey(
        "core.Organization",
        verbose_name=_("district"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The drop folder (e.g. the SFTP user's upload folder). Packages are moved from it to its
    # done/ or failed/ sub-folder once read.
    folder = models.CharField(_("pickup folder"), max_length=500, blank=True)
    import_valid_rows = models.BooleanField(_("import what is valid on pickup"), default=False)
    active = models.BooleanField(_("active"), default=True)
    last_run_at = models.DateTimeField(_("last pickup"), null=True, blank=True)
    last_status = models.CharField(_("last result"), max_length=12, blank=True)
    last_message = models.CharField(_("last message"), max_length=500, blank=True)
    last_import = models.ForeignKey(
        "core.ImportJob",
        verbose_name=_("last import"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("district feed")
        verbose_name_plural = _("district feeds")

    def __str__(self) -> str:
        return self.name


class FeedRecord(models.Model):
    """A record of a district feed: the feed's sourcedId for one ropdesk object. The first feed
    to create or claim an object owns it; other feeds may refer to shared organizations and
    sessions but never change them, and may not touch another feed's people or classes."""

    class Kind(models.TextChoices):
        ORG = "org", _("Organization")
        YEAR = "year", _("School year")
        TERM = "term", _("Term")
        COURSE = "course", _("Course")
        CLASS = "class", _("Section")
        STUDENT = "student", _("Student")
        TEACHER = "teacher", _("Teacher")

    feed = models.ForeignKey(Feed, on_delete=models.CASCADE, related_name="records")
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    sourced_id = models.CharField(_("sourcedId"), max_length=255)
    object_id = models.PositiveBigIntegerField(_("object"))
    owner = models.BooleanField(_("owner"), default=True)

    class Meta:
        ordering = ["feed", "kind", "sourced_id"]
        verbose_name = _("feed record")
        verbose_name_plural = _("feed records")
        constraints = [
            models.UniqueConstraint(
                fields=["feed", "kind", "sourced_id"], name="feed_record_sourced_id_unique"
            ),
            models.UniqueConstraint(
                fields=["feed", "kind", "object_id"], name="feed_record_one_id_per_object"
            ),
            models.UniqueConstraint(
                fields=["kind", "object_id"],
                condition=models.Q(owner=True),
                name="feed_record_one_owner",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.feed.code} {self.kind} {self.sourced_id} → {self.object_id}"
