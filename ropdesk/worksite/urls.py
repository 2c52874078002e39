from django.urls import path

from ropdesk.worksite import import_views, views

urlpatterns = [
    path("", views.home, name="worksite_home"),
    path("compliance/", views.compliance_dashboard, name="worksite_compliance"),
    path("sites/", views.site_list, name="worksite_sites"),
    path("sites/<int:pk>/", views.site_detail, name="worksite_site"),
    path("trainees/<int:pk>/", views.trainee, name="worksite_trainee"),
    path("trainees/<int:pk>/hours/", views.hours_log, name="worksite_hours_log"),
    path("trainees/<int:pk>/visits/", views.visit_log, name="worksite_visit_log"),
    path("trainees/<int:pk>/evaluations/", views.evaluation_record, name="worksite_evaluation"),
    path("trainees/<int:pk>/permits/", views.permit_record, name="worksite_permit"),
    path("trainees/<int:pk>/agreements/", views.agreement_new, name="worksite_agreement_new"),
    path("trainees/<int:pk>/plan/", views.plan, name="worksite_plan"),
    path(
        "trainees/<int:pk>/hours/approve-week/",
        views.hours_approve_week,
        name="worksite_hours_approve_week",
    ),
    path("trainees/<int:pk>/plan/print/", views.plan_print, name="worksite_plan_print"),
    path("hours/import/", import_views.hours_import, name="worksite_hours_import"),
    path("hours/<int:pk>/approve/", views.hours_approve, name="worksite_hours_approve"),
    path("hours/<int:pk>/return/", views.hours_return, name="worksite_hours_return"),
    path("agreements/<int:pk>/", views.agreement_detail, name="worksite_agreement"),
    path(
        "agreements/<int:pk>/pdf/<str:party>/", views.agreement_pdf, name="worksite_agreement_pdf"
    ),
]
