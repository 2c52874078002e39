from django.urls import path

from ropdesk.portal import catalog_views, printables, section_views, views

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
]
