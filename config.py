"""Configuration classes: the defaults of every setting, and nothing read from the environment.

`create_app` (app/settings.py) applies the environment on top: any `KINERJA_<NAME>` sets
`<NAME>`, and the conventional names in `ENVIRONMENT_ALIASES` (DATABASE_URL, ...) set theirs.
Every setting is documented in one table, README *Settings*.
"""
from datetime import datetime, timedelta, timezone
from pathlib import Path

from flask_security import uia_username_mapper

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = BASE_DIR / "instance"
TRANSLATIONS_DIR = BASE_DIR / "translations"

# Secret keys that must never reach production: refused outside development and testing.
WEAK_SECRET_KEYS = {"", "dev", "changeme", "secret", "dev-only-not-secret"}


class Config:
    SECRET_KEY = "dev-only-not-secret"
    SQLALCHEMY_DATABASE_URI = f"sqlite:///{INSTANCE_DIR / 'kinerja.db'}"
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    SQLALCHEMY_TRACK_MODIFICATIONS = False

    # Flask-Babel: Indonesian first; our catalogue plus WTForms' and Flask-Admin's in one domain
    # so plain gettext (our own forms, templates) also finds their messages.
    BABEL_DEFAULT_LOCALE = "id"
    BABEL_DEFAULT_TIMEZONE = "Asia/Jayapura"
    BABEL_TRANSLATION_DIRECTORIES = ";".join([str(TRANSLATIONS_DIR)] * 3)
    BABEL_DOMAIN = "messages;wtforms;admin"
    LANGUAGES = {"id": "Bahasa Indonesia", "en": "English"}

    WTF_CSRF_TIME_LIMIT = 8 * 3600
    WTF_I18N_ENABLED = False  # our forms carry their own translations (app.i18n)

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    # Sessions (app.auth.sessions): logged out after this many seconds without a request, and
    # this many seconds after the password was typed, whatever happens; "remember me" (which
    # survives closing the browser and idle time) never outlives the absolute lifetime.
    SESSION_IDLE_TIMEOUT = 30 * 60
    SESSION_ABSOLUTE_LIFETIME = 8 * 3600
    PERMANENT_SESSION_LIFETIME = 8 * 3600
    # Number of reverse proxies in front of the app whose X-Forwarded-For/-Proto to trust (0:
    # none). Login throttling keys on the client's address: behind nginx set 1.
    PROXY_FIX = 0
    # HSTS header value; only the production config sets it (it needs HTTPS).
    HSTS = None
    LOG_LEVEL = "INFO"  # the `app` logger (security events) on stderr

    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_HEADERS_ENABLED = False
    # Login throttling (app.auth.throttle), counted on failures only. Offices share one public
    # IP, so the IP-wide limit is generous; the hard limit is keyed on IP and account together.
    # The account-wide limit is soft: a staircase of waits that grows with the failures, and a
    # browser that logged in to the account before is exempt, so guessing from elsewhere cannot
    # keep the owner out. HR can unlock an account in the user admin.
    LOGIN_LIMIT_PER_IP = "60 per 15 minutes"
    LOGIN_LIMIT_PER_ACCOUNT = "5 per 15 minutes"
    LOGIN_LIMIT_PER_ACCOUNT_GLOBAL = "10 per 15 minutes; 20 per hour; 40 per day"
    LOGIN_TRUSTED_DEVICE_DAYS = 90

    # Passwords (app.auth.passwords): length in characters, and the common-password list.
    PASSWORD_MIN_LENGTH = 12
    PASSWORD_MAX_LENGTH = 128
    # Two-factor (TOTP with recovery codes) is optional for everyone; this makes it
    # compulsory for HR administrators (on in production).
    TWO_FACTOR_REQUIRED_FOR_HR_ADMIN = False

    # Flask-Security: login by username, argon2 (argon2-cffi's own defaults, RFC 9106
    # low-memory profile, so hashes made before the move keep verifying without a rehash),
    # change password, TOTP two-factor with recovery codes; our templates, our CSRFProtect.
    SECURITY_BLUEPRINT_NAME = "auth"  # endpoints stay auth.login, auth.logout
    SECURITY_CLI_USERS_NAME = False  # its e-mail based `flask users` would skip our rules
    SECURITY_CLI_ROLES_NAME = False
    SECURITY_PASSWORD_HASH = "argon2"
    SECURITY_PASSWORD_SCHEMES = ["argon2"]
    SECURITY_PASSWORD_SINGLE_HASH = True  # existing hashes are of the bare password
    SECURITY_PASSWORD_NORMALIZE_FORM = None  # ...of the bare password as typed
    SECURITY_PASSWORD_HASH_PASSLIB_OPTIONS = {
        "argon2__rounds": 3, "argon2__memory_cost": 65536, "argon2__parallelism": 4}
    SECURITY_USER_IDENTITY_ATTRIBUTES = [{"username": {"mapper": uia_username_mapper,
                                                       "case_insensitive": True}}]
    SECURITY_TRACKABLE = True
    SECURITY_CHANGEABLE = True
    SECURITY_SEND_PASSWORD_CHANGE_EMAIL = False
    SECURITY_TWO_FACTOR = True
    SECURITY_TWO_FACTOR_ENABLED_METHODS = ["authenticator"]
    SECURITY_TWO_FACTOR_RESCUE_EMAIL = False
    SECURITY_MULTI_FACTOR_RECOVERY_CODES = True
    SECURITY_MULTI_FACTOR_RECOVERY_CODES_N = 8
    SECURITY_TOTP_ISSUER = "Portal Kinerja ASN"
    # TOTP_SECRETS encrypt the authenticator secrets at rest; unset, they are derived from
    # SECRET_KEY (app.auth.security), so changing SECRET_KEY then resets two-factor.
    SECURITY_TOTP_SECRETS = None
    SECURITY_FRESHNESS = timedelta(minutes=15)  # re-enter the password before 2FA changes
    SECURITY_FRESHNESS_GRACE_PERIOD = timedelta(minutes=5)
    SECURITY_RETURN_GENERIC_RESPONSES = True  # one message for unknown user / wrong password
    SECURITY_MSG_GENERIC_AUTHN_FAILED = ("Wrong username or password.", "error")
    SECURITY_API_ENABLED_METHODS = ["session"]  # no token logins
    SECURITY_POST_LOGIN_VIEW = "admin.index"
    SECURITY_POST_LOGOUT_VIEW = "auth.login"
    SECURITY_POST_CHANGE_VIEW = "admin.index"
    SECURITY_I18N_DIRNAME = str(TRANSLATIONS_DIR)  # its messages in our flask_security.po
    SECURITY_DATETIME_FACTORY = staticmethod(lambda: datetime.now(timezone.utc))
    SECURITY_LOGIN_USER_TEMPLATE = "auth/login.html"
    SECURITY_VERIFY_TEMPLATE = "auth/verify.html"
    SECURITY_CHANGE_PASSWORD_TEMPLATE = "auth/change_password.html"
    SECURITY_TWO_FACTOR_SETUP_TEMPLATE = "auth/two_factor_setup.html"
    SECURITY_TWO_FACTOR_VERIFY_CODE_TEMPLATE = "auth/two_factor_verify_code.html"
    SECURITY_MULTI_FACTOR_RECOVERY_CODES_TEMPLATE = "auth/recovery_codes.html"
    SECURITY_MULTI_FACTOR_RECOVERY_TEMPLATE = "auth/recovery.html"

    UPLOAD_DIR = str(INSTANCE_DIR / "uploads")
    MAX_CONTENT_LENGTH = 10 * 1024 * 1024
    ALLOWED_EVIDENCE_EXTENSIONS = {"pdf", "jpg", "jpeg", "png", "docx", "xlsx", "odt", "ods"}

    EXPORT_MAX_ROWS = 200_000
    # `flask backup` without a target writes kinerja-<UTC time>.tar here (app.backup).
    BACKUP_DIR = str(INSTANCE_DIR / "backups")

    # The audit chain's HMAC key (KINERJA_AUDIT_KEY), kept outside the database: whoever holds
    # only the database cannot rewrite the trail and recompute a chain that verifies. Required
    # outside development and testing, which fall back to a fixed, public development key.
    AUDIT_KEY = None
    # A signed checkpoint of the chain's head is written when the newest is older than this
    # (at the next audited write or verify; also `flask audit checkpoint`, e.g. from cron).
    AUDIT_CHECKPOINT_EVERY = 24 * 3600
    # Daily activity reports (DOMAIN 4): how many days back a report may be dated (HR may
    # extend it per person), and the daily norm past which a day's reports get a warning.
    ACTIVITY_BACKDATE_DAYS = 7
    ACTIVITY_DAILY_NORM_MINUTES = 450
    # Daily reports written offline on a phone (app.daily): the largest photo accepted as
    # evidence (a phone camera's JPEG is 2-5 MB), and how many reports one account may send a
    # minute (a queue of a week's reports goes through at once; a runaway script does not).
    OFFLINE_PHOTO_MAX_BYTES = 5 * 1024 * 1024
    OFFLINE_SYNC_LIMIT = "60 per minute"
    # PPPK NIP: the codes that stand where a PNS NIP has the TMT month (DOMAIN 1).
    PPPK_NIP_CODES = ["21"]

    # Public pages and open data never show an aggregate over fewer people than this (DOMAIN 6).
    PUBLIC_MIN_GROUP = 5
    # Seconds the transparency page's sections and open datasets are kept before recomputing.
    PUBLIC_CACHE_SECONDS = 300

    # Notifications by e-mail when MAIL_SERVER is set; otherwise they are written to the log.
    MAIL_SERVER = None
    MAIL_PORT = 25
    MAIL_FROM = "kinerja@manokwarikab.go.id"

    # Plugins: packages whose sub-packages are plugins (plus the `kinerja.plugins` entry points),
    # and the names to load (a list, or a comma-separated KINERJA_PLUGINS).
    PLUGIN_PACKAGES = ["plugins"]
    PLUGINS: list[str] = ["appraisal", "training", "forum", "survey"]
    FLASK_ADMIN_SWATCH = "default"
    APP_NAME = "Portal Kinerja ASN"
    ORG_NAME = "Pemerintah Kabupaten Manokwari"


