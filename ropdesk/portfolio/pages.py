"""The portfolio's rows of the page table (core/pages.py). A student's pages are decided by
ownership (Student.user): a former student keeps them whatever roles their account still has
(the ST column is who has them today); forbidden answers 404."""

from ropdesk.core.pages import CO, DC, ES, IN, PA, PUBLIC, ST, A, rule

OWN = "own portfolio (access.own_student / can_edit_portfolio); others 404"
READERS = {A, DC, CO, IN, ST, PA}
READ = "portfolios_visible_to (own, parent of a minor, staff who serve the student)"

PAGES = {
    "portfolio_home": rule({A, DC, CO, IN, ST, PA}, "own_student; a parent's child; staff's list"),
    "portfolio_students": rule({A, DC, CO, IN}, "portfolios_visible_to"),
    "portfolio_student": rule(READERS, READ),
    "portfolio_resume": rule(READERS, READ + "; can_edit_portfolio to save"),
    "portfolio_resume_pdf": rule(READERS, READ),
    "portfolio_resume_json": rule(READERS, READ),
    "portfolio_resume_new": rule({ST}, OWN),
    "portfolio_resume_import": rule({ST}, OWN),
    "portfolio_resume_delete": rule({ST}, OWN),
    "portfolio_entry_new": rule({ST}, OWN),
    "portfolio_entry_edit": rule({ST}, OWN + " (own entries only, never verified ones)"),
    "portfolio_entry_delete": rule({ST}, OWN + " (own entries only, never verified ones)"),
    "portfolio_entry_hide": rule({ST}, OWN),
    "portfolio_application_new": rule({ST}, OWN),
    "portfolio_application": rule({ST}, OWN),
    "portfolio_contact_new": rule({ST}, OWN),
    "portfolio_download": rule({ST, PA}, "own portfolio, or parent of a minor (is_guardian_of)"),
    "portfolio_credential_issue": rule({A, ST}, READ + "; owns or can_revoke_credentials"),
    "portfolio_credential_download": rule(READERS, READ),
    "portfolio_share_new": rule({ST, PA}, "can_share (the student; a minor's parent by policy)"),
    "portfolio_share_revoke": rule({ST, PA}, "can_share"),
    "portfolio_comment": rule({A, CO, IN}, "can_comment"),
    "portfolio_interview_new": rule({A, CO, IN}, "can_hold_interview"),
    "portfolio_credential_revoke": rule({A}, "can_revoke_credentials"),
    "portfolio_work_readiness": rule({ES}, "get_rated_trainee_for (supervisor of the site)"),
    "portfolio_job_finders": rule({A, IN}, "can_see_job_finders_progress; own section"),
    "portfolio_job_finders_figures": rule({A, DC, IN}, "can_see_job_finders_figures"),
    "portfolio_shared": rule(PUBLIC, "holder of the share link (live, unexpired)"),
    "portfolio_entry_check": rule(PUBLIC, "holder of the check link; no name if opted out"),
    "portfolio_credential_verify": rule(PUBLIC, "public; no name if opted out"),
    "portfolio_credential_check": rule(PUBLIC, "public; no name if opted out"),
    "portfolio_status_list": rule(PUBLIC, "public"),
    "portfolio_did": rule(PUBLIC, "public"),
}
