"""Nobody can lock someone else out: failures are limited hard per (source IP, account) and only
softly per account (a staircase of waits that browsers which logged in to the account before
skip); HR can lift an account's limits (a POST action, audited). The two-factor doors are
limited the same way."""
from __future__ import annotations

from app.auth.models import User
from app.extensions import db
from tests.auth.conftest import attempt, events, totp_now
from tests.auth.test_two_factor import enable
from tests.fixtures.core import Client
from tests.fixtures.world import PASSWORD

WRONG = "salah-sekali-123"


def _distributed_attack(app, account="pegawai", ips=12, per_ip=5):
    """Failures from many addresses, each staying under the per-IP-and-account limit, until the
    account-wide limit answers."""
    for n in range(ips):
        for _ in range(per_ip):
            attempt(Client(app), account, WRONG, ip=f"10.66.0.{n}")


def test_attacker_elsewhere_cannot_keep_the_owner_out(app, world):
    owner = Client(app)
    assert attempt(owner, "pegawai").status_code == 302  # the owner's browser
    assert owner.http.get_cookie("kinerja_device") is not None
    owner.post("/logout")

    _distributed_attack(app)
    # A new browser (no trace of a past login) waits: the soft limit applies...
    assert attempt(Client(app), "pegawai", ip="10.0.0.9").status_code == 429
    # ...but the owner's own browser gets in, even right now, from anywhere.
    response = attempt(owner, "pegawai", ip="10.0.0.6")
    assert response.status_code == 302 and response.headers["Location"].endswith("/admin/")
    [*_, throttled] = events(app, "login_throttled")
    assert throttled.changes_dict["account"] == "pegawai"
    assert throttled.changes_dict["ip"] == "10.0.0.9"


def test_device_cookie_is_per_account_and_signed(app, world):
    owner = Client(app)
    assert attempt(owner, "pegawai").status_code == 302
    owner.post("/logout")
    _distributed_attack(app, "pegawai2")
    # Trusted for "pegawai", not for "pegawai2".
    assert attempt(owner, "pegawai2", ip="10.0.0.5").status_code == 429
    forged = Client(app)
    forged.http.set_cookie("kinerja_device", '["pegawai2"]')
    assert attempt(forged, "pegawai2", ip="10.0.0.5").status_code == 429


def test_the_hard_limit_holds_for_a_trusted_browser_too(app, world):
    owner = Client(app)
    assert attempt(owner, "pegawai").status_code == 302
    owner.post("/logout")
    for _ in range(5):
        assert attempt(owner, "pegawai", WRONG).status_code == 401
    assert attempt(owner, "pegawai").status_code == 429


def test_hr_unlocks_an_account(app, as_user, world):
    _distributed_attack(app)
    for _ in range(5):
        attempt(Client(app), "pegawai", WRONG, ip="10.0.0.8")
    assert attempt(Client(app), "pegawai", ip="10.0.0.8").status_code == 429
    auditor = as_user("auditor")
    assert auditor.post("/admin/user/action/", {"action": "unlock",
                                                "rowid": [world.users["pegawai"]]},
                        token_from="/admin/user/").status_code == 302
    assert attempt(Client(app), "pegawai", ip="10.0.0.8").status_code == 429  # not by the auditor
    assert not events(app, "account_unlocked")
    hr = as_user("hr")
    assert hr.get("/admin/user/action/?action=unlock&rowid=%d" % world.users["pegawai"]) \
        .status_code == 405
    list_page = hr.get("/admin/user/").get_data(as_text=True)
    assert "Buka blokir masuk" in list_page
    response = hr.post("/admin/user/action/", {"action": "unlock",
                                               "rowid": [world.users["pegawai"]]},
                       token_from="/admin/user/")
    assert response.status_code == 302
    [event] = events(app, "account_unlocked")
    assert event.username == "hr" and event.entity_id == str(world.users["pegawai"])
    # Both the per-address and the account-wide counters are gone.
    assert attempt(Client(app), "pegawai", ip="10.0.0.8").status_code == 302


def test_failed_logins_are_events_with_the_username_never_the_password(app, world):
    c = Client(app)
    c.http.post("/login", data={"username": "Tidak-Ada ", "password": "rahasia-penyerang-1",
                                "csrf_token": c.token("/login")},
                environ_base={"REMOTE_ADDR": "10.0.0.3"}, headers={"User-Agent": "Uji/1.0"})
    [event] = events(app, "login_failed")
    assert event.changes_dict == {"account": "tidak-ada", "ip": "10.0.0.3",
                                  "user_agent": "Uji/1.0"}
    assert "rahasia-penyerang-1" not in event.changes
    assert event.username == "anonim"


def test_second_factor_codes_are_throttled(app, as_user, world):
    enable(app, as_user("pegawai"))
    with app.app_context():
        secret = db.session.get(User, world.users["pegawai"]).tf_totp_secret
    c = Client(app)
    assert attempt(c, "pegawai").status_code == 302
    for n in range(5):
        bad = c.http.post("/tf-validate", data={"code": f"{n:06d}",
                                                "csrf_token": c.token("/tf-validate")})
        assert bad.status_code == 401
    blocked = c.http.post("/tf-validate", data={"code": totp_now(app, secret, step=1),
                                                "csrf_token": c.token("/tf-validate")})
    assert blocked.status_code == 429
    assert c.get("/admin/").status_code == 302
    assert len(events(app, "two_factor_failed")) == 5


def test_login_throttle_uses_flask_limiter_storage(app):
    from app.extensions import limiter

    assert str(app.config["RATELIMIT_STORAGE_URI"]) == "memory://"
    assert limiter.storage is not None
    assert PASSWORD  # the world's password is a valid one
