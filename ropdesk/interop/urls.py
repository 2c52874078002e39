from django.urls import path

from ropdesk.interop import api, views

urlpatterns = [
    path("interop/", views.exchange, name="interop_exchange"),
    path("interop/export/", views.export, name="interop_export"),
    path(
        "interop/imports/<int:pk>/skipped.csv",
        views.import_skipped_csv,
        name="interop_import_skipped_csv",
    ),
    path("interop/needs-setup/", views.needs_setup, name="interop_needs_setup"),
    path("interop/needs-setup/course/<int:pk>/", views.course_setup, name="interop_course_setup"),
    path(
        "interop/needs-setup/section/<int:pk>/", views.section_setup, name="interop_section_setup"
    ),
    path(
        "interop/needs-setup/student/<int:pk>/", views.student_setup, name="interop_student_setup"
    ),
    path("interop/templates/", views.templates, name="interop_templates"),
    path("interop/templates/<str:kind>.csv", views.template_download, name="interop_template_csv"),
    path("api/tokens/", views.tokens, name="interop_tokens"),
    path("api/tokens/<int:pk>/revoke/", views.token_revoke, name="interop_token_revoke"),
    path("api/v1/", api.api_root, name="api_root"),
    path("api/v1/openapi.json", views.openapi_json, name="api_openapi"),
    path("api/v1/docs/", views.api_docs, name="api_docs"),
    path("api/v1/students/", api.students, name="api_students"),
    path("api/v1/students/<int:id>/", api.student_detail, name="api_student_detail"),
    path("api/v1/sections/", api.sections, name="api_sections"),
    path("api/v1/sections/<int:id>/", api.section_detail, name="api_section_detail"),
    path("api/v1/enrollments/", api.enrollments, name="api_enrollments"),
    path("api/v1/attendance/", api.attendance, name="api_attendance"),
    path("api/v1/job-site-hours/", api.job_site_hours, name="api_job_site_hours"),
    path("api/v1/ada-report/", api.ada_report, name="api_ada_report"),
]
