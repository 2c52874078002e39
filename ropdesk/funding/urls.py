from django.urls import path

from ropdesk.funding import views

urlpatterns = [
    path("funding/ada/", views.ada_report, name="ada_report"),
    path("funding/ada/progress/<int:pk>/", views.ada_report_progress, name="ada_report_progress"),
    path("funding/sections/<int:pk>/forecast/", views.section_forecast, name="section_forecast"),
]
