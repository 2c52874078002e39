from django.urls import path

from ropdesk.core import account_views

urlpatterns = [
    path("invitations/<str:token>/", account_views.invitation_accept, name="invitation_accept"),
    path("my/disclosures/", account_views.my_disclosures, name="my_disclosures"),
]
