"""A bounded crawl of the site as its users see it: what each page shows that is English or an
internal code (tests/i18n/test_crawl.py runs it over the demo world in the `id` locale).

From the back-office home it follows every menu link, then on each list page a sample of what
a user opens from it (the first record's details and edit pages, the create page) and the links
a page offers to other back-office pages, up to a page budget per user; from the public home it
follows every link. Downloads (exports, PDF, calendars) are skipped: they are files, not pages.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

from tests.i18n.english import find_english, visible_items

# The brief's common English UI words beyond english.DENYLIST (whole words, case-sensitive).
EXTRA_ENGLISH = ("Page", "No items", "Remove", "of", "Close", "Loading")
SKIP = re.compile(r"/(export|download|unduh|pdf|ics|lang)\b|\.(pdf|csv|xlsx|ics|json|png|svg|"
                  r"js|css)(\?|$)|/static/|/ajax/|[?&](url|flt\d+_\d+)=")
# A snake_case identifier (`appraisal_feedback`, `rhk_id`) where words belong: not inside a
# file name, an address or an e-mail.
SNAKE = re.compile(r"(?<![\w./@:#-])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![\w./@-])")


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href") if tag == "a" else None
        if href:
            self.links.append(href)


def links(html: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    return parser.links


def internal_codes(html: str, state_codes: frozenset[str]) -> list[str]:
    """Visible texts that hold a snake_case identifier, or are a bare workflow state code (a
    cell or value that reads `draft`, `["signed", "final"]` where a label belongs). Not
    checked: JSON data in a <div> (Flask-Admin's hidden filter and action data carry codes as the values behind
    their labels) and <code> elements (column names a user must type in an import file)."""
    found = []
    for where, text, kind in visible_items(html):
        if kind != "text" or where == "<div> (JSON)" or where.startswith("<code>"):
            continue
        for code in SNAKE.findall(text):
            found.append(f"{where} {text[:120]!r} shows the code {code!r}")
        pieces = [p for p in re.split(r"[\s,;:()\[\]\"→]+", text) if p]
        if pieces and all(p in state_codes for p in pieces):
            found.append(f"{where} {text[:120]!r} shows the state code(s) {pieces}")
    return found


# "No. 12" in an address is Indonesian ("Nomor"), not the English "No".
_NOMOR = re.compile(r"\bNo\. ?\d")


def _english(html: str) -> list[str]:
    """English findings, less Indonesian addresses and <code> (field names of open data)."""
    return [p for p in find_english(html, EXTRA_ENGLISH)
            if not (p.endswith("has English word(s) ['No']") and _NOMOR.search(p))
            and not p.startswith("<code>")]


def page_problems(html: str, state_codes: frozenset[str]) -> list[str]:
    head = html.split("<body", 1)[0]
    problems = [] if re.search(r'<html[^>]* lang="id"', head) else ['no <html lang="id">']
    return problems + _english(html) + internal_codes(html, state_codes)


def _path(href: str, base: str) -> str | None:
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or not parts.path.startswith(base) or SKIP.search(href):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


# Query keys that only re-order or page a list: the same page for this check.
_LIST_KEYS = {"sort", "desc", "page", "page_size", "search"}


def _pattern(url: str) -> str:
    """Pages of one kind (a view's details of any record, a list in any order): visited once
    per user."""
    parts = urlsplit(url)
    keys = sorted({k.split("=")[0] for k in parts.query.split("&") if k} - _LIST_KEYS)
    return re.sub(r"/\d+", "/N", parts.path) + ("?" + "&".join(keys) if keys else "")


def crawl(client, start: str, base: str, budget: int, state_codes: frozenset[str],
          seen_patterns: set | None = None) -> tuple[list[str], dict[str, list[str]]]:
    """Visit pages from `start` (breadth first, one per URL pattern, at most `budget`):
    (the pages visited, {page: problems})."""
    seen_patterns = set() if seen_patterns is None else seen_patterns
    queue, visited, problems = [start], [], {}
    while queue and len(visited) < budget:
        url = queue.pop(0)
        if _pattern(url) in seen_patterns:
            continue
        seen_patterns.add(_pattern(url))
        response = client.get(url)
        if 300 <= response.status_code < 400:
            continue
        visited.append(url)
        if response.status_code != 200:
            problems[url] = [f"HTTP {response.status_code}"]
            continue
        if response.mimetype != "text/html":
            continue
        html = response.get_data(as_text=True)
        found = page_problems(html, state_codes)
        if found:
            problems[url] = found
        for href in links(html):
            path = _path(href, base)
            if path and _pattern(path) not in seen_patterns:
                queue.append(path)
    return visited, problems
