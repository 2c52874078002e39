from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutcomesConfig(AppConfig):
    name = "ropdesk.outcomes"
    label = "outcomes"
    verbose_name = _("Outcomes and follow-up")

    def ready(self) -> None:
        from ropdesk.core.nontraditional import register_nontraditional
        from ropdesk.outcomes.queries import nontraditional_flags

        register_nontraditional(nontraditional_flags)

        from ropdesk.core.signals import job_hired
        from ropdesk.outcomes.hires import hire_record

        job_hired.connect(hire_record, dispatch_uid="outcomes.hire_record")
