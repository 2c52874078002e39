from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "ropdesk.catalog"
    label = "catalog"
    verbose_name = _("Catalog")

    def ready(self) -> None:
        # The public catalog's results are cached (portal/catalog_views.py) at the version of
        # what they show: every save or delete of those records moves it; the search index,
        # written in bulk, moves it itself (catalog/search.py).
        from django.db.models.signals import post_delete, post_save

        from ropdesk.catalog.queries import CATALOG_READS, TOPIC

        def changed(**_kwargs: Any) -> None:
            from ropdesk.core import versions

            versions.changed(TOPIC)

        for model in CATALOG_READS():
            for signal in (post_save, post_delete):
                signal.connect(
                    changed, sender=model, weak=False, dispatch_uid=f"catalog-{model._meta.label}"
                )
