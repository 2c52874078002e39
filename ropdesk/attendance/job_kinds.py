"""The attendance app's kind of job (core/jobs.py): an attendance file's import."""

from django.utils.translation import gettext_lazy as _

from ropdesk.core.jobs import JobKind
from ropdesk.core.models import ImportJob

KINDS = (
    JobKind(
        value=ImportJob.Kind.ATTENDANCE.value,
        label=ImportJob.Kind.ATTENDANCE.label,
        again_url="attendance_import",
        again_label=_("Import another file"),
    ),
)
