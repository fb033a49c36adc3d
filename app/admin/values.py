"""How values read in the back office: Indonesian dates, numbers and yes/no in lists, details
and exports; the label of a choice; spreadsheet cells that cannot turn into formulas."""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from markupsafe import Markup

from app.i18n import _, _l, fmt_date, fmt_datetime, fmt_number

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
YES_NO = {True: _l("Yes"), False: _l("No")}


def plain(value):
    """A cell value for export: text, numbers and dates in Indonesian form."""
    if value is None:
        return ""
    if isinstance(value, Markup):
        value = value.striptags()
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, datetime):
        return fmt_datetime(value)
    if isinstance(value, date):
        return fmt_date(value)
    if isinstance(value, (Decimal, float)):
        return fmt_number(value)
    return str(value)


def neutralise(text: str) -> str:
    """Spreadsheet formula injection: a leading =, +, -, @ makes a cell a live formula."""
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def _typed(fn):
    return lambda view, value, name: fn(value)


# Whole-number columns that count nothing: shown bare (the year 2026, not 2.026).
NOT_QUANTITIES = frozenset({"id", "year", "period", "period_no", "position", "revision",
                            "version", "month", "quarter", "semester", "day"})


def whole_number(view, value, name) -> str:
    """`1.680` for a quantity (minutes, participants, rupiah); a year or a number as is."""
    field = name.rsplit(".", 1)[-1]
    if field in NOT_QUANTITIES or field.endswith(("_id", "_year", "_no")):
        return str(value)
    return fmt_number(value, 0)


# Indonesian renderings of plain values in lists, details and exports.
TYPE_FORMATTERS = {
    type(None): lambda view, value, name: "",
    bool: _typed(lambda v: str(YES_NO[bool(v)])),   # (before int: a bool is an int)
    int: whole_number,
    datetime: _typed(fmt_datetime),  # before date: Flask-Admin matches with isinstance, in order
    date: _typed(fmt_date),
    Decimal: _typed(fmt_number),
    float: _typed(fmt_number),
    list: _typed(lambda v: ", ".join(str(i) for i in v)),
}


# Exports keep whole numbers as numbers (a spreadsheet sums them); the rest reads as on screen.
EXPORT_FORMATTERS = {kind: fmt for kind, fmt in TYPE_FORMATTERS.items() if kind is not int}


def choice_formatter(choices: dict):
    """A list/detail/export formatter showing a choice's translated label."""
    def fmt(view, context, model, name):
        value = getattr(model, name)
        return str(choices.get(value, value)) if value is not None else ""
    fmt.choices = choices  # (the audit trail reads a column's labels from here)
    return fmt
