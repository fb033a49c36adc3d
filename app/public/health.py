"""What /healthz reports: each part a production installation depends on, as one word.

`database` (a SELECT 1), `limits` (the rate-limit storage: `ok` for a reachable Redis,
`memory` when each process counts on its own, `error`), `jobs` (only when JOBS_URL names a
Redis: reachable or not), `disk` (`ok`, or `low` when the file system of the uploads, the
backups or a SQLite database has less than DISK_LOW_FRACTION or DISK_LOW_BYTES free).
No figures, paths or addresses: the endpoint is public, so that a load balancer and a monitor
can poll it without credentials. A part that requests cannot do without (the database, a
configured Redis) makes it answer 503; low disk answers 200 with `status: degraded`, so the
balancer keeps the server while the monitor raises the alarm.
"""
from __future__ import annotations

import shutil
from pathlib import Path

from flask import current_app
from sqlalchemy import text

from app.extensions import db, limiter

DISK_LOW_FRACTION = 0.05
DISK_LOW_BYTES = 1024 ** 3
REDIS_TIMEOUT = 1.0  # seconds: a health check must answer quickly even when Redis does not


def database() -> str:
    try:
        db.session.execute(text("SELECT 1"))
        return "ok"
    except Exception:  # noqa: BLE001 - any failure means the database is unreachable
        db.session.rollback()
        return "error"


def limits() -> str:
    if current_app.config["RATELIMIT_STORAGE_URI"].startswith("memory://"):
        return "memory"
    try:
        return "ok" if limiter.storage.check() else "error"
    except Exception:  # noqa: BLE001 - a storage that cannot even be asked is down
        return "error"


def redis_ping(url: str) -> str:
    import redis

    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=REDIS_TIMEOUT,
                                      socket_timeout=REDIS_TIMEOUT)
        try:
            return "ok" if client.ping() else "error"
        finally:
            client.close()
    except (redis.RedisError, OSError, ValueError):
        return "error"


def disk() -> str:
    folders = {Path(current_app.config["UPLOAD_DIR"]), Path(current_app.config["BACKUP_DIR"])}
    if db.engine.dialect.name == "sqlite" and db.engine.url.database:
        folders.add(Path(db.engine.url.database).parent)
    for folder in folders:
        while not folder.exists() and folder != folder.parent:
            folder = folder.parent  # the backup folder appears at the first backup
        usage = shutil.disk_usage(folder)
        if usage.free < min(DISK_LOW_BYTES, usage.total * DISK_LOW_FRACTION):
            return "low"
    return "ok"


def report() -> tuple[dict, int]:
    """The JSON body and HTTP status of /healthz."""
    parts = {"app": "ok", "database": database(), "limits": limits(), "disk": disk()}
    jobs_url = current_app.config.get("JOBS_URL") or ""
    if jobs_url.startswith(("redis://", "rediss://", "unix://")):
        parts["jobs"] = redis_ping(jobs_url)
    failed = "error" in parts.values()
    parts["status"] = "error" if failed else ("degraded" if parts["disk"] == "low" else "ok")
    return parts, 503 if failed else 200
