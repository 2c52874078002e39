from django.urls import path

from ropdesk.returns import setup_views, views

urlpatterns = [
    path("", views.returns_home, name="returns_home"),
    path("log/", views.returns_log, name="returns_log"),
    path("setup/seids/", setup_views.setup_seids, name="returns_setup_seids"),
    path("setup/cds/", setup_views.setup_cds, name="returns_setup_cds"),
    path("setup/courses/", setup_views.setup_courses, name="returns_setup_courses"),
    path("<int:pk>/<str:year>/", views.returns_district, name="returns_district"),
    path(
        "<int:pk>/<str:year>/check/<int:job>/",
        views.returns_check_progress,
        name="returns_check_progress",
    ),
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
