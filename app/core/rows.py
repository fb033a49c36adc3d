"""Checking a row that came from a file (a JSON object) against the model it will become.

The column types say what a value must be: text no longer than the column, true or false, a
whole number the column holds, a finite number. So a configuration file cannot put a
300-character code, `"required": "maybe"`, a position of 2**40 or `NaN` into the database: each
such value becomes a message naming the row and the field, in the user's language, and no
database error (a 500) is left to find it.
"""
from __future__ import annotations

from decimal import Decimal

from sqlalchemy import Boolean, Integer, Numeric, String

from app.core.inputs import has_control
from app.core.numbers import as_decimal, fits, integer_bounds, whole_digits
from app.i18n import _

TEXT_MAX = 10_000  # characters of an unbounded text column


def show(value, limit: int = 60) -> str:
    """A value for a message, cut short (it may be anything a file contained, e.g. a list
    nested a thousand deep, which is shown as `[…]` rather than walked)."""
    if isinstance(value, (list, dict)):
        return "[…]" if isinstance(value, list) else "{…}"
    text = value if isinstance(value, str) else repr(value)
    return text if len(text) <= limit else text[:limit] + "…"


def check_list(where: str, value, errors: list[str]) -> list:
    """`value` if it is a list, else a message and an empty list."""
    if isinstance(value, list):
        return value
    errors.append(_("%(where)s: must be a list.", where=where))
    return []


def check_row(where: str, row, model, fields, errors: list[str], required=(), choices=None,
              nested=()) -> dict | None:
    """The row's values for `fields` (columns of `model`) checked against their columns, or
    None when the row is unusable. Problems go to `errors`, each naming `where` and the field.

    `required`: fields that must have a value; `choices`: {field: allowed values};
    `nested`: keys allowed besides `fields` whose values the caller checks itself.
    A null for a column that takes none is left out, as if the key were absent.
    """
    if not isinstance(row, dict):
        errors.append(_("%(where)s: must be an object.", where=where))
        return None
    before = len(errors)
    for key in row:
        if key not in fields and key not in nested:
            errors.append(_("%(where)s: \"%(field)s\" is not a known field.", where=where,
                            field=show(key)))
    clean, malformed = {}, set()
    for name in fields:
        if name not in row:
            continue
        column = model.__table__.c[name]
        value = _value(where, name, row[name], column, errors)
        if value is None and not column.nullable:
            continue  # (left out: the column's default, or the stored value, stays)
        if value is _BAD:
            malformed.add(name)
        elif choices and name in choices and value not in (None, "") \
                and value not in choices[name]:
            errors.append(_("%(where)s: \"%(field)s\" has the unknown value %(value)s.",
                            where=where, field=name, value=show(value)))
            malformed.add(name)
        else:
            clean[name] = value
    for name in required:
        if name not in malformed and clean.get(name) in (None, ""):
            errors.append(_("%(where)s: \"%(field)s\" is missing.", where=where, field=name))
    return clean if len(errors) == before else None


_BAD = object()  # a value that did not fit its column (already reported)


def _value(where, name, value, column, errors):
    kind = column.type
    if value is None:
        return None
    if isinstance(kind, Boolean):
        if isinstance(value, bool):
            return value
        errors.append(_("%(where)s: \"%(field)s\" must be true or false.", where=where,
                        field=name))
    elif isinstance(kind, Integer):
        if isinstance(value, int) and not isinstance(value, bool) and fits(value, kind):
            return value
        low, high = integer_bounds(kind)
        errors.append(_("%(where)s: \"%(field)s\" must be a whole number between %(min)s and "
                        "%(max)s.", where=where, field=name, min=low, max=high))
    elif isinstance(kind, Numeric):
        number = _number(value, kind)
        if number is not None:
            return number
        errors.append(_("%(where)s: \"%(field)s\" must be a number of at most %(digits)s "
                        "digits.", where=where, field=name,
                        digits=whole_digits(kind)))
    elif isinstance(kind, String):  # String, Text, Unicode
        if not isinstance(value, str):
            errors.append(_("%(where)s: \"%(field)s\" must be text.", where=where, field=name))
        elif has_control(value):
            errors.append(_("%(where)s: \"%(field)s\" contains a character that is not "
                            "allowed.", where=where, field=name))
        elif len(value) > (kind.length or TEXT_MAX):
            errors.append(_("%(where)s: \"%(field)s\" is too long: at most %(max)s "
                            "characters.", where=where, field=name,
                            max=kind.length or TEXT_MAX))
        else:
            return value.strip()
    else:  # pragma: no cover - a column type this checker does not know yet
        raise TypeError(f"cannot check column {column} of type {kind!r}")
    return _BAD


def _number(value, kind) -> Decimal | None:
    """A finite number the Numeric column holds (from a file), or None."""
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        return None  # (text such as "nan" is no number in a file)
    return as_decimal(value) if fits(value, kind) else None
