from django.urls import path

from ropdesk.outcomes import views

urlpatterns = [
    path("", views.home, name="outcomes_home"),
    path("waves/new/", views.wave_new, name="outcomes_wave_new"),
    path("waves/<int:pk>/", views.dashboard, name="outcomes_dashboard"),
    path("waves/<int:pk>/open/", views.wave_open, name="outcomes_wave_open"),
    path("waves/<int:pk>/phone/", views.phone_list, name="outcomes_phone_list"),
    path("waves/<int:pk>/letters/", views.letters, name="outcomes_letters"),
    path(
        "waves/<int:pk>/texts/<int:text_pk>/resend/",
        views.text_resend,
        name="outcomes_text_resend",
    ),
    path("calls/<int:pk>/", views.phone_entry, name="outcomes_phone_entry"),
    path("indicators/", views.indicators, name="outcomes_indicators"),
    path("headline/", views.headline, name="outcomes_headline"),
    path("equity/", views.equity, name="outcomes_equity"),
    path("exits/import/", views.exits_import, name="outcomes_exits_import"),
    path("answers/import/", views.followup_import, name="outcomes_followup_import"),
    path("report.csv", views.report_csv, name="outcomes_report_export"),
    path("exits/new/", views.exit_entry, name="outcomes_exit_entry"),
    path("crosswalk/", views.crosswalk, name="outcomes_crosswalk"),
    path("crosswalk/<int:pk>/", views.designation_edit, name="outcomes_designation_edit"),
    path("survey/<str:token>/", views.survey, name="outcomes_survey"),
    path("sms/inbound/", views.sms_inbound, name="outcomes_sms_inbound"),
]
