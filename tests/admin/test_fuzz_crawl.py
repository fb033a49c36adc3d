"""A fuzz crawl of the whole back office: zero 500s (issue 8, "No 500, ever").

Every model view of the Flask-Admin instance (core and enabled plugins) is visited as every
role: its list, details, edit form, CSV and XLSX export and ajax lookups, with malformed ids,
sort, page, page_size and search, each of its filter indexes, and each field of its create and
edit forms, filled with NUL bytes, nan, numbers beyond any column, 1 MB strings and impossible
dates. The inputs are sampled with a fixed seed and a fixed budget, so the crawl takes about a
minute per database on a slow machine and a failure replays (KINERJA_FUZZ_SEED picks another
sample, KINERJA_FUZZ_BUDGET a larger one).
"""
from __future__ import annotations

import os
import random

from flask_admin.model import BaseModelView

from tests.admin.helpers import DETAIL_ID, FIELD_TAG, NAME_ATTR
from tests.fixtures.core import Client

ROLES = ["hr", "atasan", "pegawai", "auditor", "pelatih", "koordinator"]
SEED = int(os.environ.get("KINERJA_FUZZ_SEED", "8"))
BUDGET = int(os.environ.get("KINERJA_FUZZ_BUDGET", "250"))  # requests beyond the fixed set
MEGA = "x" * (1024 * 1024)

NASTY = [
    "\x00", "a\x00b", "nan", "NaN", "inf", "-Infinity", "1e309", "-1e309",
    "99999999999999999999", "2147483648", "-2147483649", "9223372036854775808", "-1", "0",
    "2026-02-30", "0000-00-00", "9999-12-31", "2026-13-45 25:61:61", "2026-01-01 to 2025-01-01",
    "1 to 2", "'", "%", "_", "\\", "%_%", "[]", "{}", "1,5", "1.5.5", "0x10", "١٢", "😀" * 50,
    "<script>alert(1)</script>", " ", "a" * 300, "\u202e", "\x1b[31m", "\ufeff",
]
PAGE_ARGS = ["id", "cycle", "period", "year", "unit", "employee", "page", "q", "search", "sort",
             "status", "next", "url", "format"]
IDS = ["", "abc", "-1", "0", "1.5", "nan", "99999999999999999999", "2147483648", "1\x00",
       "[1]", "%"]


def nasty(rng: random.Random) -> str:
    return MEGA if rng.random() < 0.03 else rng.choice(NASTY)


def model_views(app) -> list:
    return [v for v in app.extensions["kinerja_admin"]._views if isinstance(v, BaseModelView)]


def form_fields(html: str) -> list[str]:
    names = []
    for tag in FIELD_TAG.findall(html):
        match = NAME_ATTR.search(tag)
        if match and match.group(1) != "csrf_token" and match.group(1) not in names:
            names.append(match.group(1))
    return names


class Crawl:
    def __init__(self, app, rng):
        self.app, self.rng = app, rng
        self.clients: dict[str, Client] = {}
        self.tokens: dict[str, str] = {}
        self.failures: list[str] = []
        self.requests = 0

    def login(self, role):
        client = Client(self.app)
        assert client.login(role).status_code == 302
        self.clients[role] = client
        self.tokens[role] = client.token("/admin/")

    def get(self, role, path, **query):
        response = self.clients[role].http.get(path, query_string=query)
        self._check(role, "GET", path, query, response)
        return response

    def post(self, role, url, data, query=None):
        data = dict(data, csrf_token=self.tokens[role])
        response = self.clients[role].http.post(url, data=data, query_string=query or {})
        self._check(role, "POST", url, {**(query or {}), **data}, response)
        return response

    def _check(self, role, method, url, args, response):
        self.requests += 1
        if response.status_code >= 500:
            shown = {k: (v[:40] + "…" if isinstance(v, str) and len(v) > 40 else v)
                     for k, v in args.items() if k != "csrf_token"}
            self.failures.append(f"{response.status_code} {role} {method} {url} {shown!r}")
        response.close()  # (ends a streamed export)

    # The requests, each a closure run later in a shuffled order.
    def list_args(self, view, filters=()) -> dict:
        """Malformed paging, sorting and search, and a nasty value for each filter index in
        `filters` (else for a random one)."""
        rng = self.rng
        args = {}
        for key in ("page", "page_size", "sort", "desc"):
            if rng.random() < 0.5:
                args[key] = rng.choice(IDS + ["1", "100"])
        if rng.random() < 0.7:
            args["search"] = nasty(rng)
        count = len(view._filters or ())
        for position, index in enumerate(filters or ([rng.randrange(count)] if count else [])):
            args[f"flt{position}_{index}"] = nasty(rng)
        if rng.random() < 0.1:
            args[f"flt9_{rng.choice(['999', '-1', 'x', ''])}"] = nasty(rng)
        return args


