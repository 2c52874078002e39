from ropdesk.core.pages import DC, A, rule

PAGES = {
    "returns_home": rule({A, DC}, "return_districts_of"),
    "returns_log": rule({A, DC}, "hand_offs_visible_to"),
    "returns_district": rule({A, DC}, "get_return_district_for (a GET asks the worker)"),
    "returns_check_progress": rule({A, DC}, "get_return_district_for"),
    "returns_download": rule({A, DC}, "get_return_district_for"),
    "returns_bundle": rule({A, DC}, "get_return_district_for (a POST asks the worker)"),
    "returns_setup_seids": rule({A}, "can_set_up_returns"),
    "returns_setup_cds": rule({A}, "can_set_up_returns"),
    "returns_setup_courses": rule({A}, "can_set_up_returns"),
}
