"""Dump and restore the database: SQLite through its online backup API, PostgreSQL through
`pg_dump`/`pg_restore` (the client programs must be installed, at least the server's version).

Both restores are all or nothing: SQLite's backup API copies every page into the live file
under one lock, and on PostgreSQL the old schema is dropped and the dump loaded by `psql` in a
single transaction, so a failure at any point leaves the database as it was.
"""
from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy import inspect, text
from sqlalchemy.engine import URL, Engine

from app.backup.archive import BackupError

SQLITE_MEMBER = "database.sqlite3"
POSTGRES_MEMBER = "database.pgdump"
# Waits longer than this for a lock during a PostgreSQL restore abort it (the app or a worker
# still holds a table): better a clear error than a restore that hangs.
LOCK_TIMEOUT = "15s"


def member_name(engine: Engine) -> str:
    return {"sqlite": SQLITE_MEMBER, "postgresql": POSTGRES_MEMBER}[supported(engine)]


def supported(engine: Engine) -> str:
    dialect = engine.dialect.name
    if dialect not in ("sqlite", "postgresql"):
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {dialect}.")
    if dialect == "sqlite" and not engine.url.database:
        raise BackupError("The database is in memory: there is nothing to back up.")
    return dialect


def table_counts(engine: Engine) -> dict[str, int]:
    """Rows per table, every table there is (plugins' too), as the database has them."""
    with engine.connect() as conn:
        names = [n for n in inspect(conn).get_table_names()
                 if not n.startswith("sqlite_") and "_fts" not in n]
        prepare = conn.dialect.identifier_preparer
        return {name: conn.execute(text(f"SELECT COUNT(*) FROM {prepare.quote(name)}")).scalar()
                for name in sorted(names)}


def revisions(engine: Engine) -> list[str]:
    """The Alembic revisions the schema is at (empty for a schema made without migrations)."""
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return []
        return sorted(conn.execute(text("SELECT version_num FROM alembic_version")).scalars())


def dump(engine: Engine, target: Path) -> None:
    if supported(engine) == "sqlite":
        _sqlite_copy(Path(engine.url.database), target)
    else:
        _run([_program("pg_dump"), "--format=custom", "--file", str(target),
              "--dbname", _conninfo(engine.url)], engine.url, "pg_dump")


def restore(engine: Engine, source: Path) -> None:
    engine.dispose()  # our own pooled connections would hold locks the restore needs
    if supported(engine) == "sqlite":
        _sqlite_copy(source, Path(engine.url.database))
    else:
        _postgres_restore(engine.url, source)
    engine.dispose()


def _sqlite_copy(source: Path, target: Path) -> None:
    """Copy one SQLite database into another page by page (the online backup API: readers and
    writers of the source carry on meanwhile; the target is replaced as a whole)."""
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=30)
    dst = sqlite3.connect(target, timeout=30)
    try:
        if src.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            raise BackupError(f"{source} is not a sound SQLite database; nothing was changed.")
        src.backup(dst)
    except sqlite3.DatabaseError as error:
        raise BackupError(f"SQLite could not copy {source} to {target}: {error}") from error
    finally:
        dst.close()
        src.close()


def _postgres_restore(url: URL, source: Path) -> None:
    """Drop the public schema and load the dump, in one `psql` transaction: `pg_restore
    --clean` alone would leave behind tables the dump does not have (from a newer migration),
    and a failure half way would leave a half-restored database."""
    script = subprocess.Popen(
        [_program("pg_restore"), "--no-owner", "--no-privileges", "--file", "-", str(source)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=_environment(url))
    try:
        _run([_program("psql"), "--no-psqlrc", "--quiet", "--single-transaction",
              "--set", "ON_ERROR_STOP=1", "--dbname", _conninfo(url),
              "--command", f"SET lock_timeout = '{LOCK_TIMEOUT}'",
              "--command", "DROP SCHEMA IF EXISTS public CASCADE",
              "--command", "CREATE SCHEMA public",
              "--file", "-"], url, "psql", stdin=script.stdout)
    finally:
        script.stdout.close()
        error = script.stderr.read().decode(errors="replace")
        if script.wait() != 0:
            raise BackupError(f"pg_restore could not read {source}: {error.strip()}")


def _program(name: str) -> str:
    path = shutil.which(name)
    if not path:
        raise BackupError(
            f"{name} is not installed, and PostgreSQL backups need it. Install the PostgreSQL "
            "client programs of the server's major version or newer (Debian: apt-get install "
            "postgresql-client).")
    return path


def _conninfo(url: URL) -> str:
    """A libpq URI without the password (that goes in PGPASSWORD, out of the process list);
    query parameters such as sslmode pass through."""
    return url.set(drivername="postgresql", password=None).render_as_string(hide_password=False)


def _environment(url: URL) -> dict:
    environment = dict(os.environ)
    if url.password:
        environment["PGPASSWORD"] = str(url.password)
    return environment


def _run(command: list[str], url: URL, name: str, stdin=None) -> None:
    result = subprocess.run(command, env=_environment(url), stdin=stdin, capture_output=True)
    if result.returncode != 0:
        message = result.stderr.decode(errors="replace").strip()
        if "version mismatch" in message:
            message += (" Install the PostgreSQL client programs of the server's major version "
                        "(Debian: postgresql-client-<version>).")
        raise BackupError(f"{name} failed ({result.returncode}): {message}")