def test_no_url_and_no_form_field_of_the_back_office_gives_a_500(app, world):
    rng = random.Random(SEED)
    crawl = Crawl(app, rng)
    for role in ROLES:
        crawl.login(role)
    fixed, sampled = [], []
    for view in model_views(app):
        base = view.url.rstrip("/")
        known = sorted({m for m in DETAIL_ID.findall(
            crawl.get("hr", f"{base}/").get_data(as_text=True))})[:1]
        ids = IDS + known

        def row_id(ids=ids, known=known):
            return known[0] if known and rng.random() < 0.4 else rng.choice(ids)

        # Every filter index once, spread over the roles' list pages.
        indexes = list(range(len(view._filters or ())))
        for number, role in enumerate(ROLES):
            fixed.append(lambda role=role, base=base, view=view, mine=indexes[number::6]:
                         crawl.get(role, f"{base}/", **crawl.list_args(view, mine)))
            sampled += [
                lambda role=role, base=base, view=view: crawl.get(
                    role, f"{base}/export/{rng.choice(['csv', 'xlsx', 'pdf', '%00'])}/",
                    **crawl.list_args(view)),
                lambda role=role, base=base, row_id=row_id: crawl.get(
                    role, f"{base}/details/", id=row_id()),
                lambda role=role, base=base, row_id=row_id: crawl.get(
                    role, f"{base}/edit/", id=row_id()),
                lambda role=role, base=base, view=view: crawl.get(
                    role, f"{base}/", **crawl.list_args(view)),
            ]
            for name in list(getattr(view, "_form_ajax_refs", None) or {}) + ["nope"]:
                sampled.append(lambda role=role, base=base, name=name: crawl.get(
                    role, f"{base}/ajax/lookup/", name=name, query=nasty(rng),
                    limit=rng.choice(["10", "-1", "99999999999999999999", "x"]),
                    offset=rng.choice(["0", "-5", "99999999999999999999"])))
        # Every field of the create and edit forms with a bad value (three fields a post), as
        # HR and as one other role that gets the form.
        for role in ("hr", rng.choice(ROLES[1:])):
            for url, query in [(f"{base}/new/", {})] + (
                    [(f"{base}/edit/", {"id": known[0]})] if known else []):
                page = crawl.get(role, url, **query)
                if page.status_code != 200:
                    continue
                fields = form_fields(page.get_data(as_text=True))
                rng.shuffle(fields)
                for start in range(0, len(fields), 3):
                    def submit(role=role, url=url, query=query, fields=fields,
                               mine=fields[start:start + 3]):
                        data = {f: rng.choice(["", "1", "2026-01-31"]) for f in fields
                                if rng.random() < 0.7}
                        data.update({f: nasty(rng) for f in mine})
                        crawl.post(role, url, data, query)
                    fixed.append(submit)
    # The other back-office pages (imports, reports, tools) with malformed query arguments.
    for view in app.extensions["kinerja_admin"]._views:
        if isinstance(view, BaseModelView) or not view.url:
            continue
        page = view.url.rstrip("/") + "/"
        for role in ROLES:
            sampled.append(lambda role=role, page=page: crawl.get(role, page, **{
                rng.choice(PAGE_ARGS): nasty(rng) for _i in range(rng.randint(1, 3))}))
    rng.shuffle(sampled)
    print(f"fuzz crawl: {crawl.requests} discovery, {len(fixed)} fixed and "
          f"{min(BUDGET, len(sampled))} of {len(sampled)} sampled requests")
    for request in fixed + sampled[:BUDGET]:
        request()
    assert not crawl.failures, (f"{len(crawl.failures)} of {crawl.requests} requests gave a "
                                "500:\n" + "\n".join(crawl.failures[:40]))
    assert crawl.requests > 400
