from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FundingConfig(AppConfig):
    name = "ropdesk.funding"
    label = "funding"
    verbose_name = _("Funding")

    def ready(self) -> None:
        # The ADA report is cached (funding.queries.ada_report_cached) at the version of what
        # it reads: every save or delete of those records moves the version.
        from django.db.models.signals import post_delete, post_save

        from ropdesk.funding.queries import REPORT_READS

        for model in REPORT_READS():
            for signal in (post_save, post_delete):
                signal.connect(_changed, sender=model, dispatch_uid=f"ada-{model._meta.label}")


def _changed(*, sender: Any, instance: Any, **_kwargs: Any) -> None:
    from ropdesk.attendance import topics

    # One record of one instructor's section moves their month charts, not everyone's
    # (attendance/topics.py); the ADA report moves with every write.
    topics.records_changed(topics.instructor_of(sender, instance))
