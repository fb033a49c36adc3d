"""Index-backed substring search for long text columns (activity report descriptions).

`column ILIKE '%term%'` reads every row: 4-8 s over a million descriptions when the term is rare.
A registered column gets a trigram index that keeps the same meaning (case-insensitive
substring, not word or stem matching, so "verifikasi" still finds "Memverifikasi"):

* SQLite: an external-content FTS5 table with the trigram tokenizer, kept in step with the
  table by triggers. `match()` turns a term into `id IN (SELECT rowid FROM ..._fts WHERE ... MATCH
  '"term"')`. FTS5 hands back every match unordered, so for a term found in thousands of rows
  sorting them costs more than the plain LIKE, which walks the date index and stops at the
  page's last row: `match()` first counts matches up to PROBE_LIMIT (a few ms) and leaves common
  terms to LIKE.
* PostgreSQL: a pg_trgm GIN index, which serves `ILIKE '%term%'` as it is (the search must not
  wrap the column in a CAST, see `SecureModelView._apply_search`); the planner weighs it.

Migration 0002 creates these objects; `register()` adds the same DDL to `db.create_all()` (the
test suite) and names them for Alembic's comparison (migrations/env.py ignores them).
Terms under three characters have no trigram and fall back to LIKE.

SQLite trap: a later migration that rebuilds `activity_report` (batch mode "move and copy") drops
its triggers; recreate them there (the statements of `sqlite_ddl()` minus the CREATE VIRTUAL
TABLE), or the index silently stops following the table.
"""
from __future__ import annotations

import weakref
from contextlib import contextmanager

from sqlalchemy import (DDL, Column, column as sql_column, event, func, select, table as sql_table,
                        text)

# Above this many matches a term is "common": LIKE in page order beats sorting every match.
PROBE_LIMIT = 5000

_registered: dict[tuple[str, str], tuple] = {}  # (table, column) -> (Table, primary key)
_sqlite_ready: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def fts_table(table: str, column: str) -> str:
    return f"{table}_{column}_fts"


def trigram_index(table: str, column: str) -> str:
    return f"ix_{table}_{column}_trgm"


def sqlite_ddl(table: str, column: str, pk: str) -> list[str]:
    fts = fts_table(table, column)
    return [
        f"CREATE VIRTUAL TABLE {fts} USING fts5({column}, content='{table}', "
        f"content_rowid='{pk}', tokenize='trigram')",
        f"CREATE TRIGGER {fts}_ai AFTER INSERT ON {table} BEGIN "
        f"INSERT INTO {fts}(rowid, {column}) VALUES (new.{pk}, new.{column}); END",
        f"CREATE TRIGGER {fts}_ad AFTER DELETE ON {table} BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, {column}) VALUES ('delete', old.{pk}, old.{column}); END",
        f"CREATE TRIGGER {fts}_au AFTER UPDATE OF {column} ON {table} BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, {column}) VALUES ('delete', old.{pk}, old.{column}); "
        f"INSERT INTO {fts}(rowid, {column}) VALUES (new.{pk}, new.{column}); END",
        f"INSERT INTO {fts}({fts}) VALUES ('rebuild')",
    ]


def postgresql_ddl(table: str, column: str) -> list[str]:
    return ["CREATE EXTENSION IF NOT EXISTS pg_trgm",
            f"CREATE INDEX {trigram_index(table, column)} ON {table} "
            f"USING gin ({column} gin_trgm_ops)"]


def register(column: Column) -> None:
    """Give a text column of a table with an integer primary key a trigram index."""
    table = column.table
    pk = next(iter(table.primary_key.columns)).name
    _registered[(table.name, column.name)] = (table, pk)
    for statement in sqlite_ddl(table.name, column.name, pk):
        event.listen(table, "after_create", DDL(statement).execute_if(dialect="sqlite"))
    for statement in postgresql_ddl(table.name, column.name):
        event.listen(table, "after_create", DDL(statement).execute_if(dialect="postgresql"))
    event.listen(table, "before_drop", DDL(
        f"DROP TABLE IF EXISTS {fts_table(table.name, column.name)}").execute_if(dialect="sqlite"))


def managed_names() -> set[str]:
    """Database objects of registered columns that the ORM metadata does not describe."""
    names = set()
    for table, column in _registered:
        fts = fts_table(table, column)
        names |= {fts, trigram_index(table, column)}
        names |= {f"{fts}_{suffix}" for suffix in ("data", "idx", "docsize", "config", "content")}
    return names


def include_name(name, type_, parent_names) -> bool:
    """Alembic `include_name` hook: compare everything but these objects (migrations/env.py)."""
    return name not in managed_names()


def match(session, column, term: str):
    """An FTS5 clause equivalent to `column ILIKE '%term%'` on SQLite, or None: when `column`
    is not a registered table column, the database is not SQLite, the FTS table is missing, the
    term is shorter than a trigram, or the term is common (LIKE in page order is faster then)."""
    expression = getattr(column, "expression", column)
    table = getattr(expression, "table", None)
    key = (getattr(table, "name", None), getattr(expression, "name", None))
    if key not in _registered or _registered[key][0] is not table or len(term) < 3:
        return None  # not indexed (an aliased join path is not the indexed table either)
    if session.get_bind().dialect.name != "sqlite" or not _fts_present(session, fts_table(*key)):
        return None
    fts = sql_table(fts_table(*key), sql_column("rowid"), sql_column(key[1]))
    phrase = '"' + term.replace('"', '""') + '"'  # a phrase: no FTS5 query syntax from users
    matches = select(fts.c.rowid).where(fts.c[key[1]].match(phrase))
    found = session.scalar(select(func.count()).select_from(matches.limit(PROBE_LIMIT).subquery()))
    if found >= PROBE_LIMIT:
        return None
    return table.c[_registered[key][1]].in_(matches)


@contextmanager
def deferred(conn, table: str, column: str):
    """For bulk inserts on SQLite: index the new rows in one statement at the end instead of by
    the insert trigger, one row at a time (300,000 rows: 4 s instead of 22 s). The trigger is
    dropped and recreated inside the caller's transaction. Nothing to do elsewhere."""
    fts, pk = fts_table(table, column), _registered[(table, column)][1]
    trigger = conn.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?", (f"{fts}_ai",)
    ).scalar() if conn.dialect.name == "sqlite" else None
    if trigger is None:
        yield
        return
    last = conn.exec_driver_sql(f"SELECT max({pk}) FROM {table}").scalar() or 0
    conn.exec_driver_sql(f"DROP TRIGGER {fts}_ai")
    try:
        yield
        conn.exec_driver_sql(f"INSERT INTO {fts}(rowid, {column}) "
                             f"SELECT {pk}, {column} FROM {table} WHERE {pk} > ?", (last,))
    finally:
        conn.exec_driver_sql(trigger)


def _fts_present(session, name: str) -> bool:
    """Whether the FTS table exists (a database not yet upgraded lacks it); once per engine."""
    engine = session.get_bind()
    if engine not in _sqlite_ready:
        _sqlite_ready[engine] = session.execute(
            text("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = :name"),
            {"name": name}).first() is not None
    return _sqlite_ready[engine]
