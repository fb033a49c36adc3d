"""A detector for untranslated English in rendered pages.

What a user sees is collected from the HTML: text nodes (not inside <script>, <style> or
<template>), JSON carried in text nodes (Flask-Admin's filter and action data), and the attribute
values a person reads or hears: title, placeholder, aria-label, alt, data-placeholder, data-label,
the value of submit/button inputs, and the confirmation strings inside onclick handlers and inline
scripts.

Two rules flag English:

1. Catalogue msgids. Every English msgid of our Indonesian catalogues (messages, admin,
   wtforms, flask_security; plus any plugin's own) whose Indonesian text differs from it: if a text node, attribute value or a piece of
   one (split at separators such as " - ", ":", "(") equals that msgid, the translation did not
   happen. Msgids with placeholders (`Sort by %(name)s`, `20 items`) become patterns.
2. A denylist of common English UI words and phrases, matched as whole words (case-sensitive, so
   Indonesian data such as "Kegiatan submitted" typed by a user is not flagged by `Submit`),
   plus words the caller adds (the admin test adds the labels Flask-Admin would derive from each
   model's attribute names, e.g. "Output Quantity", the classic leak of a missing column label).
   Script literals are checked against rule 1 only: JavaScript is full of English identifiers.
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
CATALOGUES = ROOT / "translations" / "id" / "LC_MESSAGES"
DOMAINS = ("messages", "admin", "wtforms", "flask_security")


def catalogue_files() -> list[Path]:
    """Our Indonesian catalogues and each plugin's own."""
    return ([CATALOGUES / f"{d}.po" for d in DOMAINS]
            + sorted(ROOT.glob("plugins/*/translations/id/LC_MESSAGES/*.po")))

# Common English UI words and phrases (whole words, case-sensitive). Words that are also plain
# Indonesian (Data, Status, Target, Total, Unit, Administrator, Auditor) are deliberately absent.
DENYLIST = [
    "Save", "Cancel", "Delete", "Edit", "List", "Create", "Search", "Filter", "Filters", "Add",
    "Export", "Import", "Details", "Home", "Previous", "Next", "Yes", "No", "Actions", "Action",
    "records", "record", "Record", "items", "item", "Are you sure", "Select", "Apply", "Reset",
    "New", "View", "Submit", "Verify", "Return", "Upload", "Download", "Please", "successfully",
    "Failed", "required", "Invalid", "Not a valid", "This field", "Log in", "Log out", "Login",
    "Logout", "Sort by", "With selected", "Toggle", "navigation", "Close", "Back", "Show",
    "Loading", "Name", "Date", "Employee", "Employees", "Supervisor", "Work unit", "Work units",
    "Position", "Positions", "Period", "Periods", "Indicator", "Indicators", "Achievement",
    "Realisation", "Realisations", "User", "Users", "Username", "Password", "Description",
    "Notes", "Active", "Created", "Updated", "Choose", "Enter", "Welcome", "Dashboard",
    "Performance", "Agreement", "Audit trail", "Organisation", "Administration", "Code", "Kind",
    "Level", "Year", "True", "False", "None", "__None", "Draft", "Submitted", "Verified",
    "Returned", "Monthly", "Quarterly", "Quarter",
]
_DENY = re.compile(r"(?<![\w])(?:" + "|".join(re.escape(w) for w in DENYLIST) + r")(?![\w])")
_PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\}")
_SEPARATORS = re.compile(r"\s+[-–—|·»«]\s+|[():\[\];,]|\s{2,}")
VISIBLE_ATTRIBUTES = {"title", "placeholder", "aria-label", "alt", "data-placeholder",
                      "data-label", "data-confirm"}
BUTTON_INPUTS = {"submit", "button", "reset"}
_TAG = re.compile(r"<[a-zA-Z][^>]*>")
_JS_STRING = re.compile(r"""'((?:[^'\\\n]|\\.)*)'|"((?:[^"\\\n]|\\.)*)\"""")


@lru_cache(maxsize=1)
def english_msgids() -> tuple[frozenset[str], tuple[tuple[re.Pattern, str], ...]]:
    """English msgids whose Indonesian differs: exact strings and placeholder patterns."""
    exact: set[str] = set()
    patterns: dict[str, re.Pattern] = {}
    for path in catalogue_files():
        with open(path, "rb") as f:
            catalog = read_po(f)
        for message in catalog:
            if not message.id:
                continue
            ids = message.id if isinstance(message.id, tuple) else (message.id,)
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            for english in ids:
                if any(s == english for s in strings) or "\\'" in english:
                    continue
                if _PLACEHOLDER.search(english):
                    literal = _PLACEHOLDER.sub("", english)
                    if len(re.sub(r"[^A-Za-z]", "", literal)) < 3:
                        continue
                    parts = [re.escape(p) for p in _PLACEHOLDER.split(english)]
                    patterns[english] = re.compile("^" + "(.+?)".join(parts) + "$")
                else:
                    exact.add(english)
    return frozenset(exact), tuple((p, e) for e, p in patterns.items())


