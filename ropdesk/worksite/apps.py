from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorksiteConfig(AppConfig):
    name = "ropdesk.worksite"
    label = "worksite"
    verbose_name = _("Work-based learning")

    def ready(self) -> None:
        # The start pages' compliance summary is cached (worksite.queries.compliance_summary)
        # at the version of what it reads: every save or delete of those records moves it.
        from django.db.models.signals import post_delete, post_save

        from ropdesk.worksite.queries import SUMMARY_READS

        for model in SUMMARY_READS():
            for signal in (post_save, post_delete):
                signal.connect(_changed, sender=model, dispatch_uid=f"wbl-{model._meta.label}")


QUIET_FIELDS = {"last_login"}


def _changed(update_fields: Any = None, **_kwargs: Any) -> None:
    if update_fields is not None and set(update_fields) <= QUIET_FIELDS:
        return  # a sign-in stamps last_login: nothing the summary reads
    from ropdesk.core import versions
    from ropdesk.worksite.queries import TOPIC

    versions.changed(TOPIC)
