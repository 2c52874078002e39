from django.urls import path

from ropdesk.core import account_views, views_background

urlpatterns = [
    path("jobs/<int:pk>/", views_background.job_detail, name="job_detail"),
    path("jobs/<int:pk>/progress/", views_background.job_progress, name="job_progress"),
    path("jobs/<int:pk>/download/", views_background.job_download, name="job_download"),
    path("mail/failed/", views_background.mail_failed, name="mail_failed"),
    path("mail/<int:pk>/resend/", views_background.mail_resend, name="mail_resend"),
    path("mail/texts/<int:pk>/resend/", views_background.sms_resend, name="sms_resend"),
    path("invitations/<str:token>/", account_views.invitation_accept, name="invitation_accept"),
    path("my/disclosures/", account_views.my_disclosures, name="my_disclosures"),
]