class _Collector(HTMLParser):
    """Collects (where, text, kind) for visible texts, attribute values and script literals."""

    SKIP = {"script", "style", "template"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.items: list[tuple[str, str, str]] = []
        self._stack: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag in self.SKIP:
            self._skip += 1
        if tag not in ("br", "hr", "img", "input", "meta", "link"):
            self._stack.append(tag)
        for name, value in attrs:
            if not value:
                continue
            if name in VISIBLE_ATTRIBUTES:
                self.items.append((f"<{tag} {name}>", value, "text"))
            elif name == "value" and (tag == "a" or (
                    tag == "input" and (attributes.get("type") or "").lower() in BUTTON_INPUTS)):
                self.items.append((f"<{tag} value>", value, "text"))
            elif name.startswith("on"):
                for literal in _literals(value):
                    self.items.append((f"<{tag} {name}>", literal, "script"))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if self._stack and self._stack[-1] == tag:
            self._stack.pop()

    def handle_endtag(self, tag):
        if tag in self.SKIP and self._skip:
            self._skip -= 1
        if tag in self._stack:
            while self._stack and self._stack.pop() != tag:
                pass

    def handle_data(self, data):
        text = " ".join(data.split())
        if not text:
            return
        where = f"<{self._stack[-1]}>" if self._stack else "text"
        if self._skip:
            if self._stack and self._stack[-1] == "script":
                for literal in _literals(data):
                    self.items.append(("<script>", literal, "script"))
            return
        if text.startswith("<") and _TAG.search(text):
            # Markup kept as text, e.g. Flask-Admin's escaped template for a new inline row,
            # which its JavaScript turns into a form: check what that form will show.
            self.items.extend((f"{w} (template)", t, k) for w, t, k in visible_items(text))
            return
        if text[:1] in "[{\"":
            try:
                values = list(_json_strings(json.loads(text)))
            except ValueError:
                values = None
            if values is not None:
                self.items.extend((f"{where} (JSON)", v, "text") for v in values)
                return
        self.items.append((where, text, "text"))


def _literals(code: str):
    for single, double in _JS_STRING.findall(code):
        literal = (single or double).replace("\\'", "'").replace('\\"', '"').strip()
        if literal:
            yield literal


def _json_strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield str(k)
            yield from _json_strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _json_strings(v)


def _pieces(text: str):
    yield text
    for piece in _SEPARATORS.split(text):
        piece = piece.strip(" .*:")
        if piece and piece != text:
            yield piece
    stripped = text.rstrip(" *:")
    if stripped != text:
        yield stripped


def _is_msgid(text: str) -> str | None:
    exact, patterns = english_msgids()
    for piece in _pieces(text):
        if piece in exact:
            return piece
        for pattern, english in patterns:
            if pattern.match(piece):
                return english
    return None


@lru_cache(maxsize=1)
def indonesian_texts() -> frozenset[str]:
    """Every Indonesian translation of our catalogues."""
    texts = set()
    for path in catalogue_files():
        with open(path, "rb") as f:
            for message in read_po(f):
                if message.id:
                    strings = message.string if isinstance(message.string, tuple) \
                        else (message.string,)
                    texts.update(s for s in strings if s)
    return frozenset(texts)


def english_words(candidates) -> set[str]:
    """The candidates that are not Indonesian: not a word of any of our translations."""
    words = set()
    for candidate in candidates:
        pattern = re.compile(r"(?<!\w)" + re.escape(candidate) + r"(?!\w)")
        if candidate and not any(pattern.search(t) for t in indonesian_texts()):
            words.add(candidate)
    return words


def visible_items(html: str) -> list[tuple[str, str, str]]:
    collector = _Collector()
    collector.feed(html)
    collector.close()
    return collector.items


def find_english(html: str, extra_words=()) -> list[str]:
    """Descriptions of every piece of untranslated English found in a page.

    `extra_words` are more English words or phrases to find as whole words, such as the labels
    Flask-Admin derives from a model's attribute names ("Output Quantity").
    """
    extra = re.compile(r"(?<![\w])(?:" + "|".join(re.escape(w) for w in sorted(extra_words))
                       + r")(?![\w])") if extra_words else None
    found = []
    for where, text, kind in visible_items(html):
        english = _is_msgid(text)
        if english is not None:
            found.append(f"{where} {text!r} is the untranslated msgid {english!r}")
            continue
        if kind == "text":
            words = sorted(set(_DENY.findall(text)) | set(extra.findall(text) if extra else ()))
            if words:
                found.append(f"{where} {text!r} has English word(s) {words}")
    return found
