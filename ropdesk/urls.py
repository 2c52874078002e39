from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from ropdesk.core import lockout, mfa
from ropdesk.core.ratelimit import rate_limited

urlpatterns = [
    path("", include("ropdesk.portal.urls")),
    path("", include("ropdesk.core.urls")),
    path("", include("ropdesk.complaints.urls")),
    path("careers/", include("ropdesk.careers.urls")),
    path("", include("ropdesk.enrollment.urls")),
    path("", include("ropdesk.attendance.urls")),
    path("", include("ropdesk.funding.urls")),
    path("worksite/", include("ropdesk.worksite.urls")),
    path("", include("ropdesk.interop.urls")),
    path("", include("ropdesk.portfolio.urls")),
    path("marks/", include("ropdesk.marks.urls")),
    path("district-returns/", include("ropdesk.returns.urls")),
    path("", include("ropdesk.partners.urls")),
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
