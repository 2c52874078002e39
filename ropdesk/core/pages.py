"""Who may open each page: the access policy's page table, as data.

Each URL name of the URL map has one `PageRule`: which roles reach it and which access
function decides (the view calls that function; core/access.py). Lists and searches open to
everyone signed in hold only what the person's scope reaches. `ropdesk access-table` writes
the table of docs/access-policy.md from this module, and the authorization sweep
(core/tests/test_authorization_sweep.py) checks that every role left out of a rule is refused
by the real page (404, 403 or the sign-in page) and changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from ropdesk.core.models import Role

PUBLIC = "public"  # anyone, signed in or not
SIGNED_IN = "signed_in"  # anyone signed in, whatever their roles (or none)

A = Role.ADMINISTRATOR.value
SS = Role.SUPPORT_SERVICES.value
DC = Role.DISTRICT_COORDINATOR.value
CO = Role.COUNSELOR.value
IN = Role.INSTRUCTOR.value
ES = Role.EMPLOYER_SUPERVISOR.value
ST = Role.STUDENT.value
PA = Role.PARENT.value

# Everyone who may open one student's record (support services sees figures only).
RECORD_READERS = frozenset({A, DC, CO, IN, ES, ST, PA})
# Who reads records through the API: staff who may hold a token, less support services.
API_READERS = frozenset({A, DC, CO, IN})


@dataclass(frozen=True)
class PageRule:
    who: frozenset[str] | str  # roles, PUBLIC or SIGNED_IN
    decided_by: str  # the access function (or rule) the view applies

    def allows(self, roles: frozenset[str], *, signed_in: bool) -> bool:
        if self.who == PUBLIC:
            return True
        if not signed_in:
            return False
        return self.who == SIGNED_IN or bool(roles & frozenset(self.who))


def rule(who: frozenset[str] | set[str] | str, decided_by: str) -> PageRule:
    return PageRule(who if isinstance(who, str) else frozenset(who), decided_by)


PAGES: dict[str, PageRule] = {
    # Public pages
    "home": rule(PUBLIC, "public"),
    "credits": rule(PUBLIC, "public"),
    "catalog": rule(PUBLIC, "public"),
    "course_detail": rule(PUBLIC, "public (no student names)"),
    "apply": rule(PUBLIC, "public"),
    "application_received": rule(PUBLIC, "public"),
    "parent_consent": rule(PUBLIC, "holder of the consent link"),
    "certificate_verify": rule(PUBLIC, "public"),
    "certificate_detail": rule(PUBLIC, "holder of the certificate code"),
    "complaint_file": rule(PUBLIC, "public"),
    "complaint_receipt": rule(PUBLIC, "public"),
    "complaint_status": rule(PUBLIC, "holder of the status link"),
    "complaint_status_report": rule(PUBLIC, "holder of the status link"),
    "notice_nondiscrimination": rule(PUBLIC, "public"),
    "notice_complaint_procedures": rule(PUBLIC, "public"),
    "careers_occupations": rule(PUBLIC, "public"),
    "careers_occupation": rule(PUBLIC, "public"),
    "invitation_accept": rule(PUBLIC, "holder of the invitation link; may_accept_invitation"),
    "api_root": rule(PUBLIC, "public"),
    "api_openapi": rule(PUBLIC, "public"),
    "api_docs": rule(PUBLIC, "public"),
    "login": rule(PUBLIC, "public"),
    "logout": rule(PUBLIC, "public"),
    "password_reset": rule(PUBLIC, "public"),
    "password_reset_done": rule(PUBLIC, "public"),
    "password_reset_confirm": rule(PUBLIC, "holder of the reset link"),
    "password_reset_complete": rule(PUBLIC, "public"),
    "set_language": rule(PUBLIC, "public"),
    # Anyone signed in; lists hold only the person's scope
    "dashboard": rule(SIGNED_IN, "primary_role"),
    "password_change": rule(SIGNED_IN, "own account"),
    "password_change_done": rule(SIGNED_IN, "own account"),
    "mfa_verify": rule(SIGNED_IN, "own account (second factor; needs_second_factor)"),
    "mfa_enroll": rule(SIGNED_IN, "own account (second factor; needs_second_factor)"),
    "my_applications": rule(SIGNED_IN, "own applications"),
    "student_list": rule({A, DC, CO}, "can_list_students"),
    "section_list": rule({A, DC, CO, IN}, "can_list_sections"),
    "completion_sections": rule({IN}, "can_record_own_completions"),
    "careers_hub": rule(SIGNED_IN, "own career plan"),
    "worksite_home": rule(SIGNED_IN, "trainees_visible_to"),
    "interop_token_revoke": rule(SIGNED_IN, "own tokens only"),
    # The API answers staff who may hold a token and whose role sees a resource's fields
    # (interop.api: outside parties' sessions get 403; support services sees figures only).
    "api_students": rule(API_READERS, "can_hold_api_token; students_visible_to"),
    "api_sections": rule(API_READERS, "can_hold_api_token; sections_visible_to"),
    "api_enrollments": rule(API_READERS, "can_hold_api_token; enrollments_visible_to"),
    "api_attendance": rule(API_READERS, "can_hold_api_token; attendance_visible_to"),
    "api_job_site_hours": rule(API_READERS, "can_hold_api_token; job_site_hours_visible_to"),
    # One student's record
    "student_detail": rule(RECORD_READERS, "get_student_for"),
    "api_student_detail": rule(API_READERS, "can_hold_api_token; get_student_for"),
    "section_detail": rule(RECORD_READERS, "get_section_for"),
    "api_section_detail": rule(API_READERS, "can_hold_api_token; get_section_for"),
    "enrollment_detail": rule(RECORD_READERS, "get_enrollment_for"),
    "certificate_pdf": rule(RECORD_READERS, "get_enrollment_for"),
    "my_disclosures": rule({ST, PA}, "disclosure_subjects_of"),
    # Admissions and enrollments
    "admissions_queue": rule({A, CO}, "can_admit"),
    "admissions_bulk_admit": rule({A, CO}, "can_admit"),
    "application_new": rule({A, CO}, "can_admit"),
    "application_detail": rule({A, CO}, "can_admit; get_application_for"),
    "enrollment_list": rule({A, DC, CO}, "can_list_enrollments"),
    "completion_entry": rule({A, IN}, "can_record_completion"),
    # Attendance and funding
    "attendance_home": rule({A, IN}, "meetings_for_attendance"),
    "attendance_section": rule({A, IN}, "can_take_attendance"),
    "attendance_meeting": rule({A, IN}, "get_meeting_for"),
    "attendance_mark": rule({A, IN}, "get_meeting_for"),
    "attendance_rest_present": rule({A, IN}, "get_meeting_for"),
    "attendance_adjust": rule({A}, "can_manage_attendance"),
    "attendance_certify": rule({A}, "can_manage_attendance"),
    "attendance_import": rule({A}, "can_manage_attendance"),
    "ada_report": rule({A, DC}, "ada_report_districts"),
    # The job filling the page's cache: for whoever sees the report for exactly its districts
    # (the sweep's job is the county's; a coordinator follows their own district's).
    "ada_report_progress": rule({A}, "ada_report_districts equal to the job's districts"),
    "school_calendar": rule({A, DC}, "can_see_ada_report"),
    "office_courses": rule({A}, "can_manage_schedule"),
    "office_course_new": rule({A}, "can_manage_schedule"),
    "office_course_edit": rule({A}, "can_manage_schedule"),
    "office_course_competencies": rule({A}, "can_manage_schedule"),
    "office_spanish_names": rule({A}, "can_manage_schedule"),
    "office_section_new": rule({A}, "can_manage_schedule"),
    "office_section_edit": rule({A}, "can_manage_schedule"),
    "office_calendar_current": rule({A}, "can_manage_schedule"),
    "office_calendar": rule({A}, "can_manage_schedule"),
    "office_holiday_remove": rule({A}, "can_manage_schedule"),
    "section_roster_pdf": rule({A, DC, IN}, "get_section_for; can_print_roster"),
    "section_signin_pdf": rule({A, DC, IN}, "get_section_for; can_print_roster"),
    "api_ada_report": rule({A, DC}, "ada_report_districts"),
    "section_forecast": rule({A, DC, IN}, "can_see_section_funding"),
    # Work-based learning
    "worksite_compliance": rule({A, IN}, "can_coordinate_work_based_learning"),
    "worksite_sites": rule({A, IN}, "can_coordinate_work_based_learning"),
    "worksite_site": rule({A, IN}, "can_coordinate_work_based_learning; can_invite_supervisor"),
    "worksite_trainee": rule(RECORD_READERS, "get_trainee_for"),
    "worksite_plan": rule(RECORD_READERS, "get_trainee_for"),
    "worksite_plan_print": rule(RECORD_READERS, "get_trainee_for"),
    "worksite_hours_log": rule({ST}, "get_trainee_for, own record"),
    "worksite_visit_log": rule({A, IN}, "can_coordinate_work_based_learning"),
    "worksite_permit": rule({A, IN}, "can_coordinate_work_based_learning"),
    "worksite_agreement_new": rule({A, IN}, "can_coordinate_work_based_learning"),
    "worksite_evaluation": rule({ES}, "supervisor of the trainee's site"),
    "worksite_hours_import": rule({A}, "can_manage_attendance"),
    "worksite_hours_approve": rule({ES}, "supervisor of the trainee's site"),
    "worksite_hours_return": rule({ES}, "supervisor of the trainee's site"),
    "worksite_agreement": rule({A, IN, ES, ST, PA}, "get_agreement_for; agreement_parties_of"),
    "worksite_agreement_pdf": rule({A, IN, ES, ST, PA}, "get_agreement_for"),
    # Careers
    "careers_survey": rule({ST}, "own career plan"),
    "careers_results": rule({ST}, "own career plan"),
    "careers_matches": rule({ST}, "own career plan"),
    "careers_goals": rule({ST, PA}, "own or child's career plan"),
    "careers_result": rule({A, CO, ST, PA}, "career_plans_visible_to"),
    "careers_student": rule({A, CO, ST, PA}, "get_career_plan_for"),
    "careers_student_matches": rule({A, CO, ST, PA}, "get_career_plan_for"),
    "careers_goal_new": rule({CO, ST}, "can_set_career_goals"),
    "careers_step_add": rule({CO, ST}, "can_set_career_goals"),
    "careers_goal_status": rule({CO, ST}, "can_set_career_goals"),
    "careers_step_done": rule({CO, ST}, "can_set_career_goals"),
    "careers_meeting_new": rule({CO}, "can_keep_counseling_records"),
    "careers_notes": rule({CO}, "can_read_counseling_notes"),
    "careers_caseload": rule({A, CO}, "can_use_caseload"),
    "careers_summary": rule({A, SS, DC, CO}, "can_see_career_summary"),
    # Complaints (confidential: support services, and readers it grants)
    "case_list": rule({SS}, "complaints_visible_to (and access grants)"),
    "case_detail": rule({SS}, "get_complaint_for (and access grants)"),
    "case_file": rule({SS}, "get_complaint_for (and access grants)"),
    "case_report_pdf": rule({SS}, "get_complaint_for (and access grants)"),
    "case_action": rule({SS}, "can_handle_complaints"),
    "case_appeal_file": rule({SS}, "can_handle_complaints"),
    "complaint_grants": rule({SS}, "can_handle_complaints"),
    "complaint_grant_revoke": rule({SS}, "can_handle_complaints"),
    "complaint_statistics": rule({A, SS}, "can_see_complaint_figures"),
    "notice_manage": rule({A, SS}, "can_edit_notices"),
    "notice_edit": rule({A, SS}, "can_edit_notices"),
    "coordinator_edit": rule({A, SS}, "can_edit_notices"),
    "court_holidays": rule({SS}, "can_handle_complaints"),
    # Data exchange and the API
    "interop_exchange": rule({A, DC, CO}, "can_export_roster"),
    "interop_export": rule({A, DC, CO}, "can_export_roster"),
    "interop_import_skipped_csv": rule({A}, "can_exchange_data; import_jobs_visible_to"),
    "interop_needs_setup": rule({A}, "can_exchange_data"),
    "interop_course_setup": rule({A}, "can_exchange_data"),
    "interop_section_setup": rule({A}, "can_exchange_data"),
    "interop_student_setup": rule({A}, "can_exchange_data"),
    "interop_templates": rule({A}, "can_exchange_data"),
    "interop_template_csv": rule({A}, "can_exchange_data"),
    "interop_tokens": rule({A, SS, DC, CO, IN}, "can_hold_api_token"),
    # Background work: an import's page (imports are started by the office), failed mail
    "job_detail": rule({A}, "import_jobs_visible_to (whoever started it, and administrators)"),
    "job_progress": rule({A}, "import_jobs_visible_to (whoever started it, and administrators)"),
    # A report job is started by anyone who may see that report; its file is theirs.
    "job_download": rule(
        {A}, "import_jobs_visible_to; the report's own policy (its JobKind.may_download)"
    ),
    "mail_failed": rule({A}, "can_resend_mail"),
    "mail_resend": rule({A}, "can_resend_mail"),
    "sms_resend": rule({A}, "can_resend_mail"),
    # The Django admin, every page of it but its own sign-in and sign-out
    "admin:login": rule(PUBLIC, "public (AdministratorLoginForm admits administrators only)"),
    "admin:logout": rule(PUBLIC, "public"),
    "admin:*": rule({A}, "can_use_admin"),
}


@cache
def all_pages() -> dict[str, PageRule]:
    """Core's table plus each installed app's own (`PAGES` in `ropdesk/<app>/pages.py`,
    found by core/contributions.py); a URL name claimed twice is an error."""
    from ropdesk.core.contributions import app_modules

    table = dict(PAGES)
    for module in app_modules("pages"):
        if module.__name__ == __name__:
            continue
        for url_name, page in module.PAGES.items():
            if url_name in table:
                raise ValueError(f"{module.__name__}: the page {url_name!r} already has a rule")
            table[url_name] = page
    return table


def rule_for(url_name: str) -> PageRule | None:
    """The rule of a URL name; every page of the Django admin shares one."""
    table = all_pages()
    if url_name.startswith("admin:"):
        return table.get(url_name, table["admin:*"])
    return table.get(url_name)


ROLE_COLUMNS = [A, SS, DC, CO, IN, ES, ST, PA]
ROLE_HEADINGS = {
    A: "Admin",
    SS: "Support",
    DC: "District coord.",
    CO: "Counselor",
    IN: "Instructor",
    ES: "Supervisor",
    ST: "Student",
    PA: "Parent",
}


def markdown_table() -> str:
    """The role × page table of docs/access-policy.md."""
    head = ["Page (URL name)", "Address", "Visitor", *[ROLE_HEADINGS[r] for r in ROLE_COLUMNS]]
    lines = ["| " + " | ".join(head) + " | Decided by |", "|" + "---|" * (len(head) + 1)]
    for name, page in all_pages().items():
        address = "/admin/…" if name == "admin:*" else _address(name)
        cells = ["✓" if page.who == PUBLIC else ""]
        for role in ROLE_COLUMNS:
            cells.append("✓" if page.allows(frozenset({role}), signed_in=True) else "")
        lines.append(f"| `{name}` | `{address}` | " + " | ".join(cells) + f" | {page.decided_by} |")
    return "\n".join(lines) + "\n"


def _address(name: str) -> str:
    from django.urls import get_resolver

    for pattern in get_resolver().reverse_dict.getlist(name):
        for form, params in pattern[0]:
            return "/" + form % {p: f"<{p}>" for p in params}
    return ""
