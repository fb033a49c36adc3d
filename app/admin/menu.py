"""The back office's main menu, rendered once per combination of what it depends on.

Flask-Admin renders the menu on every page: for each of some forty views a translated lazy
name, a `url_for` and a macro call, which measured as the largest part of a list page's time
(more than its rows). What it shows depends only on the language, the script root, the view
being shown (the active item) and which views the user may open (`is_accessible` and
`is_visible`, checked here on every request, so a role check that reads data, like the unit
predikat page's "heads a unit", is still honoured). Those are the cache key; the HTML is kept
per process (a few hundred keys at most: role combinations × languages × pages).
"""
from __future__ import annotations

import threading

from flask import request
from flask_babel import get_locale
from jinja2 import pass_context

_CACHE: dict[tuple, object] = {}
_LOCK = threading.Lock()
MAX_ENTRIES = 2_000   # (a safety bound: the key space is small, see above)


@pass_context
def cached_menu(context, render):
    """`render()` (the `layout.menu` macro) for this key, rendered at most once per process."""
    view = context["admin_view"]
    admin = view.admin
    shown = tuple(v.is_accessible() and v.is_visible() for v in admin._views)
    key = (id(admin), str(get_locale()), request.script_root, view.endpoint, shown)
    html = _CACHE.get(key)
    if html is None:
        html = render()
        with _LOCK:
            if len(_CACHE) >= MAX_ENTRIES:
                _CACHE.clear()
            _CACHE[key] = html
    return html
