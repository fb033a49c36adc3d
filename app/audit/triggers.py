"""Database triggers that make the audit tables append-only: UPDATE and DELETE (and, on
PostgreSQL, TRUNCATE) are refused by the database itself, whoever connects. Installed by
migration 0006; re-keying (`flask audit rekey`) lifts them inside its own transaction."""
from __future__ import annotations

from sqlalchemy.engine import Connection

TABLES = ("audit_event", "audit_checkpoint")
MESSAGE = "append-only: audit rows cannot be changed or deleted"


def install(conn: Connection) -> None:
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(
            "CREATE OR REPLACE FUNCTION audit_append_only() RETURNS trigger AS $$ BEGIN "
            f"RAISE EXCEPTION USING MESSAGE = TG_TABLE_NAME || ': {MESSAGE}'; END $$ "
            "LANGUAGE plpgsql")
        for table in TABLES:
            conn.exec_driver_sql(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION audit_append_only()")
            conn.exec_driver_sql(
                f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only()")
        return
    for table in TABLES:
        for verb in ("UPDATE", "DELETE"):
            conn.exec_driver_sql(
                f"CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table} "
                f"BEGIN SELECT RAISE(ABORT, '{table}: {MESSAGE}'); END")


def remove(conn: Connection) -> None:
    if conn.dialect.name == "postgresql":
        for table in TABLES:
            conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
            conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}")
        conn.exec_driver_sql("DROP FUNCTION IF EXISTS audit_append_only()")
        return
    for table in TABLES:
        for verb in ("update", "delete"):
            conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {table}_no_{verb}")


def installed(conn: Connection) -> bool:
    if conn.dialect.name == "postgresql":
        return bool(conn.exec_driver_sql(
            "SELECT 1 FROM pg_trigger WHERE tgname = 'audit_event_append_only'").scalar())
    return bool(conn.exec_driver_sql(
        "SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = 'audit_event_no_update'"
    ).scalar())
