"""Small helpers shared by the back-office security tests."""
from __future__ import annotations

import re

from sqlalchemy import select, text

from app.audit.models import AuditEvent
from app.audit.security import ACTIONS as SECURITY_ACTIONS
from app.extensions import db

DETAIL_ID = re.compile(r"details/\?id=(\d+)")
ALERT = re.compile(r'<div class="alert[^"]*"[^>]*>(.*?)</div>', re.S)


def listed_ids(response) -> set[int]:
    """Ids of the rows a list page links to (each row has a details link)."""
    assert response.status_code == 200, response.status_code
    return {int(i) for i in DETAIL_ID.findall(response.get_data(as_text=True))}


def alerts(response) -> list[str]:
    """The flashed messages shown on a page, whitespace-normalised."""
    return [" ".join(m.split()) for m in ALERT.findall(response.get_data(as_text=True))]


def get(app, model, ident):
    """A fresh copy of one row (None when it does not exist)."""
    with app.app_context():
        obj = db.session.get(model, ident)
        if obj is not None:
            db.session.expunge(obj)
        return obj


def column(app, model, ident, name):
    with app.app_context():
        return db.session.scalar(select(getattr(model, name)).where(model.id == ident))


def snapshot(app) -> dict:
    """Every row of every table, so a test can prove that nothing at all changed (security
    events aside: a refused request is recorded, by design)."""
    with app.app_context():
        out = {}
        with db.engine.connect() as conn:
            for table in db.metadata.sorted_tables:
                query = table.select()
                if table.name == AuditEvent.__tablename__:
                    query = query.where(AuditEvent.action.not_in(SECURITY_ACTIONS))
                rows = conn.execute(query).all()
                out[table.name] = sorted((tuple(str(v) for v in r) for r in rows))
        return out


def count(app, table: str) -> int:
    with app.app_context():
        return db.session.execute(text(f'SELECT COUNT(*) FROM "{table}"')).scalar()


def is_login_redirect(response) -> bool:
    return response.status_code == 302 and "/login" in response.headers.get("Location", "")


FIELD_TAG = re.compile(r"<(?:input|select|textarea)\b[^>]*>", re.S)
NAME_ATTR = re.compile(r'\bname="([^"]+)"')


def invalid_fields(response) -> set[str]:
    """Names of the form fields a page marks as invalid (Bootstrap's `is-invalid`)."""
    names = set()
    for tag in FIELD_TAG.findall(response.get_data(as_text=True)):
        if "is-invalid" in tag:
            match = NAME_ATTR.search(tag)
            if match:
                names.add(match.group(1))
    return names


def translated(app, msgid: str) -> set[str]:
    """The English text and its Indonesian translation (when the catalogue is compiled)."""
    from flask_babel import force_locale, gettext

    with app.test_request_context():
        with force_locale("id"):
            return {msgid, gettext(msgid)}
