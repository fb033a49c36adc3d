"""The public transparency page and its open data (core): the PK capaian section per unit and
for the regency, whatever sections are registered, datasets in CSV and JSON at stable URLs with
their schema, and the ETag (304 on If-None-Match)."""
from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

from flask import render_template_string

from app.core.hooks import TransparencySection
from app.core.registry import registry
from app.extensions import db
from app.performance.models import Realisation


def _realise(app, world, values: dict):
    with app.app_context():
        for key, (period_no, value) in values.items():
            db.session.add(Realisation(target_id=world.targets[key], period_no=period_no,
                                       value=Decimal(str(value))))
        db.session.commit()


def test_unit_page_shows_the_capaian_of_its_pk_with_bands(app, world, client):
    _realise(app, world, {"ikm": (1, 78), "waktu": (1, 7)})
    page = client.get("/transparansi/unit/DPMPTSP")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert 'data-section="performance"' in text
    assert 'data-capaian="IKU-01">95,1%' in text and 'data-capaian="IKU-02">100%' in text
    assert "Sangat baik" in text or "Sangat Baik" in text  # the band of 95 %
    assert "<table" in text and "chart.umd.min.js" in text


def test_regency_page_lists_units_with_their_mean_capaian(app, world, client):
    _realise(app, world, {"ikm": (1, 82), "waktu": (1, 7), "bkp": (1, 45)})
    text = client.get("/transparansi").get_data(as_text=True)
    assert "/transparansi/unit/DPMPTSP" in text
    assert "100%" in text and "50%" in text


def test_datasets_csv_and_json_with_schema(app, world, client):
    _realise(app, world, {"ikm": (2, 82)})
    year = date.today().year
    data = client.get(f"/transparansi/data/performance/{year}.json").get_json()
    assert data["dataset"] == "performance" and "capaian" in data["schema"]
    assert data["rows"][0]["capaian"] == 100.0 and data["rows"][0]["period_no"] == 2
    body = client.get(f"/transparansi/data/performance/{year}/DPMPTSP.csv").get_data(
        as_text=True)
    rows = list(csv.DictReader(io.StringIO(body.lstrip("\ufeff"))))
    assert rows[0]["indicator_code"] == "IKU-01" and rows[0]["band"]
    assert client.get(f"/transparansi/data/performance/{year}/BKPSDM.csv").get_data(
        as_text=True).count("\n") == 1  # header only
    assert client.get(f"/transparansi/data/nothing/{year}.csv").status_code == 404
    assert client.get(f"/transparansi/data/performance/{year}.xml").status_code == 404
    assert client.get("/transparansi/data/performance/1800.csv").status_code == 404
    assert client.get(f"/transparansi/data/performance/{year}/NOPE.csv").status_code == 404
    index = client.get("/transparansi/data").get_data(as_text=True)
    assert "indicator_code" in index and f"/transparansi/data/performance/{year}.csv" in index


def test_etag_gives_304(app, world, client):
    _realise(app, world, {"ikm": (1, 80)})
    for url in ["/transparansi/unit/DPMPTSP", "/transparansi",
                f"/transparansi/data/performance/{date.today().year}.csv"]:
        first = client.get(url)
        assert first.headers["ETag"] and "public" in first.headers["Cache-Control"]
        again = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
        assert again.status_code == 304 and again.data == b""
    _realise(app, world, {"ikm": (2, 60)})
    changed = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
    assert changed.status_code == 200


def test_sections_are_kept_for_the_cache_time(app, world, client):
    app.config["PUBLIC_CACHE_SECONDS"] = 300
    try:
        _realise(app, world, {"ikm": (1, 82)})
        client.get("/transparansi/unit/DPMPTSP")
        _realise(app, world, {"ikm": (2, 41)})
        assert "50%" not in client.get("/transparansi/unit/DPMPTSP").get_data(as_text=True)
    finally:
        app.config["PUBLIC_CACHE_SECONDS"] = 0
        from app.public import transparency
        transparency._cache.clear()


def test_page_renders_whatever_sections_are_registered(app, world, client):
    sections = registry(app).transparency_sections
    extra = TransparencySection(
        "zz_test", "Bagian uji",
        lambda unit, year: render_template_string("<p id='zz'>{{ n }}</p>", n=year),
        lambda unit, year: [{"n": year}], {"n": "tahun"})
    sections["zz_test"] = extra
    try:
        text = client.get("/transparansi?tahun=2025").get_data(as_text=True)
        assert "<p id='zz'>2025</p>" in text and "Bagian uji" in text
        assert client.get("/transparansi/data/zz_test/2025.json").get_json()["rows"] == [
            {"n": 2025}]
    finally:
        del sections["zz_test"]
    assert client.get("/transparansi?tahun=99999").status_code == 404
