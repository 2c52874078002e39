"""The one settings module. Everything that differs between machines comes from the environment."""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent
VAR_DIR = Path(os.environ.get("ROPDESK_VAR_DIR", PROJECT_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("ROPDESK_DEBUG", default=False)
# A fixed key only for local use; production must set ROPDESK_SECRET_KEY (see docs/operations.md).
SECRET_KEY = os.environ.get("ROPDESK_SECRET_KEY", "ropdesk-local-only-not-for-production")
ALLOWED_HOSTS = env_list("ROPDESK_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("ROPDESK_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "ropdesk.core",
    "ropdesk.catalog",
    "ropdesk.scheduling",
    "ropdesk.enrollment",
    "ropdesk.attendance",
    "ropdesk.funding",
    "ropdesk.complaints",
    "ropdesk.careers",
    "ropdesk.interop",
    "ropdesk.worksite",
    "ropdesk.core.admin_apps.RopdeskAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "ropdesk.core.middleware.RejectNulCharactersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "ropdesk.urls"
WSGI_APPLICATION = "ropdesk.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "ropdesk.core.context_processors.navigation",
            ],
        },
    }
]

# Database: DATABASE_URL, else an embedded SQLite file under var/ in WAL mode.
_default_sqlite = f"sqlite:///{VAR_DIR / 'ropdesk.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(os.environ.get("DATABASE_URL", _default_sqlite))}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers and one writer work at once; IMMEDIATE takes the write lock at
        # BEGIN so that read-then-write services cannot deadlock (style.md rule 10).
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    if DATABASES["default"]["NAME"] not in ("", ":memory:"):
        Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "ropdesk.core.backends.RoleBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("es", _("Spanish"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "America/Los_Angeles"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns when it is missing
