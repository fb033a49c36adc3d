"""The Indonesian catalogues are complete and well-formed.

- messages.po translates every string extracted from app/ (and plugins/, unless the plugin ships
  its own catalogue), so a new `_()` without a translation fails here, not in front of users;
- admin.po covers every msgid of Flask-Admin (taken from its English catalogue) plus the
  page-size menu entries ("20 items") for every page size a view offers;
- wtforms.po covers every msgid of WTForms;
- two plural forms with the same text, no fuzzy or empty entries, placeholders kept.
"""
from __future__ import annotations

import re
from pathlib import Path

import flask_admin
import pytest
import wtforms
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po
from flask_admin.model import BaseModelView

ROOT = Path(__file__).resolve().parents[2]
LC = ROOT / "translations" / "id" / "LC_MESSAGES"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]")


def _read(path: Path):
    with open(path, "rb") as f:
        return read_po(f)


def _ids(catalog) -> set:
    return {m.id for m in catalog if m.id}


def _extracted() -> dict[str, set]:
    """msgid -> the top folders (app, plugins/<name>) it was extracted from, per babel.cfg."""
    with open(ROOT / "babel.cfg") as f:
        method_map, options_map = parse_mapping_cfg(f)
    keywords = dict(DEFAULT_KEYWORDS, _l=None)
    found: dict = {}
    for top in ("app", "plugins"):
        for filename, _lineno, message, _comments, _context in extract_from_dir(
                str(ROOT), method_map, options_map, keywords=keywords,
                directory_filter=lambda d, t=top: _under(d, t)):
            if not filename.startswith(top + "/"):
                continue
            key = message if isinstance(message, str) else tuple(message)
            origin = "app" if top == "app" else "/".join(filename.split("/")[:2])
            found.setdefault(key, set()).add(origin)
    return found


def _under(dirpath, top) -> bool:
    rel = Path(dirpath).resolve().relative_to(ROOT).as_posix()
    return rel == "." or rel == top or rel.startswith(top + "/")


@pytest.mark.no_db
@pytest.mark.parametrize("domain", ["messages", "admin", "wtforms", "flask_security"])
def test_catalogue_header_plurals_and_entries(domain):
    catalog = _read(LC / f"{domain}.po")
    assert str(catalog.locale) == "id"
    assert catalog.num_plurals == 2 and catalog.plural_expr == "(n != 1)"
    for message in catalog:
        if not message.id:
            continue
        assert not message.fuzzy, f"{domain}: fuzzy entry {message.id!r}"
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(strings), f"{domain}: untranslated {message.id!r}"
        if isinstance(message.id, tuple):
            assert len(strings) == 2 and strings[0] == strings[1], \
                f"{domain}: plural {message.id[0]!r} needs the same text in msgstr[0] and [1]"
        english = message.id if isinstance(message.id, tuple) else (message.id,)
        for text in strings:
            assert sorted(PLACEHOLDER.findall(text)) == sorted(PLACEHOLDER.findall(english[-1])), \
                f"{domain}: placeholders differ in {message.id!r} -> {text!r}"


@pytest.mark.no_db
def test_every_extracted_string_is_translated():
    core = _ids(_read(LC / "messages.po"))
    extracted = _extracted()
    assert "Work units" in extracted and len(extracted) > 200  # the extraction really ran
    missing = []
    for msgid, origins in extracted.items():
        for origin in origins:
            own = ROOT / origin / "translations" / "id" / "LC_MESSAGES" / "messages.po"
            known = core | (_ids(_read(own)) if origin != "app" and own.exists() else set())
            if msgid not in known:
                missing.append(f"{origin}: {msgid!r}")
    assert not missing, ("strings without an Indonesian translation (run `make "
                         "update-translations` and translate them):\n  " + "\n  ".join(missing))


@pytest.mark.no_db
def test_admin_catalogue_covers_flask_admin():
    stock = _read(Path(flask_admin.__file__).parent / "translations" / "en" / "LC_MESSAGES"
                  / "admin.po")
    ours = _ids(_read(LC / "admin.po"))
    assert not _ids(stock) - ours


def test_page_size_menu_entries_exist_for_every_view(app):
    ours = _ids(_read(LC / "admin.po"))
    sizes = set()
    for view in app.extensions["kinerja_admin"]._views:
        if isinstance(view, BaseModelView):
            sizes |= set(view.page_size_options or ()) | {view.page_size}
    missing = [n for n in sorted(sizes) if (f"{n} item", f"{n} items") not in ours]
    assert not missing, f"add '<n> item'/'<n> items' entries to admin.po for page sizes {missing}"


@pytest.mark.no_db
def test_wtforms_catalogue_covers_wtforms():
    pot = _read(Path(wtforms.__file__).parent / "locale" / "wtforms.pot")
    assert not _ids(pot) - _ids(_read(LC / "wtforms.po"))
