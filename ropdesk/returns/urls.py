from django.urls import path

from ropdesk.returns import views

urlpatterns = [
    path("", views.returns_home, name="returns_home"),
    path("log/", views.returns_log, name="returns_log"),
    path("<int:pk>/<str:year>/", views.returns_district, name="returns_district"),
    path(
        "<int:pk>/<str:year>/bundle/<str:file_format>/",
        views.returns_bundle,
        name="returns_bundle",
    ),
    path(
        "<int:pk>/<str:year>/<str:file_type>.<str:file_format>",
        views.returns_download,
        name="returns_download",
    ),
]