# Served by whitenoise straight from the apps in development; `collectstatic` for production.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# Uploaded files (complaint evidence). Never served as public URLs: every file goes through a
# view that checks access and logs the read (ropdesk/complaints/views.py).
MEDIA_ROOT = Path(os.environ.get("ROPDESK_MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media/"

EMAIL_BACKEND = os.environ.get(
    "ROPDESK_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = os.environ.get("ROPDESK_FROM_EMAIL", "ropdesk@localhost")
# SMTP, used when ROPDESK_EMAIL_BACKEND is django.core.mail.backends.smtp.EmailBackend.
EMAIL_HOST = os.environ.get("ROPDESK_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("ROPDESK_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("ROPDESK_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("ROPDESK_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("ROPDESK_EMAIL_USE_TLS", default=False)

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("ROPDESK_SECURE_COOKIES", default=False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Behind an HTTPS reverse proxy (docs/operations.md): trust its X-Forwarded-Proto header,
# redirect plain HTTP and tell browsers to keep to HTTPS.
if env_bool("ROPDESK_BEHIND_HTTPS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = int(os.environ.get("ROPDESK_HSTS_SECONDS", "31536000"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("ROPDESK_LOG_LEVEL", "WARNING")},
}

# The program's own settings (domain-rules.md §1 says: make every number configurable).
ROPDESK = {
    "PROGRAM_NAME": os.environ.get("ROPDESK_PROGRAM_NAME", "Regional Occupational Program"),
    # A school month is "20 days or four weeks of five days each, including legal holidays";
    # the winter vacation "may be excluded" (EC 37201(a); domain-rules.md 1.1.3a).
    "SCHOOL_MONTH_DAYS": int(os.environ.get("ROPDESK_SCHOOL_MONTH_DAYS", "20")),
    "SCHOOL_MONTH_EXCLUDES_WINTER_RECESS": env_bool(
        "ROPDESK_SCHOOL_MONTH_EXCLUDES_WINTER_RECESS", default=True
    ),
    # A party's complaint window ending on a weekend: "calendar" (no roll-forward) or
    # "next_weekday" (domain-rules.md §7 is silent; see complaints/deadlines.py).
    "COMPLAINT_WEEKEND_RULE": os.environ.get("ROPDESK_COMPLAINT_WEEKEND_RULE", "calendar"),
    # Years a closed complaint file is kept: UCP sets none (domain-rules.md 7.1.11); sex-based
    # cases are kept at least 7 whatever this says (34 CFR 106.45(b)(10)).
    "COMPLAINT_RETENTION_YEARS": int(os.environ.get("ROPDESK_COMPLAINT_RETENTION_YEARS", "7")),
    # Admissions (domain-rules.md §3). Minimum age to enrol (EC 52314 via district policies [S]).
    "MINIMUM_AGE": int(os.environ.get("ROPDESK_MINIMUM_AGE", "16")),
    # Exceptions to the minimum age the program accepts; EC 52314(b) was not read, so this is
    # policy (enrollment/eligibility.py, MINIMUM_AGE_EXCEPTIONS, lists the known codes).
    "MINIMUM_AGE_EXCEPTIONS": env_list("ROPDESK_MINIMUM_AGE_EXCEPTIONS", "grade_11_12"),
    # The school day on a high-school campus, when adults need the district's leave to enrol
    # (EC 52314(a)(2)), Monday to Friday.
    "SCHOOL_DAY_START": os.environ.get("ROPDESK_SCHOOL_DAY_START", "07:30"),
    "SCHOOL_DAY_END": os.environ.get("ROPDESK_SCHOOL_DAY_END", "15:30"),
    # The share of ADA the program may claim for students not in grades 9-12, the extra share
    # for CalWORKs/TAP/Job Corps/WIOA participants (EC 52302.8), and how close to it (in
    # percentage points) the office is warned.
    "NON_HS_SHARE_LIMIT": os.environ.get("ROPDESK_NON_HS_SHARE_LIMIT", "0.10"),
    "NON_HS_SPECIAL_EXTRA": os.environ.get("ROPDESK_NON_HS_SPECIAL_EXTRA", "0.05"),
    "NON_HS_WARNING_MARGIN": os.environ.get("ROPDESK_NON_HS_WARNING_MARGIN", "0.01"),
    # Final grades that earn a certificate of completion (no state rule: domain-rules.md 3.20).
    "CERTIFICATE_GRADES": env_list("ROPDESK_CERTIFICATE_GRADES", "A,B,C,P"),
    # --- Attendance and ADA (docs/attendance-and-ada.md; domain-rules.md §1, §2.2) ---
    # Crediting block: present for any part of a block earns the whole block (ROCP training
    # deck [S]; 5 CCR 15371). The 60 minutes come from a county deck, not a statute.
    "CREDIT_BLOCK_MINUTES": int(os.environ.get("ROPDESK_CREDIT_BLOCK_MINUTES", "60")),
    # 3 hours of attendance = 1 day; ADA divisors in days by period (5 CCR 15371(c), 15401(c)).
    "ADA_HOURS_PER_DAY": int(os.environ.get("ROPDESK_ADA_HOURS_PER_DAY", "3")),
    "ADA_DIVISOR_DAYS": {
        "P1": int(os.environ.get("ROPDESK_ADA_DIVISOR_P1", "70")),
        "P2": int(os.environ.get("ROPDESK_ADA_DIVISOR_P2", "135")),
        "annual": int(os.environ.get("ROPDESK_ADA_DIVISOR_ANNUAL", "175")),
    },
    # Last day (MM-DD) of the P-1 and P-2 windows, which open on July 1 (EC 41601).
    "PERIOD_WINDOW_END": {
        "P1": os.environ.get("ROPDESK_P1_WINDOW_END", "12-31"),
        "P2": os.environ.get("ROPDESK_P2_WINDOW_END", "04-15"),
    },
    "ADA_DECIMAL_PLACES": int(os.environ.get("ROPDESK_ADA_DECIMAL_PLACES", "2")),
    # Revenue per unit of ADA: $4.00 a student hour x 525 hours (domain-rules.md 1.5.6). The
    # non-grade-9-12 cap is NON_HS_SHARE_LIMIT + NON_HS_SPECIAL_EXTRA above.
    "REVENUE_PER_ADA": os.environ.get("ROPDESK_REVENUE_PER_ADA", "2100.00"),
    # On-the-job hours (domain-rules.md 1.3 and 9.1: unconfirmed, so every part is a setting):
    # which kinds count for ADA, the weekly cap in hours (None: none), and the proof required.
    "OJT_COUNTS_FOR_ADA": {
        "cc_ojt": env_bool("ROPDESK_CC_OJT_COUNTS", default=True),
        "cve_ojt": env_bool("ROPDESK_CVE_OJT_COUNTS", default=True),
    },
    "OJT_WEEKLY_CAP_HOURS": {"cc_ojt": None, "cve_ojt": 15},
    "OJT_REQUIRES_SUPERVISOR_APPROVAL": env_bool("ROPDESK_OJT_REQUIRES_APPROVAL", default=True),
    "OJT_REQUIRES_SIGNED_AGREEMENT": env_bool("ROPDESK_OJT_REQUIRES_AGREEMENT", default=True),
    # CVE related classroom instruction: 3 periods of 50 minutes a week on average and at
    # least one period in every week (5 CCR 10106).
    "CVE_PERIOD_MINUTES": 50,
    "CVE_AVERAGE_PERIODS_PER_WEEK": 3,
    "CVE_MINIMUM_PERIODS_EVERY_WEEK": 1,
    # Community classroom: the same related-instruction minimum as CVE (domain-rules.md 2.2.3:
    # [S], a county's page citing 5 CCR 10083, which was not read). False turns the check off.
    "CC_RELATED_INSTRUCTION_CHECK": env_bool("ROPDESK_CC_RELATED_INSTRUCTION_CHECK", default=True),
    # Attendance files are imported in a background thread that the upload page polls; False
    # runs the import inside the request (tests; setups that forbid threads).
    "ATTENDANCE_IMPORT_IN_BACKGROUND": env_bool("ROPDESK_IMPORT_IN_BACKGROUND", default=True),
    # --- Work-based learning (docs/rules.md, "Work-based learning"; domain-rules.md §2) ---
    # Community-classroom visits "at least every three weeks" (5 CCR 10088(a)): read as at
    # most this many days between visits (21 green, 22 red).
    "CC_VISIT_MAX_DAYS": int(os.environ.get("ROPDESK_CC_VISIT_MAX_DAYS", "21")),
    # CVE visits: 5 CCR 10109 was not read (domain-rules.md 2.4.4), so the most days between
    # the instructor's visits to a CVE student is the program's choice.
    "CVE_VISIT_MAX_DAYS": int(os.environ.get("ROPDESK_CVE_VISIT_MAX_DAYS", "21")),
    # The California minimum wage per hour by calendar year (Labor Code 1182.12); a CVE wage
    # below it is flagged. Add each year's amount; a year missing uses the latest earlier one.
    "MINIMUM_WAGE_BY_YEAR": {2024: "16.00", 2025: "16.50", 2026: "16.90"},
    # Coordination time: 1 hour a week per this many CC students, at least 1 (5 CCR 10088(b));
    # "ceil" rounds a partial group up, "exact" keeps the fraction (domain-rules.md 2.4).
    "CC_STUDENTS_PER_COORDINATION_HOUR": 5,
    "CC_COORDINATION_ROUNDING": os.environ.get("ROPDESK_CC_COORDINATION_ROUNDING", "ceil"),
    # CVE: at least 8 paid hours a week (5 CCR 10107(a)(5)).
    "CVE_MINIMUM_PAID_HOURS_PER_WEEK": os.environ.get("ROPDESK_CVE_MINIMUM_PAID_HOURS", "8"),
    # Minors 16-17 (Labor Code 1391; EC 49116 for the CVE exception to the school-day limit).
    "MINOR_MAX_HOURS_DAY": 8,
    "MINOR_MAX_HOURS_WEEK": 48,
    "MINOR_MAX_HOURS_SCHOOL_DAY": 4,
    "MINOR_EARLIEST_START": "05:00",
    "MINOR_LATEST_END_BEFORE_SCHOOL_DAY": "22:00",
    "MINOR_LATEST_END_BEFORE_NON_SCHOOL_DAY": "00:30",
    # Supervisor evaluations every this many weeks from the start of training (local policy).
    "EVALUATION_EVERY_WEEKS": int(os.environ.get("ROPDESK_EVALUATION_EVERY_WEEKS", "9")),
    # How far ahead the compliance dashboard lists what is due, and reminders warn.
    "WBL_DUE_WINDOW_DAYS": 14,
    "WBL_VISIT_REMINDER_DAYS": 3,
}
