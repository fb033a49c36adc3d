"""The public transparency page (no login), per work unit and for the regency, and its open
data. Its parts are the `transparency_sections` every module registers (core's PK capaian, the
survey's IKM, training, forums ...): the page renders whatever is registered, in registry
order, and each section with `rows` and `schema` is a dataset, downloadable as CSV or JSON at a
stable URL: /transparansi/data/<section>/<year>.<csv|json> for the regency and
/transparansi/data/<section>/<year>/<unit code>.<csv|json> for a unit.

Many readers, few changes: each section's HTML and each dataset are kept for
PUBLIC_CACHE_SECONDS, and every response carries an ETag (a 304 when If-None-Match matches).
The pages carry no form (so no per-visitor CSRF token), which keeps the ETag stable.
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
import threading
import time

from flask import Response, abort, current_app, render_template, request, url_for
from markupsafe import Markup
from sqlalchemy import select

from app.core.registry import registry
from app.extensions import db
from app.i18n import local_today
from app.org.models import WorkUnit
from app.public.views import bp

_cache: dict = {}
_lock = threading.Lock()


def cached(key, produce):
    """`produce()` once per PUBLIC_CACHE_SECONDS for `key` (0: never cached)."""
    seconds = current_app.config.get("PUBLIC_CACHE_SECONDS", 300)
    if not seconds:
        return produce()
    key = (id(current_app._get_current_object()), *key)
    now = time.monotonic()
    with _lock:
        hit = _cache.get(key)
        if hit is not None and hit[0] > now:
            return hit[1]
    value = produce()
    with _lock:
        if len(_cache) > 2000:  # unit x year x section x language: a bound, never reached
            _cache.clear()
        _cache[key] = (now + seconds, value)
    return value


def conditional(body: str | bytes, mimetype: str, **headers) -> Response:
    """A response with a strong ETag of its body; 304 when the reader has it already."""
    response = Response(body, mimetype=mimetype, headers=headers)
    data = response.get_data()
    response.set_etag(hashlib.sha256(data).hexdigest()[:32])
    response.headers["Cache-Control"] = "public, max-age=60"
    response.vary.add("Cookie")
    return response.make_conditional(request)


def _year() -> int:
    year = request.args.get("tahun", type=int) or local_today().year
    if not 2000 <= year <= 2100:
        abort(404)
    return year


def _unit(code: str) -> WorkUnit:
    unit = db.session.scalar(select(WorkUnit).where(WorkUnit.code == code,
                                                    WorkUnit.active.is_(True)))
    if unit is None:
        abort(404)
    return unit


def _units() -> list[WorkUnit]:
    return db.session.scalars(select(WorkUnit).where(
        WorkUnit.active.is_(True), WorkUnit.parent_id.is_not(None),
        WorkUnit.kind != "bidang").order_by(WorkUnit.name)).all()


def _sections(unit: WorkUnit | None, year: int) -> list[tuple]:
    """(section, its HTML) for every registered section that has something to show."""
    from app.i18n import select_locale

    shown = []
    for section in registry().transparency_sections.values():
        key = ("section", section.name, unit.id if unit else None, year, select_locale())
        html = cached(key, lambda s=section: s.render(unit, year))
        if html:
            shown.append((section, Markup(html)))
    return shown


def _page(unit: WorkUnit | None):
    year = _year()
    body = render_template("public/transparency.html", unit=unit, year=year,
                           years=range(local_today().year, local_today().year - 4, -1),
                           units=_units(), sections=_sections(unit, year))
    return conditional(body, "text/html")


@bp.route("/transparansi")
def transparency():
    return _page(None)


@bp.route("/transparansi/unit/<code>")
def transparency_unit(code: str):
    return _page(_unit(code))


@bp.route("/transparansi/data")
def open_data():
    datasets = [s for s in registry().transparency_sections.values() if s.rows and s.schema]
    body = render_template("public/open_data.html", datasets=datasets,
                           year=local_today().year, units=_units())
    return conditional(body, "text/html")


def dataset_url(name: str, year: int, unit: WorkUnit | None, ext: str) -> str:
    if unit is None:
        return url_for("public.dataset", name=name, year=year, ext=ext)
    return url_for("public.unit_dataset", name=name, year=year, code=unit.code, ext=ext)


def _dataset(name: str, year: int, unit: WorkUnit | None, ext: str):
    section = registry().transparency_sections.get(name)
    if section is None or not section.rows or not section.schema or ext not in ("csv", "json"):
        abort(404)
    if not 2000 <= year <= 2100:
        abort(404)

    def produce():
        columns = list(section.schema)
        data = [{c: row.get(c) for c in columns} for row in section.rows(unit, year)]
        if ext == "json":
            return json.dumps({"dataset": name, "year": year,
                               "unit": unit.code if unit else None,
                               "schema": {c: str(d) for c, d in section.schema.items()},
                               "rows": data}, ensure_ascii=False, indent=1)
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=columns)
        writer.writeheader()
        writer.writerows(data)
        return "\ufeff" + out.getvalue()

    body = cached(("data", name, unit.id if unit else None, year, ext), produce)
    filename = f"{name}-{year}{'-' + unit.code if unit else ''}.{ext}"
    mimetype = "application/json" if ext == "json" else "text/csv"
    return conditional(body, mimetype,
                       **{"Content-Disposition": f"inline; filename={filename}"})


@bp.route("/transparansi/data/<name>/<int:year>.<ext>")
def dataset(name: str, year: int, ext: str):
    return _dataset(name, year, None, ext)


@bp.route("/transparansi/data/<name>/<int:year>/<code>.<ext>")
def unit_dataset(name: str, year: int, code: str, ext: str):
    return _dataset(name, year, _unit(code), ext)
