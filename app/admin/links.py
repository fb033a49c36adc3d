"""Links to a filtered admin list, by the filters' column names.

Flask-Admin addresses a list filter by its position in the view's filters (`?flt1_0=...`), so
a link written by hand breaks silently when `column_filters` is reordered. `list_url` looks the
position up in the view as it is now:

    list_url("activity_report", status="submitted")
    list_url("appraisal_evaluation", unit_id=3, period=0, predikat="baik")

A name is the filtered column's attribute name (`status`, `unit_id`), or `table.column` where
two filters of a view share a column name. A column with several filters (Flask-Admin makes
equals, not equal, contains ... of a column given by name) takes its first: "equals"; name
another operation with a suffix, `date__between="2026-12-01 to 2026-12-31"`,
`status__notequal="draft"` (see OPERATIONS). A filter class of our own may declare the name it
is linked by in `link_name`.
Templates have it as the global `list_url`.
"""
from __future__ import annotations

from urllib.parse import urlencode

from flask import g, has_request_context, url_for

from app.core.registry import registry


def list_url(endpoint: str, **filters) -> str:
    """The URL of the admin list `endpoint` filtered on `filters` (name: value)."""
    positions = _positions(registry().admin_views[endpoint])
    args = {}
    for n, (name, value) in enumerate(filters.items()):
        if name not in positions:
            raise LookupError(f"Admin view '{endpoint}' has no filter on '{name}' (filters: "
                              f"{', '.join(sorted(positions))}).")
        if positions[name] is None:
            raise LookupError(f"Admin view '{endpoint}': '{name}' names several columns; "
                              f"use 'table.{name}'.")
        args[f"flt{n}_{positions[name]}"] = value
    return _base(endpoint) + ("?" + urlencode(args) if args else "")


def _base(endpoint: str) -> str:
    # A dashboard builds a thousand links for a large team: the list's address is built once
    # per request (url_for was 0.4 ms a link).
    if not has_request_context():
        return url_for(f"{endpoint}.index_view")
    cache = g.setdefault("_list_url_bases", {})
    if endpoint not in cache:
        cache[endpoint] = url_for(f"{endpoint}.index_view")
    return cache[endpoint]


def _positions(view) -> dict[str, int | None]:
    # Filters are rebuilt when custom fields change (a new list object): cache per list.
    cached = getattr(view, "_kinerja_filter_positions", None)
    if cached is None or cached[0] is not view._filters:
        cached = (view._filters, filter_positions(view))
        view._kinerja_filter_positions = cached
    return cached[1]


# The operation suffix of a Flask-Admin filter class (its first match in the class's MRO).
OPERATIONS = {
    "DateNotBetweenFilter": "notbetween", "DateTimeNotBetweenFilter": "notbetween",
    "DateBetweenFilter": "between", "DateTimeBetweenFilter": "between",
    "FilterNotInList": "notin", "FilterInList": "in", "FilterNotEqual": "notequal",
    "FilterEqual": "equal", "FilterNotLike": "notlike", "FilterLike": "like",
    "FilterGreater": "greater", "FilterSmaller": "smaller", "FilterEmpty": "empty",
}


def _operation(flt) -> str | None:
    return next((OPERATIONS[c.__name__] for c in type(flt).__mro__ if c.__name__ in OPERATIONS),
                None)


def filter_positions(view) -> dict[str, int | None]:
    """{name: index of the name's filter} of a model view (None: an ambiguous name). A bare
    name takes the column's "equals" filter wherever it stands, else its first."""
    result: dict[str, int | None] = {}
    owner: dict[str, str] = {}   # name -> the table of its column
    later = []
    for index, flt in enumerate(view._filters or []):
        if getattr(flt, "link_name", None):
            result.setdefault(flt.link_name, index)
            continue
        column = getattr(flt, "column", None)
        key = getattr(column, "key", None)
        if not isinstance(key, str):
            continue
        table = getattr(getattr(column, "table", None), "name", "")
        operation = _operation(flt)
        if operation:
            _name(result, owner, f"{key}__{operation}", index, table)
        if operation in (None, "equal"):
            _name(result, owner, key, index, table)
            _name(result, owner, f"{table}.{key}", index, table)
        else:
            later.append((key, index, table))
    for key, index, table in later:
        if key not in result or owner.get(key) != table:
            _name(result, owner, key, index, table)
        if f"{table}.{key}" not in result:
            _name(result, owner, f"{table}.{key}", index, table)
    return result


def _name(result: dict, owner: dict, name: str, index: int, table: str) -> None:
    if name not in result:
        result[name], owner[name] = index, table
    elif owner[name] != table:
        result[name] = None
