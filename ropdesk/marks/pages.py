from ropdesk.core.pages import CO, DC, IN, PA, ST, A, rule

PAGES = {
    "marks_sections": rule({A, IN}, "mark_sections_of"),
    "marks_entry": rule({A, IN}, "get_mark_section_for (can_enter_marks)"),
    "marks_grading_periods": rule({A}, "can_manage_grading_periods"),
    "marks_period_lock": rule({A}, "can_manage_grading_periods; get_grading_period_for"),
    "marks_correct": rule({A, IN}, "get_correctable_mark_for (can_enter_marks)"),
    "marks_student": rule({A, DC, CO, IN, ST, PA}, "get_marks_student_for; marks_visible_to"),
    "marks_transcript": rule({A, DC, CO, IN, ST, PA}, "get_marks_student_for; marks_visible_to"),
}
