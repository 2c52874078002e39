from django.urls import path

from ropdesk.complaints.views import cases, office, public

urlpatterns = [
    # Public
    path("complaints/file/", public.complaint_file, name="complaint_file"),
    path("complaints/file/received/", public.complaint_receipt, name="complaint_receipt"),
    path(
        "complaints/status/<str:reference>/<str:token>/",
        public.complaint_status,
        name="complaint_status",
    ),
    path(
        "complaints/status/<str:reference>/<str:token>/report.pdf",
        public.complaint_status_report,
        name="complaint_status_report",
    ),
    path(
        "notices/nondiscrimination/",
        public.notice_nondiscrimination,
        name="notice_nondiscrimination",
    ),
    path(
        "notices/complaint-procedures/",
        public.notice_complaint_procedures,
        name="notice_complaint_procedures",
    ),
    # Support services
    path("complaints/cases/", cases.case_list, name="case_list"),
    path("complaints/cases/<str:reference>/", cases.case_detail, name="case_detail"),
    path(
        "complaints/cases/<str:reference>/do/<slug:action>/",
        cases.case_action,
        name="case_action",
    ),
    path(
        "complaints/cases/<str:reference>/appeals/<int:appeal_pk>/",
        cases.appeal_file,
        name="case_appeal_file",
    ),
    path(
        "complaints/cases/<str:reference>/files/<int:item_pk>/",
        cases.case_file,
        name="case_file",
    ),
    path(
        "complaints/cases/<str:reference>/report.pdf", cases.case_report_pdf, name="case_report_pdf"
    ),
    path("complaints/grants/", cases.grants, name="complaint_grants"),
    path("complaints/grants/<int:pk>/revoke/", cases.grant_revoke, name="complaint_grant_revoke"),
    # The office
    path("complaints/statistics/", office.statistics, name="complaint_statistics"),
    path("complaints/notices/", office.notice_manage, name="notice_manage"),
    path(
        "complaints/notices/<slug:kind>/<str:language>/",
        office.notice_edit,
        name="notice_edit",
    ),
    path("complaints/coordinators/", office.coordinator_edit, name="coordinator_edit"),
    path("complaints/holidays/", office.court_holidays, name="court_holidays"),
]
