"""The JP rules as configuration: one check for the admin form and for the configuration
file's "training_jp_rules" section, and the defaults of DOMAIN 5."""
from __future__ import annotations

import re
from decimal import Decimal

from sqlalchemy import select

from app.core.hooks import ConfigSection
from app.core.rows import check_row
from app.extensions import db
from app.i18n import _, _l
from plugins.training.choices import BASES, HOURS
from plugins.training.models import JpRule
from plugins.training.rules import DEFAULT_RULES

FIELDS = ["code", "name", "basis", "jp", "max_jp_per_day", "max_sessions_per_month"]
CODE = re.compile(r"[a-z][a-z0-9_]{0,39}")


def check_rule(where: str, row, errors: list[str]) -> dict | None:
    """A clean rule, or None with the problems (each naming `where`) in `errors`."""
    before = len(errors)
    clean = check_row(where, row, JpRule, FIELDS, errors, required=["code", "name", "basis"],
                      choices={"basis": list(BASES)})
    if clean is None:
        return None
    if not CODE.fullmatch(clean["code"]):
        errors.append(_("%(where)s: the code must be lower-case letters, digits and _.",
                        where=where))
    if clean["basis"] != HOURS and clean.get("jp") in (None, ""):
        errors.append(_("%(where)s: give the JP (per day, session or activity).", where=where))
    for name in ("jp", "max_jp_per_day"):
        value = clean.get(name)
        if value is not None and not Decimal(0) < Decimal(value) <= 1000:
            errors.append(_("%(where)s: \"%(field)s\" must be more than 0 and at most 1000.",
                            where=where, field=name))
    sessions = clean.get("max_sessions_per_month")
    if sessions is not None and not 1 <= sessions <= 31:
        errors.append(_("%(where)s: at most 1 to 31 sessions a month.", where=where))
    return clean if len(errors) == before else None


def _clean(rows):
    errors: list[str] = []
    clean = [c for n, row in enumerate(rows, 1)
             if (c := check_rule(_("JP rule %(n)s", n=n), row, errors)) is not None]
    return clean, errors


def _apply(rows) -> int:
    clean, _errors = _clean(rows)
    existing = {r.code: r for r in db.session.scalars(select(JpRule))}
    for row in clean:
        rule = existing.get(row["code"]) or JpRule(code=row["code"])
        for name in FIELDS[1:]:
            setattr(rule, name, row.get(name))
        db.session.add(rule)
    return len(clean)


def _export():
    return [{f: (float(v) if isinstance(v := getattr(r, f), Decimal) else v) for f in FIELDS}
            for r in db.session.scalars(select(JpRule).order_by(JpRule.code))]


def ensure_default_rules() -> dict[str, JpRule]:
    """The DOMAIN 5 rules that are missing (HR's edits of existing ones stay); {code: rule}."""
    existing = {r.code: r for r in db.session.scalars(select(JpRule))}
    for code, name, basis, jp, per_day, sessions in DEFAULT_RULES:
        if code not in existing:
            existing[code] = JpRule(code=code, name=name, basis=basis,
                                    jp=None if jp is None else Decimal(jp),
                                    max_jp_per_day=None if per_day is None else Decimal(per_day),
                                    max_sessions_per_month=sessions)
            db.session.add(existing[code])
    db.session.flush()
    return existing


def section() -> ConfigSection:
    return ConfigSection("training_jp_rules", _l("training JP rules"), export=_export,
                         validate=lambda rows: _clean(rows)[1], apply=_apply)
