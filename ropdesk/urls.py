from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from ropdesk.catalog import views as catalog_views
from ropdesk.core import lockout, mfa
from ropdesk.core import views as core_views
from ropdesk.core.ratelimit import rate_limited
from ropdesk.scheduling import views as scheduling_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("credits/", core_views.credits, name="credits"),
    path("dashboard/", core_views.dashboard, name="dashboard"),
    path("students/", core_views.student_list, name="student_list"),
    path("students/<int:pk>/", core_views.student_detail, name="student_detail"),
    path("catalog/", catalog_views.catalog, name="catalog"),
    path("catalog/courses/<int:pk>/", catalog_views.course_detail, name="course_detail"),
    path("sections/", scheduling_views.section_list, name="section_list"),
    path("sections/<int:pk>/", scheduling_views.section_detail, name="section_detail"),
    path("", include("ropdesk.core.urls")),
    path("calendar/", scheduling_views.school_calendar, name="school_calendar"),
    path("", include("ropdesk.complaints.urls")),
    path("careers/", include("ropdesk.careers.urls")),
    path("", include("ropdesk.enrollment.urls")),
    path("", include("ropdesk.attendance.urls")),
    path("", include("ropdesk.funding.urls")),
    path("worksite/", include("ropdesk.worksite.urls")),
    path("", include("ropdesk.interop.urls")),
    path("outcomes/", include("ropdesk.outcomes.urls")),
    # Sign-in protection (core/lockout.py, core/mfa.py) ahead of Django's own account pages.
    path("accounts/login/", lockout.signin, name="login"),
    path(
        "accounts/password_reset/",
        rate_limited("password_reset", "email")(auth_views.PasswordResetView.as_view()),
        name="password_reset",
    ),
    path("accounts/mfa/verify/", mfa.verify, name="mfa_verify"),
    path("accounts/mfa/enroll/", mfa.enroll, name="mfa_enroll"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

# Error pages in the site's layout and the visitor's language (core/errors.py).
handler400 = "ropdesk.core.errors.bad_request"
handler403 = "ropdesk.core.errors.permission_denied"
handler404 = "ropdesk.core.errors.page_not_found"
handler500 = "ropdesk.core.errors.server_error"
