from django.urls import path

from ropdesk.careers.views import counselor, plans, research, student

urlpatterns = [
    # The student
    path("", student.hub, name="careers_hub"),
    path("survey/", student.survey, name="careers_survey"),
    path("results/", student.results, name="careers_results"),
    path("results/<int:pk>/", student.results, name="careers_result"),
    path("matches/", student.matches, name="careers_matches"),
    path("goals/", student.goals, name="careers_goals"),
    # Career research (public)
    path("occupations/", research.occupation_list, name="careers_occupations"),
    path("occupations/<str:code>/", research.occupation_detail, name="careers_occupation"),
    # A student's plan: counselors, and the student for their goals
    path("students/<int:pk>/", plans.student_plan, name="careers_student"),
    path("students/<int:pk>/matches/", student.matches, name="careers_student_matches"),
    path("students/<int:pk>/goals/new/", plans.goal_new, name="careers_goal_new"),
    path("students/<int:pk>/meetings/new/", plans.meeting_new, name="careers_meeting_new"),
    path("students/<int:pk>/notes/", plans.notes, name="careers_notes"),
    path("goals/<int:pk>/steps/", plans.step_add, name="careers_step_add"),
    path("goals/<int:pk>/status/", plans.goal_status, name="careers_goal_status"),
    path("steps/<int:pk>/done/", plans.step_done, name="careers_step_done"),
    # Counselors and the office
    path("caseload/", counselor.caseload, name="careers_caseload"),
    path("summary/", counselor.summary, name="careers_summary"),
]
