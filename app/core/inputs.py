"""Control characters in what a browser sends: refused before any view sees them.

PostgreSQL cannot store or even compare a text containing a NUL byte (the driver raises, a 500
on a search, a filter, a form or the login), and no person types the other control characters
into a form; tab, line feed and carriage return are the ones multi-line text uses. So every
query argument and form value (names included) is checked once, before the request reaches a
view, and a request carrying one is answered with a clear 400 page in the user's language.
"""
from __future__ import annotations

import re

from flask import Flask, jsonify, render_template, request

from app.i18n import _

# C0 controls except tab, line feed and carriage return; DEL; the C1 controls.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def has_control(text: str) -> bool:
    return CONTROL.search(text) is not None


def _bad_values(multidict) -> bool:
    return any(has_control(key) or has_control(value)
               for key, values in multidict.lists() for value in values
               if isinstance(value, str))


def message() -> str:
    return _("The request contains a control character (such as a NUL byte) that no field "
             "accepts. Remove it and try again.")


def refuse_control_characters(app: Flask) -> None:
    """Install the check in front of every view."""

    @app.before_request
    def _refuse():
        if request.path.startswith("/static/"):
            return None
        if has_control(request.path):
            return render_template("error.html", code=400, message=message()), 400
        form = request.form if request.method in ("POST", "PUT", "PATCH") else None
        if _bad_values(request.args) or (form is not None and _bad_values(form)):
            if request.accept_mimetypes.best == "application/json" \
                    or request.path.endswith("/ajax/lookup/"):
                return jsonify(error=message()), 400
            return render_template("error.html", code=400, message=message()), 400
        return None
