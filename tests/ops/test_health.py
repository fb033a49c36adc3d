"""/healthz reports each part a production installation depends on, without figures or
addresses; a part requests cannot do without makes it 503, low disk only degrades it."""
from collections import namedtuple

import pytest

from app.extensions import db
from app.public import health

Usage = namedtuple("Usage", "total used free")


def test_healthy_installation(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    assert response.get_json() == {"status": "ok", "app": "ok", "database": "ok",
                                   "limits": "memory", "disk": "ok"}


def test_database_down_is_503(client, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("connection refused")

    monkeypatch.setattr(db.session, "execute", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["database"] == "error"
    assert response.get_json()["status"] == "error"


def test_low_disk_degrades_but_serves(client, monkeypatch):
    monkeypatch.setattr(health.shutil, "disk_usage", lambda path: Usage(100 * 1024 ** 3, 0,
                                                                         2 * 1024 ** 2))
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json()["disk"] == "low"
    assert response.get_json()["status"] == "degraded"


def test_unreachable_redis_for_limits_and_jobs_is_503(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "RATELIMIT_STORAGE_URI", "redis://127.0.0.1:1")
    monkeypatch.setattr(health.limiter, "_storage", None)  # `storage` asserts a storage exists
    monkeypatch.setitem(app.config, "JOBS_URL", "redis://127.0.0.1:1/0")
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.get_json()
    assert body["limits"] == "error" and body["jobs"] == "error"
    assert "127.0.0.1" not in response.get_data(as_text=True)  # no addresses


@pytest.mark.parametrize("url", ["redis://127.0.0.1:6379/0"])
def test_reachable_redis_is_ok(app, url):
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=0.5).ping()
    except redis.RedisError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    assert health.redis_ping(url) == "ok"
