"""The outcomes rows of the page table (core/pages.py)."""

from ropdesk.core.pages import DC, PUBLIC, SS, A, rule

FIGURES = {A, SS, DC}

PAGES = {
    "outcomes_home": rule(FIGURES, "outcome_students"),
    "outcomes_dashboard": rule(FIGURES, "outcome_students"),
    "outcomes_indicators": rule(FIGURES, "outcome_students"),
    "outcomes_headline": rule(FIGURES, "outcome_students"),
    "outcomes_equity": rule(FIGURES, "outcome_students"),
    "outcomes_wave_new": rule({A}, "can_run_followup"),
    "outcomes_wave_open": rule({A}, "can_run_followup"),
    "outcomes_phone_list": rule({A}, "can_run_followup"),
    "outcomes_phone_entry": rule({A}, "can_run_followup"),
    "outcomes_letters": rule({A}, "can_run_followup"),
    "outcomes_text_resend": rule({A}, "can_run_followup"),
    "outcomes_exits_import": rule({A}, "can_run_followup"),
    "outcomes_followup_import": rule({A}, "can_run_followup"),
    "outcomes_report_export": rule(FIGURES, "outcome_students (a POST asks the worker)"),
    "outcomes_exit_entry": rule({A}, "can_run_followup"),
    "outcomes_crosswalk": rule({A}, "can_run_followup"),
    "outcomes_designation_edit": rule({A}, "can_run_followup"),
    "outcomes_survey": rule(PUBLIC, "holder of the personal follow-up link"),
    "outcomes_sms_inbound": rule(PUBLIC, "Twilio, signed with the auth token when it is set"),
}
