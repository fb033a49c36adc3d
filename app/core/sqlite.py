"""SQLite connection settings: enforce foreign keys and allow concurrent readers (WAL); keep
the query planner's statistics current.

Without statistics (`sqlite_stat1`) SQLite guesses that `status = ?` matches about ten rows.
A supervisor's list of submitted reports (`employee_id IN (their staff) AND status = ?`, newest
first) then walked every submitted report in date order looking for their few staff: 0.5 s at
200,000 reports against 0.5 ms once the statistics exist (bench/README.md). So `ANALYZE` runs in
migration 0007_lists_indexes, and `PRAGMA optimize` (which re-analyzes only the tables that
have grown since, with a bounded sample: `analysis_limit`) runs when a connection goes back to
the pool, at most once an hour per process, as SQLite's documentation advises for long-lived
connections.
"""
import threading
import time

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.pool import Pool

OPTIMIZE_EVERY = 3600  # seconds
_last_optimize = [time.monotonic()]
_lock = threading.Lock()


def _is_sqlite(dbapi_connection) -> bool:
    return type(dbapi_connection).__module__.startswith("sqlite3")


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, connection_record):
    if _is_sqlite(dbapi_connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        # Wait up to 30 s for another writer's lock: a slow, busy machine holds one for
        # seconds, and "database is locked" would be an error for no reason.
        cursor.execute("PRAGMA busy_timeout=30000")
        # (rows sampled per index by ANALYZE and PRAGMA optimize: a bounded cost)
        cursor.execute("PRAGMA analysis_limit=1000")
        cursor.close()


@event.listens_for(Pool, "checkin")
def _sqlite_optimize(dbapi_connection, connection_record):
    if dbapi_connection is None or not _is_sqlite(dbapi_connection):
        return
    with _lock:
        if time.monotonic() - _last_optimize[0] < OPTIMIZE_EVERY:
            return
        _last_optimize[0] = time.monotonic()
    try:
        dbapi_connection.execute("PRAGMA optimize")
    except Exception:  # noqa: BLE001 - statistics are an optimisation, never an error
        pass
