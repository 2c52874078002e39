"""The navigation a signed-in user sees, by role."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ropdesk.core import access, mail
from ropdesk.core.contributions import app_modules
from ropdesk.core.models import Role


def navigation(request: HttpRequest) -> dict[str, Any]:
    items = [(reverse("catalog"), _("Course catalog"))]
    user = request.user
    if not user.is_authenticated:
        items.append((reverse("apply"), _("Apply")))
    if user.is_authenticated:
        items.insert(0, (reverse("dashboard"), _("Dashboard")))
        scope = access.scope_of(user)
        if (
            scope.county_wide
            or scope.district_ids
            or scope.has(Role.COUNSELOR)
            or scope.has(Role.INSTRUCTOR)
        ):
            items.append((reverse("section_list"), _("Sections")))
        if scope.county_wide or scope.district_ids or scope.has(Role.COUNSELOR):
            items.append((reverse("student_list"), _("Students")))
        if access.can_handle_complaints(user):
            items.append((reverse("case_list"), _("Complaints")))
        elif access.can_edit_notices(user):
            items.append((reverse("notice_manage"), _("Notices")))
        if access.can_admit(user):
            items.append((reverse("admissions_queue"), _("Admissions")))
        if access.can_list_enrollments(user):
            items.append((reverse("enrollment_list"), _("Enrollments")))
        if scope.has(Role.INSTRUCTOR):
            items.append((reverse("completion_sections"), _("Completion")))
        if scope.has(Role.STUDENT):
            items.append((reverse("my_applications"), _("My applications")))
        if Role.STUDENT in scope.roles:
            items.append((reverse("careers_hub"), _("Careers")))
        elif Role.PARENT in scope.roles:
            items.append((reverse("careers_goals"), _("Career plans")))
        if Role.COUNSELOR in scope.roles:
            items.append((reverse("careers_caseload"), _("Caseload")))
        elif access.can_see_career_summary(user):
            items.append((reverse("careers_summary"), _("Career summary")))
        if scope.has(Role.INSTRUCTOR) and not scope.county_wide:
            items.append((reverse("attendance_home"), _("Attendance")))
        if access.can_manage_attendance(user):
            items.append((reverse("attendance_certify"), _("Certify attendance")))
            items.append((reverse("attendance_import"), _("Import attendance")))
        if access.can_see_ada_report(user):
            items.append((reverse("ada_report"), _("ADA report")))
        if access.can_coordinate_work_based_learning(user) or scope.site_ids:
            items.append((reverse("worksite_home"), _("Work-based learning")))
        elif (scope.has(Role.STUDENT) or scope.has(Role.PARENT)) and (
            access.trainees_visible_to(user).exists()
        ):
            items.append((reverse("worksite_home"), _("My training")))
        if access.can_export_roster(user):
            items.append((reverse("interop_exchange"), _("Data exchange")))
        if access.can_hold_api_token(user):
            items.append((reverse("interop_tokens"), _("API tokens")))
        if access.can_use_admin(user):
            items.append((reverse("admin:index"), _("Administration")))
        # Apps' own entries (ropdesk/<app>/navigation.py; core/contributions.py).
        for module in app_modules("navigation"):
            items.extend((link.url, link.label) for link in module.links(user))
        # Shown only while some e-mail could not be sent.
        if access.can_resend_mail(user) and mail.failed_messages().exists():
            items.append((reverse("mail_failed"), _("Failed e-mail")))
    return {
        "nav_items": items,
        "program_name": settings.ROPDESK["PROGRAM_NAME"],
        "current_role": access.primary_role(user) if user.is_authenticated else None,
    }
