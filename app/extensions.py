"""Flask extensions, created unbound here and bound to the app in `create_app` (Flask-Security,
which keeps per-app state on its instance, is created per app in app.auth.security)."""
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

# Stable constraint names, so Alembic can alter constraints on SQLite and PostgreSQL alike.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
csrf = CSRFProtect()
limiter = Limiter(key_func=get_remote_address, default_limits=[])


@migrate.configure
def _plugin_migration_branches(config):
    """Each enabled plugin's `migrations/` folder is its own Alembic branch beside the core
    revisions; `flask db upgrade heads` applies them all."""
    import os

    from flask import current_app

    core = os.path.join(current_app.extensions["migrate"].directory, "versions")
    plugins = current_app.extensions.get("kinerja_plugins", {}).get("enabled", [])
    branches = [str(p.migrations_dir()) for p in plugins if p.migrations_dir()]
    config.set_main_option("version_locations", " ".join([core, *branches]))
    return config
