"""The one settings module. Everything that differs between machines comes from the environment."""

import os
from datetime import timedelta
from pathlib import Path
from typing import Any

import dj_database_url
from django.utils.translation import gettext_lazy as _

from ropdesk.core.env import Env

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent
VAR_DIR = Path(os.environ.get("ROPDESK_VAR_DIR", PROJECT_DIR / "var"))


# Every variable is read through one typed reader; a value of the wrong kind stops the start
# with a message naming it (end of this file; ropdesk/core/env.py).
env = Env()

DEBUG = env.boolean("ROPDESK_DEBUG", False)
# A fixed key only for local use; production must set ROPDESK_SECRET_KEY (see docs/operations.md).
SECRET_KEY = os.environ.get("ROPDESK_SECRET_KEY", "ropdesk-local-only-not-for-production")
ALLOWED_HOSTS = env.items("ROPDESK_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env.items("ROPDESK_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "ropdesk.core",
    "ropdesk.documents",
    "ropdesk.catalog",
    "ropdesk.scheduling",
    "ropdesk.enrollment",
    "ropdesk.attendance",
    "ropdesk.funding",
    "ropdesk.complaints",
    "ropdesk.careers",
    "ropdesk.interop",
    "ropdesk.worksite",
    "ropdesk.portfolio",
    "ropdesk.marks",
    "ropdesk.returns",
    "ropdesk.partners",
    "ropdesk.outcomes",
    "ropdesk.portal",
    "ropdesk.demo",
    "ropdesk.core.admin_apps.RopdeskAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_tasks",
    "django_tasks_db",
    # Sign-in protection (docs/operations.md, "Signing in"): lockout, one-time passwords.
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "ropdesk.core.replica.PinAfterWriteMiddleware",  # a no-op without DATABASE_REPLICA_URL
    "ropdesk.core.middleware.SecurityHeadersMiddleware",
    "ropdesk.core.middleware.RejectNulCharactersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "ropdesk.core.request_memo.RequestMemoMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "ropdesk.core.language.PreferredLanguageMiddleware",
    "ropdesk.core.middleware.StaffSessionMiddleware",
    "ropdesk.core.uploads.DiscardUncommittedUploadsMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "ropdesk.core.disclosures.DisclosureMiddleware",
    "axes.middleware.AxesMiddleware",
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
            # Catalog and career content in the page's language (core/content.py); money.
            "builtins": [
                "ropdesk.core.templatetags.content",
                "ropdesk.core.templatetags.formatting",
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
else:
    # A PostgreSQL connection is kept by each server thread for this many seconds instead of
    # being opened for every request (a new PostgreSQL backend each time); Django checks a
    # kept connection before it reuses it (docs/performance.md, "Under load").
    DATABASES["default"]["CONN_MAX_AGE"] = env.integer("ROPDESK_DB_CONN_MAX_AGE", 60, minimum=0)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # Behind PgBouncer in transaction mode a server-side cursor (QuerySet.iterator()) cannot
    # outlive its transaction: Django then reads such results in one go instead.
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = env.boolean(
        "ROPDESK_DB_DISABLE_SERVER_SIDE_CURSORS", False
    )
    # Each query's values sent apart from its text, and a query the connection has run five
    # times kept prepared by PostgreSQL: it is planned once instead of at every request
    # (planning took twice the execution time of a page's queries; docs/performance.md).
    # Off behind a pooler that cannot keep prepared statements (PgBouncer before 1.21, or
    # without max_prepared_statements, in transaction mode: docs/operations.md).
    if env.boolean("ROPDESK_DB_PREPARED_STATEMENTS", True):
        DATABASES["default"].setdefault("OPTIONS", {}).update(
            server_side_binding=True, prepare_threshold=5
        )
# A streaming replica for reports and exports (core/replica.py; docs/operations.md).
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(os.environ["DATABASE_REPLICA_URL"])
    DATABASES["replica"]["CONN_MAX_AGE"] = DATABASES["default"].get("CONN_MAX_AGE", 0)
    DATABASES["replica"]["CONN_HEALTH_CHECKS"] = DATABASES["default"].get(
        "CONN_HEALTH_CHECKS", False
    )
    DATABASES["replica"]["DISABLE_SERVER_SIDE_CURSORS"] = DATABASES["default"].get(
        "DISABLE_SERVER_SIDE_CURSORS", False
    )
    DATABASES["replica"]["OPTIONS"] = {
        **DATABASES["replica"].get("OPTIONS", {}),
        **{
            name: value
            for name, value in DATABASES["default"].get("OPTIONS", {}).items()
            if name in ("server_side_binding", "prepare_threshold")
        },
    }
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["ropdesk.core.replica.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    "ropdesk.core.lockout.LockoutBackend",  # first: refuses a locked-out account or address
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
# One date, time and number format per language (ropdesk/formats: 12-hour in English,
# 24-hour in Spanish; thousands separators everywhere numbers are localized).
FORMAT_MODULE_PATH = ["ropdesk.formats"]
USE_THOUSAND_SEPARATOR = False  # on per figure (floatformat "g"), never inside ids or years
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
EMAIL_PORT = env.integer("ROPDESK_EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = os.environ.get("ROPDESK_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("ROPDESK_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env.boolean("ROPDESK_EMAIL_USE_TLS", False)

# Text messages (core/sms.py): the backend that sends them, like EMAIL_BACKEND. The console one
# prints them (development, the demo); the locmem one keeps them in ropdesk.core.sms.outbox
# (tests); the Twilio one sends them through Twilio's REST API with the settings below.
SMS_BACKEND = env.choice(
    "ROPDESK_SMS_BACKEND",
    "ropdesk.core.sms.ConsoleSmsBackend",
    (
        "ropdesk.core.sms.ConsoleSmsBackend",
        "ropdesk.core.sms.LocmemSmsBackend",
        "ropdesk.core.sms.TwilioSmsBackend",
    ),
)
# The number texts come from (E.164, "+15305550100") or a Twilio messaging service id (MG...).
SMS_FROM = env.text("ROPDESK_SMS_FROM", "")
TWILIO_ACCOUNT_SID = env.text("ROPDESK_TWILIO_ACCOUNT_SID", "")
# Also the key of the X-Twilio-Signature checked on the inbound webhook (replies, STOP): when it
# is set, an unsigned or wrongly signed post is refused.
TWILIO_AUTH_TOKEN = env.text("ROPDESK_TWILIO_AUTH_TOKEN", "")
TWILIO_API_URL = env.text("ROPDESK_TWILIO_API_URL", "https://api.twilio.com")
# The country of a number written without "+" and a country code.
SMS_DEFAULT_COUNTRY_CODE = env.text("ROPDESK_SMS_DEFAULT_COUNTRY_CODE", "1")

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env.boolean("ROPDESK_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Behind an HTTPS reverse proxy (docs/operations.md): trust its X-Forwarded-Proto header,
# redirect plain HTTP and tell browsers to keep to HTTPS.
if env.boolean("ROPDESK_BEHIND_HTTPS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = env.integer("ROPDESK_HSTS_SECONDS", 31536000)

# Background work: imports, every e-mail and the periodic reminders are tasks in a queue kept in
# the same database (django-tasks with django-tasks-db), run by `ropdesk worker`
# (docs/operations.md). No other server is needed, on SQLite or PostgreSQL alike.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# --- Sign-in and session protection (docs/operations.md, "Signing in") ---------------------
# Lockout (django-axes): an account is locked for the cool-off after this many failed
# passwords in a row; an address is refused after ROPDESK["RATE_LIMITS"]["signin"] failures.
AXES_FAILURE_LIMIT = env.integer("ROPDESK_LOCKOUT_FAILURES", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env.integer("ROPDESK_LOCKOUT_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "ropdesk.core.lockout.locked_out"
AXES_CLIENT_IP_CALLABLE = "ropdesk.core.ratelimit.client_address"
AXES_VERBOSE = False
# Axes would also lock an address after AXES_FAILURE_LIMIT failures; a whole school signs in
# from one address, so the address gets its own, higher limit (core/lockout.py) instead.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
# Staff (administrators, support services, district coordinators, counselors, instructors)
# must add a time-based one-time password after their password. On by default; `make demo`
# turns it off for the demo county's shared logins (README.md).
ROPDESK_REQUIRE_STAFF_MFA = env.boolean("ROPDESK_REQUIRE_STAFF_MFA", True)
OTP_TOTP_ISSUER = os.environ.get("ROPDESK_OTP_ISSUER", "ropdesk")
# Staff sessions end after this many idle minutes, and this many hours after sign-in.
ROPDESK_STAFF_IDLE_MINUTES = env.integer("ROPDESK_STAFF_IDLE_MINUTES", 30, minimum=1)
ROPDESK_STAFF_SESSION_HOURS = env.integer("ROPDESK_STAFF_SESSION_HOURS", 12, minimum=1)
SESSION_COOKIE_AGE = env.integer("ROPDESK_SESSION_DAYS", 14, minimum=1) * 24 * 3600
# Content-Security-Policy: no inline script or style anywhere (core/middleware.py).
ROPDESK_CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)
ROPDESK_PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), magnetometer=(), "
    "gyroscope=(), accelerometer=()"
)
# The rate limiter, the lockout count, the ADA report and the start pages' compliance summaries
# (one per staff member and day) in the database cache table, shared by every process (the
# "createcachetable" migration in core makes it). Django's default of 300 entries would cull
# a third of them whenever a county's staff opened their start pages.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "ropdesk_cache",
        "OPTIONS": {"MAX_ENTRIES": env.integer("ROPDESK_CACHE_MAX_ENTRIES", 20_000, minimum=300)},
    }
}
# Or Redis, shared by every app and worker process of a county (docs/operations.md): the
# database cache counts its table at every write (a millisecond or two at 20,000 entries),
# Redis does not. redis://host:port/db, rediss:// with TLS, unix:///path?db=N.
_cache_url = env.address(
    "ROPDESK_CACHE_URL",
    ("redis://", "rediss://", "unix://"),
    "a Redis address (redis://host:port/db, rediss://host:port/db or unix:///path?db=N)",
)
if _cache_url:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": _cache_url,
            "KEY_PREFIX": env.text("ROPDESK_CACHE_KEY_PREFIX", "ropdesk"),
        }
    }
ROPDESK_RATE_LIMIT_CACHE = "default"
# Request and upload sizes. Django keeps an upload in memory up to FILE_UPLOAD_MAX_MEMORY_SIZE
# and streams the rest to a temporary file; a form body without files is limited to
# DATA_UPLOAD_MAX_MEMORY_SIZE. Each kind of upload has its own limit in ROPDESK["UPLOAD_MAX_MB"].
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 5000
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {
        "handlers": ["console"],
        "level": env.choice(
            "ROPDESK_LOG_LEVEL", "WARNING", ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
        ),
    },
}

# The program's own settings (domain-rules.md §1 says: make every number configurable).
ROPDESK: dict[str, Any] = {
    "PROGRAM_NAME": env.text("ROPDESK_PROGRAM_NAME", "Regional Occupational Program"),
    # A school month is 20 school days (Ed Code 37201; domain-rules.md, scheduling).
    "SCHOOL_MONTH_DAYS": env.integer("ROPDESK_SCHOOL_MONTH_DAYS", 20),
    # A complaint clock ending on a Saturday, Sunday or judicial holiday: "ccp_12a" moves it
    # to the next day that is none (CCP 12, 12a, 135; domain-rules.md 7.1.12); "calendar"
    # keeps the date (complaints/court_days.py).
    "COMPLAINT_DEADLINE_RULE": env.choice(
        "ROPDESK_COMPLAINT_DEADLINE_RULE", "ccp_12a", ("ccp_12a", "calendar")
    ),
    "SCHOOL_MONTH_EXCLUDES_WINTER_RECESS": env.boolean(
        "ROPDESK_SCHOOL_MONTH_EXCLUDES_WINTER_RECESS", True
    ),
    # Years a closed complaint file is kept: UCP sets none (domain-rules.md 7.1.11); sex-based
    # cases are kept at least 7 whatever this says (34 CFR 106.45(b)(10)).
    "COMPLAINT_RETENTION_YEARS": env.integer("ROPDESK_COMPLAINT_RETENTION_YEARS", 7),
    # Admissions (domain-rules.md §3). Minimum age to enrol (EC 52314 via district policies [S]).
    "MINIMUM_AGE": env.integer("ROPDESK_MINIMUM_AGE", 16),
    # Exceptions to the minimum age the program accepts; EC 52314(b) was not read, so this is
    # policy (enrollment/eligibility.py, MINIMUM_AGE_EXCEPTIONS, lists the known codes).
    "MINIMUM_AGE_EXCEPTIONS": env.items("ROPDESK_MINIMUM_AGE_EXCEPTIONS", "grade_11_12"),
    # The school day on a high-school campus, when adults need the district's leave to enrol
    # (EC 52314(a)(2)), Monday to Friday.
    "SCHOOL_DAY_START": env.time_of_day("ROPDESK_SCHOOL_DAY_START", "07:30"),
    "SCHOOL_DAY_END": env.time_of_day("ROPDESK_SCHOOL_DAY_END", "15:30"),
    # The share of ADA the program may claim for students not in grades 9-12, the extra share
    # for CalWORKs/TAP/Job Corps/WIOA participants (EC 52302.8), and how close to it (in
    # percentage points) the office is warned.
    "NON_HS_SHARE_LIMIT": env.decimal("ROPDESK_NON_HS_SHARE_LIMIT", "0.10"),
    "NON_HS_SPECIAL_EXTRA": env.decimal("ROPDESK_NON_HS_SPECIAL_EXTRA", "0.05"),
    "NON_HS_WARNING_MARGIN": env.decimal("ROPDESK_NON_HS_WARNING_MARGIN", "0.01"),
    # Final grades that earn a certificate of completion (no state rule: domain-rules.md 3.20).
    "CERTIFICATE_GRADES": env.items("ROPDESK_CERTIFICATE_GRADES", "A,B,C,P"),
    # --- Attendance and ADA (docs/attendance-and-ada.md; domain-rules.md §1, §2.2) ---
    # Crediting block: present for any part of a block earns the whole block (ROCP training
    # deck [S]; 5 CCR 15371). The 60 minutes come from a county deck, not a statute.
    "CREDIT_BLOCK_MINUTES": env.integer("ROPDESK_CREDIT_BLOCK_MINUTES", 60),
    # 3 hours of attendance = 1 day; ADA divisors in days by period (5 CCR 15371(c), 15401(c)).
    "ADA_HOURS_PER_DAY": env.integer("ROPDESK_ADA_HOURS_PER_DAY", 3),
    "ADA_DIVISOR_DAYS": {
        "P1": env.integer("ROPDESK_ADA_DIVISOR_P1", 70),
        "P2": env.integer("ROPDESK_ADA_DIVISOR_P2", 135),
        "annual": env.integer("ROPDESK_ADA_DIVISOR_ANNUAL", 175),
    },
    # Last day (MM-DD) of the P-1 and P-2 windows, which open on July 1 (EC 41601).
    "PERIOD_WINDOW_END": {
        "P1": env.month_day("ROPDESK_P1_WINDOW_END", "12-31"),
        "P2": env.month_day("ROPDESK_P2_WINDOW_END", "04-15"),
    },
    "ADA_DECIMAL_PLACES": env.integer("ROPDESK_ADA_DECIMAL_PLACES", 2),
    # The ADA report is computed once and shared by its page and downloads until what it
    # reads changes (core/versions.py), and for at most this many seconds.
    "REPORT_CACHE_SECONDS": env.integer("ROPDESK_REPORT_CACHE_SECONDS", 600, minimum=0),
    # After a write, a person reads the primary, not the lagging replica, this long.
    "REPLICA_PIN_SECONDS": env.integer("ROPDESK_REPLICA_PIN_SECONDS", 30, minimum=0),
    # Revenue per unit of ADA: $4.00 a student hour x 525 hours (domain-rules.md 1.5.6). The
    # non-grade-9-12 cap is NON_HS_SHARE_LIMIT + NON_HS_SPECIAL_EXTRA above.
    "REVENUE_PER_ADA": env.decimal("ROPDESK_REVENUE_PER_ADA", "2100.00"),
    # On-the-job hours (domain-rules.md 1.3 and 9.1: unconfirmed, so every part is a setting):
    # which kinds count for ADA, the weekly cap in hours (None: none), and the proof required.
    "OJT_COUNTS_FOR_ADA": {
        "cc_ojt": env.boolean("ROPDESK_CC_OJT_COUNTS", True),
        "cve_ojt": env.boolean("ROPDESK_CVE_OJT_COUNTS", True),
    },
    "OJT_WEEKLY_CAP_HOURS": {"cc_ojt": None, "cve_ojt": 15},
    "OJT_REQUIRES_SUPERVISOR_APPROVAL": env.boolean("ROPDESK_OJT_REQUIRES_APPROVAL", True),
    "OJT_REQUIRES_SIGNED_AGREEMENT": env.boolean("ROPDESK_OJT_REQUIRES_AGREEMENT", True),
    # CVE related classroom instruction: 3 periods of 50 minutes a week on average and at
    # least one period in every week (5 CCR 10106).
    "CVE_PERIOD_MINUTES": 50,
    "CVE_AVERAGE_PERIODS_PER_WEEK": 3,
    "CVE_MINIMUM_PERIODS_EVERY_WEEK": 1,
    # Community classroom: the same related-instruction minimum as CVE (domain-rules.md 2.2.3:
    # [S], a county's page citing 5 CCR 10083, which was not read). False turns the check off.
    "CC_RELATED_INSTRUCTION_CHECK": env.boolean("ROPDESK_CC_RELATED_INSTRUCTION_CHECK", True),
    # --- Work-based learning (docs/rules.md, "Work-based learning"; domain-rules.md §2) ---
    # Community-classroom visits "at least every three weeks" (5 CCR 10088(a)): read as at
    # most this many days between visits (21 green, 22 red).
    "CC_VISIT_MAX_DAYS": env.integer("ROPDESK_CC_VISIT_MAX_DAYS", 21),
    # CVE visits: 5 CCR 10109 was not read (domain-rules.md 2.4.4), so the most days between
    # the instructor's visits to a CVE student is the program's choice.
    "CVE_VISIT_MAX_DAYS": env.integer("ROPDESK_CVE_VISIT_MAX_DAYS", 21),
    # The California minimum wage per hour by calendar year (Labor Code 1182.12); a CVE wage
    # below it is flagged. Add each year's amount; a year missing uses the latest earlier one.
    "MINIMUM_WAGE_BY_YEAR": {2024: "16.00", 2025: "16.50", 2026: "16.90"},
    # Coordination time: 1 hour a week per this many CC students, at least 1 (5 CCR 10088(b));
    # "ceil" rounds a partial group up, "exact" keeps the fraction (domain-rules.md 2.4).
    "CC_STUDENTS_PER_COORDINATION_HOUR": 5,
    "CC_COORDINATION_ROUNDING": env.choice(
        "ROPDESK_CC_COORDINATION_ROUNDING", "ceil", ("ceil", "exact")
    ),
    # CVE: at least 8 paid hours a week (5 CCR 10107(a)(5)).
    "CVE_MINIMUM_PAID_HOURS_PER_WEEK": env.decimal("ROPDESK_CVE_MINIMUM_PAID_HOURS", "8"),
    # Minors 16-17 (Labor Code 1391; EC 49116 for the CVE exception to the school-day limit).
    "MINOR_MAX_HOURS_DAY": 8,
    "MINOR_MAX_HOURS_WEEK": 48,
    "MINOR_MAX_HOURS_SCHOOL_DAY": 4,
    "MINOR_EARLIEST_START": "05:00",
    "MINOR_LATEST_END_BEFORE_SCHOOL_DAY": "22:00",
    "MINOR_LATEST_END_BEFORE_NON_SCHOOL_DAY": "00:30",
    # Supervisor evaluations every this many weeks from the start of training (local policy).
    "EVALUATION_EVERY_WEEKS": env.integer("ROPDESK_EVALUATION_EVERY_WEEKS", 9),
    # How far ahead the compliance dashboard lists what is due, and reminders warn.
    "WBL_DUE_WINDOW_DAYS": 14,
    "WBL_VISIT_REMINDER_DAYS": 3,
    # --- Absence notices (docs/attendance-and-ada.md, "Absence notices") ---
    # Off unless the program turns it on: after the day's attendance is taken, the student and
    # a minor's parents (or an adult student's consenting ones) get one message per absence.
    "ABSENCE_NOTICES": env.boolean("ROPDESK_ABSENCE_NOTICES", False),
    # Absences from meetings up to this many days back are still told (a late mark).
    "ABSENCE_NOTICE_DAYS_BACK": env.integer("ROPDESK_ABSENCE_NOTICE_DAYS_BACK", 3, minimum=0),
    # --- Career portfolio (docs/portfolio.md) ---
    # The address the public reaches ropdesk at: credentials name their status list and
    # verification pages under it, and the issuer's did:web is derived from its host.
    "PORTFOLIO_PUBLIC_URL": env.text("ROPDESK_PUBLIC_URL", "http://localhost:8000"),
    # The issuer's signing keys (Ed25519 PEM files), outside the database and its dumps;
    # `ropdesk portfolio-issuer-key` makes and rotates them (docs/operations.md).
    "CREDENTIAL_KEY_DIR": env.text("ROPDESK_CREDENTIAL_KEY_DIR", str(VAR_DIR / "credentials")),
    # Years a credential stays valid, by kind; 0 = no end. A work-readiness rating ages.
    "CREDENTIAL_VALID_YEARS": {"certificate": 0, "fieldwork": 0, "competency": 0, "readiness": 2},
    # Who shares a minor's portfolio: "student_and_parent" or "parent_only" (FERPA/EC 49073
    # directory and consent policy is the program's; [I], docs/portfolio.md).
    "PORTFOLIO_MINOR_SHARING": env.choice(
        "ROPDESK_PORTFOLIO_MINOR_SHARING",
        "student_and_parent",
        ("student_and_parent", "parent_only"),
    ),
    # Longest a share link may stay open, in days.
    "SHARE_LINK_MAX_DAYS": env.integer("ROPDESK_SHARE_LINK_MAX_DAYS", 90, minimum=1),
    # --- Limits on input (docs/operations.md, "Limits") ---
    # Largest upload of each kind, in MB.
    "UPLOAD_MAX_MB": {
        "evidence": env.integer("ROPDESK_UPLOAD_EVIDENCE_MB", 20, minimum=1),
        # 100 MB: about 1.5 million rows; the web process holds the file once while keeping it.
        "attendance_csv": env.integer("ROPDESK_UPLOAD_ATTENDANCE_MB", 100, minimum=1),
        "oneroster_zip": env.integer("ROPDESK_UPLOAD_ONEROSTER_MB", 200, minimum=1),
        "csv_template": env.integer("ROPDESK_UPLOAD_TEMPLATE_MB", 20, minimum=1),
        "timesheet_csv": env.integer("ROPDESK_UPLOAD_TIMESHEET_MB", 20, minimum=1),
        "resume_json": env.integer("ROPDESK_UPLOAD_RESUME_JSON_MB", 1, minimum=1),
    },
    # A zip (OneRoster package) may hold this many files, expanding to this many MB in all,
    # and no member more than this many times its compressed size (CSV compresses 5-30 times;
    # a zip bomb a thousand).
    "ZIP_MAX_MEMBERS": env.integer("ROPDESK_ZIP_MAX_MEMBERS", 50, minimum=1),
    "ZIP_MAX_TOTAL_MB": env.integer("ROPDESK_ZIP_MAX_TOTAL_MB", 256, minimum=1),
    "ZIP_MAX_RATIO": env.integer("ROPDESK_ZIP_MAX_RATIO", 200, minimum=1),
    # Rate limits: (requests, seconds) per client address and per e-mail address typed in the
    # form; "signin" counts failed passwords per address.
    "RATE_LIMITS": {
        "complaint": {"address": (10, 3600), "target": (5, 3600)},
        "apply": {"address": (60, 3600), "target": (5, 3600)},
        "password_reset": {"address": (10, 3600), "target": (3, 3600)},
        "signin": {"address": (50, 900)},
        "credential_check": {"address": (60, 3600)},
    },
}

# --- Marks and the district return files (docs/district-returns.md) ---
ROPDESK.update(
    {
        # Credits a section is worth when its course has no credit value of its own.
        "MARKS_DEFAULT_CREDITS": env.decimal("ROPDESK_MARKS_DEFAULT_CREDITS", "5.00"),
        # Which layout file (ropdesk/returns/data/VERSION.json) the files are written to.
        "CALPADS_SPEC_VERSION": env.text("ROPDESK_CALPADS_SPEC_VERSION", "ropdesk-2026.1"),
        # Where the office keeps its own copies of the layout files (VERSION.json), looked in
        # before the shipped ones of ropdesk/returns/data (docs/district-returns.md).
        "CALPADS_LAYOUT_DIR": env.text("ROPDESK_CALPADS_LAYOUT_DIR", str(VAR_DIR / "calpads")),
        # CRS-Content Area Category Code of every ROP course (unconfirmed code; see the docs).
        "CALPADS_CONTENT_AREA_CODE": env.text("ROPDESK_CALPADS_CONTENT_AREA_CODE", "CTE"),
        # CTE Course Section Provider Code: the ROP as provider (unconfirmed code; see the docs).
        "CALPADS_CTE_PROVIDER_CODE": env.text("ROPDESK_CALPADS_CTE_PROVIDER_CODE", "2"),
        # The SEID reported for an instructor who has none (staff who are not the district's):
        # CALPADS accepts 9999999999 for them (Infinite Campus KB, "CALPADS Course Section").
        "CALPADS_SEID_PLACEHOLDER": env.text("ROPDESK_CALPADS_SEID_PLACEHOLDER", "9999999999"),
    }
)

# --- The worker (ropdesk/core/worker.py, docs/operations.md) ---
ROPDESK.update(
    {
        # A running import beats every JOB_HEARTBEAT_SECONDS; one silent for JOB_LEASE_SECONDS
        # lost its worker and is failed with that reason.
        "JOB_HEARTBEAT_SECONDS": env.integer("ROPDESK_JOB_HEARTBEAT_SECONDS", 10, minimum=1),
        "JOB_LEASE_SECONDS": env.integer("ROPDESK_JOB_LEASE_SECONDS", 120, minimum=10),
        # How long the file a report job built is kept for its download (it may hold student
        # records: a district's return files); then it is removed and asked for again.
        "REPORT_KEEP_HOURS": env.integer("ROPDESK_REPORT_KEEP_HOURS", 24, minimum=1),
        # An uploaded import file (rosters, attendance, hours: student records) is kept this
        # many days after its import finished, for a second look, then emptied; the job keeps
        # its name, checksum, result and problems.
        "IMPORT_FILE_KEEP_DAYS": env.integer("ROPDESK_IMPORT_FILE_KEEP_DAYS", 30, minimum=1),
        # A start page checks its trainees' work-based-learning rules in the request up to
        # this many trainees; for more (a county's office) the worker does (worksite/queries.py).
        "WBL_SUMMARY_INLINE_TRAINEES": env.integer(
            "ROPDESK_WBL_SUMMARY_INLINE_TRAINEES", 2000, minimum=0
        ),
        # Tries of one task before it fails for good (mail, imports blocked by a busy
        # database, reminders), and the waits between them in seconds.
        "TASK_ATTEMPTS": env.integer("ROPDESK_TASK_ATTEMPTS", 4, minimum=1),
        "TASK_RETRY_DELAYS": [30, 120, 600],
        # Periodic work the worker starts once a day at a local time (HH:MM), instead of cron.
        "SCHEDULE": {
            # Districts' OneRoster packages dropped in their feeds' folders (interop/pickup.py).
            "district-feed-pickup": {
                "call": "ropdesk.interop.pickup.pickup_scheduled",
                "at": env.time_of_day("ROPDESK_FEED_PICKUP_AT", "05:30"),
            },
            "worksite-reminders": {
                "call": "ropdesk.worksite.reminders.reminders_send",
                "at": env.time_of_day("ROPDESK_WORKSITE_REMINDERS_AT", "06:30"),
            },
            "complaint-reminders": {
                "call": "ropdesk.complaints.reminders.reminders_send",
                "at": env.time_of_day("ROPDESK_COMPLAINT_REMINDERS_AT", "07:00"),
            },
            "followup-reminders": {
                "call": "ropdesk.outcomes.services.reminders_send",
                "at": env.time_of_day("ROPDESK_FOLLOWUP_REMINDERS_AT", "08:00"),
            },
            # Catalog search documents rebuilt where a course changed outside the services.
            "catalog-search-index": {
                "call": "ropdesk.catalog.search.search_index_scheduled",
                "at": env.time_of_day("ROPDESK_SEARCH_INDEX_AT", "04:30"),
            },
            # Absence notices, after the school day (off unless ROPDESK_ABSENCE_NOTICES).
            "absence-notices": {
                "call": "ropdesk.attendance.notices.absence_notices_send",
                "at": env.time_of_day("ROPDESK_ABSENCE_NOTICES_AT", "17:30"),
            },
            "portfolio-follow-ups": {
                "call": "ropdesk.portfolio.reminders.follow_ups_send",
                "at": env.time_of_day("ROPDESK_PORTFOLIO_FOLLOW_UPS_AT", "07:15"),
            },
        },
    }
)

# --- Outcomes (docs/outcomes.md, "Settings"); the defaults and their sources: outcomes/rules.py ---
ROPDESK["OUTCOMES"] = {
    "MINIMUM_CELL": env.integer("ROPDESK_OUTCOMES_MINIMUM_CELL", 10, minimum=1),
    "TARGET_RESPONSE_RATE": env.integer("ROPDESK_OUTCOMES_TARGET_RESPONSE_RATE", 75, minimum=0),
}

# A value of the wrong kind anywhere above stops here, naming the variable and the value.
env.raise_if_invalid()
