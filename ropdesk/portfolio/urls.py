from django.urls import path

from ropdesk.portfolio import public_views, staff_views, views

urlpatterns = [
    path("portfolio/", views.home, name="portfolio_home"),
    path("portfolio/students/", views.students, name="portfolio_students"),
    path("portfolio/students/<int:pk>/", views.student, name="portfolio_student"),
    path("portfolio/students/<int:pk>/resumes/new/", views.resume_new, name="portfolio_resume_new"),
    path(
        "portfolio/students/<int:pk>/resumes/import/",
        views.resume_import,
        name="portfolio_resume_import",
    ),
    path("portfolio/students/<int:pk>/share/", views.share_new, name="portfolio_share_new"),
    path(
        "portfolio/students/<int:pk>/applications/new/",
        views.application_new,
        name="portfolio_application_new",
    ),
    path(
        "portfolio/students/<int:pk>/interviews/new/",
        views.interview_new,
        name="portfolio_interview_new",
    ),
    path(
        "portfolio/students/<int:pk>/contacts/new/", views.contact_new, name="portfolio_contact_new"
    ),
    path(
        "portfolio/students/<int:pk>/portfolio.zip", views.download_all, name="portfolio_download"
    ),
    path("portfolio/resumes/<int:pk>/", views.resume, name="portfolio_resume"),
    path("portfolio/resumes/<int:pk>/delete/", views.resume_delete, name="portfolio_resume_delete"),
    path("portfolio/resumes/<int:pk>/entries/new/", views.entry_new, name="portfolio_entry_new"),
    path(
        "portfolio/resumes/<int:pk>/entries/<int:entry>/hide/",
        views.entry_hide,
        name="portfolio_entry_hide",
    ),
    path("portfolio/resumes/<int:pk>/resume.pdf", views.resume_pdf, name="portfolio_resume_pdf"),
    path(
        "portfolio/resumes/<int:pk>/resume.json",
        views.resume_json_export,
        name="portfolio_resume_json",
    ),
    path("portfolio/resumes/<int:pk>/comments/", views.resume_comment, name="portfolio_comment"),
    path("portfolio/entries/<int:pk>/", views.entry_edit, name="portfolio_entry_edit"),
    path("portfolio/entries/<int:pk>/delete/", views.entry_delete, name="portfolio_entry_delete"),
    path(
        "portfolio/entries/<int:pk>/credential/",
        views.credential_issue,
        name="portfolio_credential_issue",
    ),
    path(
        "portfolio/credentials/<str:uuid>/download/",
        views.credential_download,
        name="portfolio_credential_download",
    ),
    path(
        "portfolio/credentials/<str:uuid>/revoke/",
        views.credential_revoke,
        name="portfolio_credential_revoke",
    ),
    path("portfolio/share/<int:pk>/revoke/", views.share_revoke, name="portfolio_share_revoke"),
    path("portfolio/applications/<int:pk>/", views.application, name="portfolio_application"),
    path(
        "portfolio/trainees/<int:pk>/work-readiness/",
        staff_views.work_readiness,
        name="portfolio_work_readiness",
    ),
    path(
        "portfolio/sections/<int:pk>/job-finders/",
        staff_views.job_finders_section,
        name="portfolio_job_finders",
    ),
    path(
        "portfolio/job-finders/",
        staff_views.job_finders_figures,
        name="portfolio_job_finders_figures",
    ),
    # Public: no account needed
    path("shared/<str:token>/", public_views.shared, name="portfolio_shared"),
    path("portfolio/check/<str:code>/", public_views.entry_check, name="portfolio_entry_check"),
    path("credentials/check/", public_views.credential_check, name="portfolio_credential_check"),
    path(
        "credentials/status/<int:number>/", public_views.status_list, name="portfolio_status_list"
    ),
    path(
        "credentials/<str:uuid>/",
        public_views.credential_verify,
        name="portfolio_credential_verify",
    ),
    path(".well-known/did.json", public_views.did_document, name="portfolio_did"),
]
