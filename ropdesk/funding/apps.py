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
            post_save.connect(_saved, sender=model, dispatch_uid=f"ada-{model._meta.label}")
            post_delete.connect(
                _deleted, sender=model, dispatch_uid=f"ada-deleted-{model._meta.label}"
            )


def _saved(*, sender: Any, instance: Any, **_kwargs: Any) -> None:
    from ropdesk.attendance import topics

    # One record of one instructor's section moves their month charts, not everyone's
    # (attendance/topics.py); the ADA report moves with every write.
    topics.records_changed(topics.instructor_of(sender, instance))


def _deleted(**_kwargs: Any) -> None:
    from ropdesk.core import versions

    # Every part: a delete cascades from a meeting, section or enrollment over many records,
    # and telling the instructor of each would cost a query per record.
    versions.changed("attendance")
