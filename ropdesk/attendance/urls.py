from django.urls import path

from ropdesk.attendance import family_views, views

urlpatterns = [
    path("attendance/", views.home, name="attendance_home"),
    path("attendance/sections/<int:pk>/", views.section_meetings, name="attendance_section"),
    path("attendance/meetings/<int:pk>/", views.meeting_sheet, name="attendance_meeting"),
    path("attendance/meetings/<int:pk>/mark/", views.meeting_mark, name="attendance_mark"),
    path(
        "attendance/meetings/<int:pk>/present/",
        views.meeting_rest_present,
        name="attendance_rest_present",
    ),
    path("attendance/meetings/<int:pk>/adjust/", views.meeting_adjust, name="attendance_adjust"),
    path("attendance/certify/", views.certify, name="attendance_certify"),
    path("attendance/import/", views.import_upload, name="attendance_import"),
    path(
        "attendance/students/<int:pk>/",
        family_views.student_hours,
        name="attendance_student",
    ),
]
