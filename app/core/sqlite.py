"""SQLite connection settings: enforce foreign keys and allow concurrent readers (WAL)."""
from sqlalchemy import event
from sqlalchemy.engine import Engine


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, connection_record):
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        # Wait up to 30 s for another writer's lock: a slow, busy machine holds one for
        # seconds, and "database is locked" would be an error for no reason.
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()
