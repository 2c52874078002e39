from django.urls import path

from ropdesk.partners import views

urlpatterns = [
    path("partners/committees/", views.committees, name="partners_committees"),
    path("partners/committees/new/", views.committee_new, name="partners_committee_new"),
    path("partners/committees/<int:pk>/", views.committee_detail, name="partners_committee"),
    path("partners/meetings/<int:pk>/", views.meeting_detail, name="partners_meeting"),
    path(
        "partners/recommendations/<int:pk>/",
        views.recommendation_detail,
        name="partners_recommendation",
    ),
    path("partners/directions/", views.directions, name="partners_directions"),
    path("partners/reviews/", views.reviews, name="partners_reviews"),
    path("partners/organizations/", views.partner_list, name="partners_list"),
    path("partners/organizations/<int:pk>/", views.partner_detail, name="partners_partner"),
    path("partners/labor-market/", views.labor_market, name="partners_labor_market"),
    path(
        "partners/labor-market/import/",
        views.projections_import,
        name="partners_projections_import",
    ),
    path("partners/snapshots/<int:pk>/", views.snapshot_detail, name="partners_snapshot"),
    path("partners/needs-assessments/", views.assessments, name="partners_assessments"),
    path(
        "partners/needs-assessments/<int:pk>/", views.assessment_detail, name="partners_assessment"
    ),
    path(
        "partners/needs-assessments/<int:pk>/pdf/",
        views.assessment_pdf,
        name="partners_assessment_pdf",
    ),
    path("committees/meetings/", views.public_meetings, name="partners_public_meetings"),
    path("committees/meetings/<int:pk>/", views.public_meeting, name="partners_public_meeting"),
    path("committees/packets/<str:token>/", views.packet, name="partners_packet"),
    path(
        "committees/meetings/<int:pk>/<str:kind>-file/",
        views.meeting_file,
        name="partners_meeting_file",
    ),
    path("committees/mine/", views.member_home, name="partners_member"),
    path("committees/join/<str:token>/", views.member_accept, name="partners_member_accept"),
]
