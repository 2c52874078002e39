"""The partners app's rows of the page table (core/pages.py)."""

from ropdesk.core.pages import DC, IN, PUBLIC, SIGNED_IN, A, rule

PAGES = {
    "partners_committees": rule({A, DC, IN}, "committees_visible_to"),
    "partners_committee_new": rule({A}, "can_manage_partners"),
    "partners_committee": rule({A, DC, IN}, "get_committee_for; writes: can_manage_partners"),
    "partners_meeting": rule({A, DC, IN}, "get_meeting_for; writes: can_manage_partners"),
    "partners_recommendation": rule(
        {A, DC, IN}, "get_recommendation_for; writes: can_manage_partners"
    ),
    "partners_directions": rule({A, DC}, "can_see_directions; committees_visible_to"),
    "partners_reviews": rule({A}, "can_manage_partners"),
    "partners_list": rule({A}, "can_manage_partners"),
    "partners_partner": rule({A}, "can_manage_partners"),
    "partners_labor_market": rule({A}, "can_manage_partners"),
    "partners_projections_import": rule({A}, "can_manage_partners"),
    "partners_snapshot": rule({A}, "can_manage_partners"),
    "partners_assessments": rule({A}, "can_manage_partners"),
    "partners_assessment": rule({A}, "can_manage_partners"),
    "partners_assessment_pdf": rule({A}, "can_manage_partners (a POST asks the worker)"),
    "partners_public_meetings": rule(PUBLIC, "published_meetings (posted agendas only)"),
    "partners_public_meeting": rule(PUBLIC, "get_published_meeting (approved minutes only)"),
    "partners_packet": rule(PUBLIC, "holder of the meeting's packet link; meeting_for_packet"),
    "partners_meeting_file": rule(
        PUBLIC,
        "meeting_file_for (staff who see the meeting, its members; the public once posted"
        " or approved)",
    ),
    "partners_member": rule(
        SIGNED_IN, "member_committees (the account's partner contact); get_member_meeting"
    ),
    "partners_member_accept": rule(
        PUBLIC, "holder of the invitation link; may_accept_member_invitation"
    ),
}
