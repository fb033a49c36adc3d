"""`flask db upgrade` from an empty database builds exactly the schema the models describe."""
import os
import uuid

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url

from app import create_app
from app.auth.models import Role
from app.core import fulltext
from app.core.roles import ROLES
from app.extensions import db
from tests.fixtures.core import ON_POSTGRES

pytestmark = pytest.mark.no_db
def _not_a_test_plugin(obj, name, type_, reflected, compare_to) -> bool:
    """Tables of the test suite's own plugins (tests/plugin_fixtures) have no migration in the
    app: their models are imported when pytest collects their tests, and a parallel worker may
    compare before (or without) running the module that drops them again."""
    table = obj if type_ == "table" else getattr(obj, "table", None)
    mapped = {m.local_table.name for m in db.Model.registry.mappers
              if m.class_.__module__.startswith("tests.")}
    return table is None or table.name not in mapped


# As migrations/env.py: the search index objects (FTS5 tables, pg_trgm index) are not ORM tables.
COMPARE = {"include_name": fulltext.include_name, "include_object": _not_a_test_plugin}


@pytest.fixture
def empty_database(tmp_path):
    if not ON_POSTGRES:
        yield f"sqlite:///{tmp_path / 'migrations.db'}"
        return
    server = make_url(os.environ["TEST_DATABASE_URL"])
    name = f"kinerja_migrations_{uuid.uuid4().hex[:8]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def test_upgrade_from_empty_matches_models_and_seeds_roles(empty_database):
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=empty_database)
    with app.app_context():
        upgrade(directory=app.extensions["migrate"].directory, revision="heads")
        with db.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn, opts=COMPARE), db.metadata)
        assert diff == [], f"models and migrations differ: {diff}"
        assert set(db.session.scalars(select(Role.name))) == set(ROLES)
        db.session.remove()
        downgrade(directory=app.extensions["migrate"].directory, revision="base")
        with db.engine.connect() as conn:
            assert compare_metadata(MigrationContext.configure(conn, opts=COMPARE), db.metadata) != []
        db.engine.dispose()
