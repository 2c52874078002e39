from django.urls import path

from ropdesk.portal import catalog_views, office_views, printables, section_views, views

urlpatterns = [
    path("", views.home, name="home"),
    path("credits/", views.credits, name="credits"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("students/", views.student_list, name="student_list"),
    path("students/<int:pk>/", views.student_detail, name="student_detail"),
    path("catalog/", catalog_views.catalog, name="catalog"),
    path("catalog/courses/<int:pk>/", catalog_views.course_detail, name="course_detail"),
    path("sections/", section_views.section_list, name="section_list"),
    path("sections/<int:pk>/", section_views.section_detail, name="section_detail"),
    path("sections/<int:pk>/roster.pdf", printables.roster_pdf, name="section_roster_pdf"),
    path(
        "sections/<int:pk>/meetings/<int:meeting_pk>/sign-in.pdf",
        printables.signin_sheet_pdf,
        name="section_signin_pdf",
    ),
    path("calendar/", section_views.school_calendar, name="school_calendar"),
    path("office/courses/", office_views.course_list, name="office_courses"),
    path("office/courses/new/", office_views.course_edit, name="office_course_new"),
    path("office/courses/<int:pk>/", office_views.course_edit, name="office_course_edit"),
    path(
        "office/courses/<int:pk>/competencies/",
        office_views.course_competencies,
        name="office_course_competencies",
    ),
    path("office/spanish-names/", office_views.spanish_names, name="office_spanish_names"),
    path("office/sections/new/", office_views.section_edit, name="office_section_new"),
    path("office/sections/<int:pk>/", office_views.section_edit, name="office_section_edit"),
    path("office/calendar/", office_views.calendar_current, name="office_calendar_current"),
    path("office/calendar/<int:pk>/", office_views.calendar_edit, name="office_calendar"),
    path(
        "office/holidays/<int:pk>/remove/",
        office_views.holiday_remove,
        name="office_holiday_remove",
    ),
]
