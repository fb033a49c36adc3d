"""What a number column holds, checked before the database sees the value.

`nan`, `inf` and `1e309` parse as numbers in Python (float and Decimal), and a whole number
has no size limit, but PostgreSQL stores NaN in a NUMERIC column, refuses a NUMERIC(16, 4)
value of 10**12 and an INTEGER of 2**31 (a 500), and SQLite stores whatever it gets. One
rule serves every entry point: the back-office forms (`ColumnNumber`, added to every number
field by the base view), the list filters, and the rows read from a file (`app.core.rows`).
"""
from __future__ import annotations

import math
from decimal import Decimal, InvalidOperation

from sqlalchemy import BigInteger, Float, Integer, Numeric, SmallInteger
from wtforms.validators import StopValidation

from app.i18n import _

INT_MIN, INT_MAX = -2**31, 2**31 - 1  # what an INTEGER column holds on PostgreSQL
BIG_MIN, BIG_MAX = -2**63, 2**63 - 1
SMALL_MIN, SMALL_MAX = -2**15, 2**15 - 1
FLOAT_DIGITS = 15  # a float column: finite and below 10**15, like NUMERIC(18, 3)
DEFAULT_DIGITS = 14  # a value without a column (a custom number field): NUMERIC(18, 4)


def is_number_type(kind) -> bool:
    return isinstance(kind, (Integer, Numeric))  # (Float is a Numeric)


def integer_bounds(kind) -> tuple[int, int]:
    if isinstance(kind, BigInteger):
        return BIG_MIN, BIG_MAX
    if isinstance(kind, SmallInteger):
        return SMALL_MIN, SMALL_MAX
    return INT_MIN, INT_MAX


def whole_digits(kind) -> int:
    """Digits before the decimal point that a Numeric column holds."""
    if isinstance(kind, Float) or not isinstance(kind, Numeric):
        return FLOAT_DIGITS if isinstance(kind, Float) else DEFAULT_DIGITS
    return (kind.precision or 18) - (kind.scale or 0)


def as_decimal(value) -> Decimal | None:
    """`value` (a number, or text as typed) as a Decimal, or None when it is none."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        value = value.strip()
    elif not isinstance(value, (int, float, Decimal)):
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def fits(value, kind=None) -> bool:
    """Whether the number `value` is finite and within what a column of type `kind` holds
    (no `kind`: a finite number of at most DEFAULT_DIGITS whole digits)."""
    if isinstance(kind, Integer):
        if isinstance(value, float) and not math.isfinite(value):
            return False
        try:
            low, high = integer_bounds(kind)
            return low <= value <= high
        except (TypeError, InvalidOperation):
            return False
    number = as_decimal(value)
    if number is None or not number.is_finite():
        return False
    return abs(number) < Decimal(10) ** whole_digits(kind)


def range_message(kind=None) -> str:
    """The Indonesian (or English) field error for a number out of a column's range."""
    if isinstance(kind, Integer):
        low, high = integer_bounds(kind)
        return _("Enter a whole number between %(min)s and %(max)s.", min=low, max=high)
    return _("Enter a number of at most %(digits)s digits before the decimal point "
             "(not nan or inf).", digits=whole_digits(kind))


class ColumnNumber:
    """WTForms validator: the field's number (already parsed) fits the column; `nan`, `inf`
    and out-of-range values stop validation with a field error (later validators such as
    NumberRange would compare a NaN, or accept it)."""

    field_flags = {}

    def __init__(self, kind=None):
        self.kind = kind

    def __call__(self, form, field):
        if field.data is None or field.data == "":
            return
        if not fits(field.data, self.kind):
            field.errors[:] = []  # (one clear message rather than the parser's and ours)
            raise StopValidation(range_message(self.kind))


def add_number_checks(form_class, model) -> None:
    """Put `ColumnNumber` first on every field of a scaffolded form (Flask-Admin's
    `UnboundField`s) that edits a number column of `model`."""
    from sqlalchemy import inspect as sa_inspect

    columns = sa_inspect(model).columns
    for name, field in list(vars(form_class).items()):
        kwargs = getattr(field, "kwargs", None)
        if kwargs is None or name not in columns or not is_number_type(columns[name].type):
            continue
        kwargs["validators"] = [ColumnNumber(columns[name].type),
                                *kwargs.get("validators", ())]


def filter_value_fits(flt, value: str) -> bool:
    """Whether a list filter's value from the URL fits the column it compares (a filter
    on a text column, or one whose value does not parse, is not this check's business)."""
    kind = getattr(getattr(flt, "column", None), "type", None)
    if not is_number_type(kind):
        return True
    try:
        cleaned = flt.clean(value)
    except (ValueError, TypeError, ArithmeticError):
        return True  # (Flask-Admin has already refused it)
    values = cleaned if isinstance(cleaned, (list, tuple)) else [cleaned]
    return all(fits(v, kind) for v in values
               if isinstance(v, (int, float, Decimal)) and not isinstance(v, bool))
