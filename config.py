"""Configuration classes; environment variables prefixed KINERJA_ (and DATABASE_URL) override them."""
import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = BASE_DIR / "instance"
TRANSLATIONS_DIR = BASE_DIR / "translations"

# Secret keys that must never reach production: refused outside development and testing.
WEAK_SECRET_KEYS = {"", "dev", "changeme", "secret", "dev-only-not-secret"}


class Config:
    SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-not-secret")
    SQLALCHEMY_DATABASE_URI = os.environ.get(
        "DATABASE_URL", f"sqlite:///{INSTANCE_DIR / 'kinerja.db'}"
    )
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
    PERMANENT_SESSION_LIFETIME = 8 * 3600

    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    RATELIMIT_HEADERS_ENABLED = False
    # Login throttling: attempts per window, keyed on IP and on account separately.
    # Offices share one public IP, so the IP-wide limit is generous and the tight limit is
    # keyed on IP and account together; a looser account-wide limit slows distributed guessing.
    LOGIN_LIMIT_PER_IP = "60 per 15 minutes"
    LOGIN_LIMIT_PER_ACCOUNT = "5 per 15 minutes"
    LOGIN_LIMIT_PER_ACCOUNT_GLOBAL = "20 per 15 minutes"

    PASSWORD_HASH_PARAMS: dict = {}  # argon2-cffi defaults (RFC 9106 low-memory profile)

    UPLOAD_DIR = str(INSTANCE_DIR / "uploads")
    MAX_CONTENT_LENGTH = 10 * 1024 * 1024
    ALLOWED_EVIDENCE_EXTENSIONS = {"pdf", "jpg", "jpeg", "png", "docx", "xlsx", "odt", "ods"}

    EXPORT_MAX_ROWS = 200_000

    # Notifications by e-mail when MAIL_SERVER is set; otherwise they are written to the log.
    MAIL_SERVER = os.environ.get("MAIL_SERVER")
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "25"))
    MAIL_FROM = os.environ.get("MAIL_FROM", "kinerja@manokwarikab.go.id")

    # Plugins: packages whose sub-packages are plugins (plus the `kinerja.plugins` entry points),
    # and the names to load (a list, or a comma-separated KINERJA_PLUGINS).
    PLUGIN_PACKAGES = ["plugins"]
    PLUGINS: list[str] = ["appraisal"]
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
    UPLOAD_DIR = str(INSTANCE_DIR / "test-uploads")
    # Cheap hashing keeps fixtures fast; the algorithm and code path are the production ones.
    PASSWORD_HASH_PARAMS = {"time_cost": 1, "memory_cost": 1024, "parallelism": 1}


class ProductionConfig(Config):
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True


CONFIGS = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}
