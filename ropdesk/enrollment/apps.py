from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnrollmentConfig(AppConfig):
    name = "ropdesk.enrollment"
    label = "enrollment"
    verbose_name = _("Enrollment")

    def ready(self) -> None:
        # The instructor's and the supervisor's reach to students (enrollment/access.py).
        from ropdesk.core.access import register_reach
        from ropdesk.enrollment.access import student_reach

        register_reach(student_reach)
