"""Request categories as configuration: one check for the admin form and for the
configuration file's "example_categories" section."""
import re

from sqlalchemy import select

from app.core.hooks import ConfigSection
from app.core.rows import check_row
from app.extensions import db
from app.i18n import _, _l
from tests.plugin_fixtures.guide.example.models import ExampleCategory

FIELDS = ["code", "label"]
CODE = re.compile(r"[a-z][a-z0-9_]{0,29}")


def check_category(where: str, row, errors: list[str]) -> dict | None:
    """A clean category, or None with the problems (each naming `where`) in `errors`."""
    clean = check_row(where, row, ExampleCategory, FIELDS, errors, required=FIELDS)
    if clean is not None and not CODE.fullmatch(clean["code"]):
        errors.append(_("%(where)s: the category code must be lower-case letters, digits "
                        "and _.", where=where))
        return None
    return clean


def _clean(rows):
    errors: list[str] = []
    clean = [c for n, row in enumerate(rows, 1)
             if (c := check_category(_("category %(n)s", n=n), row, errors)) is not None]
    return clean, errors


def _apply(rows) -> int:
    clean, _errors = _clean(rows)
    existing = {c.code: c for c in db.session.scalars(select(ExampleCategory))}
    for row in clean:
        category = existing.get(row["code"]) or ExampleCategory(code=row["code"])
        category.label = row["label"]
        db.session.add(category)
    return len(clean)


def section() -> ConfigSection:
    return ConfigSection(
        "example_categories", _l("example request categories"),
        export=lambda: [{f: getattr(c, f) for f in FIELDS} for c in db.session.scalars(
            select(ExampleCategory).order_by(ExampleCategory.code))],
        validate=lambda rows: _clean(rows)[1], apply=_apply)
