"""Reading a page's form as a browser would submit it: the two-tab tests of lost updates open
the same edit form twice and post each tab's copy."""
from __future__ import annotations

import re
from html.parser import HTMLParser

from werkzeug.datastructures import MultiDict

# The Indonesian refusal (app.admin.versioning), and its reload link.
STALE = re.compile(r"Data ini telah diubah oleh (.+?) pada (\d{1,2} \w+ \d{4} \d{2}\.\d{2} WIT), "
                   r"setelah Anda membukanya\. Perubahan Anda tidak disimpan")
RELOAD = "Muat ulang data terbaru, lalu ulangi perubahan Anda."


class _FormReader(HTMLParser):
    """The fields of the form whose `id` or `class` contains `marker`, with the values a browser
    would send (checked boxes only, the selected options, text areas' text; no files)."""

    def __init__(self, marker: str):
        super().__init__(convert_charrefs=True)
        self.marker, self.inside, self.fields = marker, False, []
        self._select = self._textarea = None
        self._options: list = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and self.marker in f'{a.get("id", "")} {a.get("class", "")}':
            self.inside = True
        if tag == "option" and self._select:
            self._options.append((a.get("value", ""), "selected" in a))
            return
        owned = self.inside or a.get("form") == self.marker   # (inputs joined by `form=`)
        if not owned or "name" not in a:
            return
        if tag == "input":
            kind = a.get("type", "text")
            if kind in ("submit", "button", "file", "reset", "image"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            self.fields.append((a["name"], a.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "select":
            self._select, self._options = a["name"], []
            self._multiple = "multiple" in a
        elif tag == "textarea":
            self._textarea = [a["name"], ""]

    def handle_data(self, data):
        if self._textarea:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select" and self._select:
            chosen = [v for v, s in self._options if s]
            if not chosen and not self._multiple and self._options:
                chosen = [self._options[0][0]]
            self.fields.extend((self._select, v) for v in chosen)
            self._select = None
        elif tag == "textarea" and self._textarea:
            name, text = self._textarea
            # (a browser drops the one line break WTForms writes after the opening tag)
            self.fields.append((name, text.removeprefix("\r\n").removeprefix("\n")))
            self._textarea = None


def read_form(response, marker: str = "admin-form") -> MultiDict:
    assert response.status_code == 200, response.status_code
    reader = _FormReader(marker)
    reader.feed(response.get_data(as_text=True))
    assert reader.fields, f"no form {marker!r} on the page"
    return MultiDict(reader.fields)


def stale_refusal(response):
    """(who, when) of the refusal a page shows, or None."""
    match = STALE.search(response.get_data(as_text=True))
    return match.groups() if match else None
