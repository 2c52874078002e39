from django.urls import path

from ropdesk.portal import catalog_views, section_views, views

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
    path("calendar/", section_views.school_calendar, name="school_calendar"),
]
