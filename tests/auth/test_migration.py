"""The Flask-Security migration on a database with users: the session token is the uniquifier,
the latest login moves to `current_login_*`, roles and argon2 hashes stay; downgrade refuses to
drop two-factor settings and otherwise round-trips."""
from __future__ import annotations

import pytest
from argon2 import PasswordHasher
from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from app import create_app
from app.extensions import db, limiter
from tests.auth.conftest import attempt
from tests.fixtures.core import Client
from tests.test_migrations import empty_database  # noqa: F401  (fixture)

pytestmark = pytest.mark.no_db
TOKEN = "ab" * 32


def test_upgrade_keeps_users_and_their_passwords(empty_database, tmp_path, capfd):  # noqa: F811
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=empty_database,
                     UPLOAD_DIR=str(tmp_path / "uploads"))
    directory = app.extensions["migrate"].directory
    with app.app_context():
        upgrade(directory=directory, revision="0004")
        db.session.execute(text(
            'INSERT INTO "user" (username, password_hash, session_token, active, login_count, '
            "last_login_at, last_login_ip, created_at, updated_at) VALUES ('lama', :hash, "
            ":token, :yes, 3, '2026-11-30 01:02:03', '10.1.2.3', '2026-01-01', '2026-01-01')"),
            {"hash": PasswordHasher().hash("kata-sandi-lama-sekali"), "token": TOKEN,
             "yes": True})
        db.session.execute(text("INSERT INTO user_roles (user_id, role_id) SELECT u.id, r.id "
                                "FROM \"user\" u, role r WHERE r.name = 'employee'"))
        db.session.commit()
        upgrade(directory=directory, revision="heads")
        assert db.session.execute(text("SELECT COUNT(*) FROM user_roles")).scalar() == 1
        row = db.session.execute(text(
            'SELECT session_token, current_login_ip, last_login_ip, password_change_required '
            'FROM "user"')).one()
        assert tuple(row) == (TOKEN, "10.1.2.3", "10.1.2.3", False)
    limiter.reset()
    assert attempt(Client(app), "lama", "kata-sandi-lama-sekali").status_code == 302

    with app.app_context():
        db.session.execute(text('UPDATE "user" SET tf_primary_method = \'authenticator\''))
        db.session.commit()
        db.session.remove()
        # 0006 first: its audit checkpoints are lost only when forced (the login signed one).
        downgrade(directory=directory, revision="0005_auth_security", x_arg=["force=1"])
        with pytest.raises(SystemExit):  # flask_migrate turns the refusal into exit 1
            downgrade(directory=directory, revision="0004")
        assert "Downgrade refused: 1 account(s) have two-step verification" in \
            capfd.readouterr().err
        db.session.remove()
        assert db.session.execute(text('SELECT tf_primary_method FROM "user"')).scalar()
        db.session.execute(text('UPDATE "user" SET tf_primary_method = NULL, '
                                'password_change_required = :no'), {"no": False})
        db.session.commit()
        db.session.remove()
        downgrade(directory=directory, revision="0004")
        row = db.session.execute(text('SELECT session_token, last_login_ip FROM "user"')).one()
        assert row.last_login_ip == "127.0.0.1"  # the latest login, as the old schema meant
        db.session.remove()
        upgrade(directory=directory, revision="heads")
        assert db.session.execute(text(
            'SELECT session_token, current_login_ip FROM "user"')).one() == tuple(row)
        assert db.session.execute(text("SELECT COUNT(*) FROM user_roles")).scalar() == 1
        db.session.remove()
        db.engine.dispose()