class DevelopmentConfig(Config):
    DEBUG = False


class TestingConfig(Config):
    TESTING = True
    SECRET_KEY = "testing-secret-key-not-for-production"
    SQLALCHEMY_DATABASE_URI = "sqlite://"  # tests pass their own database (tests/conftest.py)
    RATELIMIT_STORAGE_URI = "memory://"
    PUBLIC_CACHE_SECONDS = 0  # tests change data between requests
    UPLOAD_DIR = str(INSTANCE_DIR / "test-uploads")
    # Cheap hashing keeps fixtures fast; the algorithm and code path are the production ones.
    SECURITY_PASSWORD_HASH_PASSLIB_OPTIONS = {
        "argon2__rounds": 1, "argon2__memory_cost": 1024, "argon2__parallelism": 1}


class ProductionConfig(Config):
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    HSTS = "max-age=31536000; includeSubDomains"  # one year
    TWO_FACTOR_REQUIRED_FOR_HR_ADMIN = True


# Conventional variable names (without the KINERJA_ prefix) that operators and platforms set,
# and the setting each fills. A KINERJA_<NAME> variable wins over its alias.
ENVIRONMENT_ALIASES = {
    "DATABASE_URL": "SQLALCHEMY_DATABASE_URI",
    "SECRET_KEY": "SECRET_KEY",
    "RATELIMIT_STORAGE_URI": "RATELIMIT_STORAGE_URI",
    "MAIL_SERVER": "MAIL_SERVER",
    "MAIL_PORT": "MAIL_PORT",
    "MAIL_FROM": "MAIL_FROM",
}

# KINERJA_ variables that choose how the app or its tests run rather than set a config key.
ENVIRONMENT_SWITCHES = {"KINERJA_CONFIG", "KINERJA_TEST_ON_POSTGRES", "KINERJA_DOWNGRADE_FORCE",
                        "KINERJA_AUDIT_OLD_KEY", "KINERJA_FUZZ_SEED", "KINERJA_FUZZ_BUDGET"}

CONFIGS = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}
