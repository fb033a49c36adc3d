"""List performance at scale: pending-reports index, trigram search on report descriptions.

An index for pending reports per employee, one for sorting reports by duration, and a trigram
index for searching activity report descriptions (SQLite FTS5 with triggers; PostgreSQL pg_trgm
GIN).

The FTS5 table and the trigram index are not ORM tables: app/core/fulltext.py creates the same
objects for `db.create_all()` and migrations/env.py leaves them out of autogenerate.
PostgreSQL: pg_trgm is a trusted extension (PostgreSQL 13+): the database owner may create it.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28 07:00:00

"""
from alembic import op

# revision identifiers, used by Alembic.
revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

FTS = "activity_report_description_fts"
SQLITE_UP = [
    f"CREATE VIRTUAL TABLE {FTS} USING fts5(description, content='activity_report', "
    f"content_rowid='id', tokenize='trigram')",
    f"CREATE TRIGGER {FTS}_ai AFTER INSERT ON activity_report BEGIN "
    f"INSERT INTO {FTS}(rowid, description) VALUES (new.id, new.description); END",
    f"CREATE TRIGGER {FTS}_ad AFTER DELETE ON activity_report BEGIN "
    f"INSERT INTO {FTS}({FTS}, rowid, description) VALUES ('delete', old.id, old.description); END",
    f"CREATE TRIGGER {FTS}_au AFTER UPDATE OF description ON activity_report BEGIN "
    f"INSERT INTO {FTS}({FTS}, rowid, description) VALUES ('delete', old.id, old.description); "
    f"INSERT INTO {FTS}(rowid, description) VALUES (new.id, new.description); END",
    f"INSERT INTO {FTS}({FTS}) VALUES ('rebuild')",
]
POSTGRESQL_UP = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX ix_activity_report_description_trgm ON activity_report "
    "USING gin (description gin_trgm_ops)",
]


def upgrade():
    with op.batch_alter_table('activity_report', schema=None) as batch_op:
        batch_op.create_index('ix_activity_report_status_employee',
                              ['status', 'employee_id', 'date'], unique=False)
        batch_op.create_index(batch_op.f('ix_activity_report_duration_minutes'),
                              ['duration_minutes'], unique=False)
    dialect = op.get_bind().dialect.name
    for statement in {"sqlite": SQLITE_UP, "postgresql": POSTGRESQL_UP}.get(dialect, []):
        op.execute(statement)


def downgrade():
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for suffix in ("ai", "ad", "au"):
            op.execute(f"DROP TRIGGER IF EXISTS {FTS}_{suffix}")
        op.execute(f"DROP TABLE IF EXISTS {FTS}")
    elif dialect == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_activity_report_description_trgm")
    with op.batch_alter_table('activity_report', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_activity_report_duration_minutes'))
        batch_op.drop_index('ix_activity_report_status_employee')
