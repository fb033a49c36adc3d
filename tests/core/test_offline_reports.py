"""Catat kegiatan (app.daily, issue 17) over HTTP: the page, its manifest and service worker, the
data the phone caches, and the endpoint that receives queued reports: stored once per device
id, CSRF on a header, only the logged-in employee's own reports and RHK, the back office's
rules with Indonesian messages, no 500 on bad input, rate-limited and audited."""
from __future__ import annotations

import re

import io
import json
import uuid
from pathlib import Path
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from app.audit.models import AuditEvent
from app.extensions import db
from app.performance.models import ActivityReport

SEND = "/kegiatan/kirim"


def local_today():
    """Today in WIT, as the server's rules see it."""
    return datetime.now(ZoneInfo("Asia/Jayapura")).date()


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64


def token(c) -> str:
    response = c.get("/kegiatan/data", headers={"Accept": "application/json"})
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    return response.get_json()["csrf"]


def report(**fields) -> dict:
    data = {"client_id": str(uuid.uuid4()), "date": local_today().isoformat(),
            "description": "Verifikasi berkas izin usaha di Distrik Warmare",
            "duration_minutes": "90", "output_quantity": "3", "output_unit": "berkas",
            "serves": ""}
    data.update(fields)
    return data


def send(c, data, csrf="fetch", owner=None, **headers):
    csrf = token(c) if csrf == "fetch" else csrf
    if owner is None:
        owner = c.user_id
    sent = {"Accept": "application/json", "X-Kinerja-Owner": str(owner), **headers}
    if csrf:
        sent["X-CSRFToken"] = csrf
    return c.http.post(SEND, data=data, headers=sent, content_type="multipart/form-data")


@pytest.fixture
def employee(app, world, as_user):
    def make(username="pegawai"):
        c = as_user(username)
        c.user_id = world.users[username]
        return c
    return make


def count(app, **where) -> int:
    with app.app_context():
        query = select(func.count()).select_from(ActivityReport)
        for key, value in where.items():
            query = query.where(getattr(ActivityReport, key) == value)
        return db.session.scalar(query)


# ------------------------------------------------------------------ the page and the app files

def test_the_page_is_an_installable_app_for_employees(app, employee, client):
    c = employee()
    page = c.get("/kegiatan/")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert 'rel="manifest" href="/kegiatan/manifest.webmanifest"' in html
    assert 'data-sw-url="/kegiatan/sw.js"' in html and 'data-user="' in html
    assert "Catat kegiatan" in html and "Belum terkirim" in html   # Indonesian
    assert "<script>" not in html and " onclick=" not in html       # CSP: external JS only
    assert page.headers["Cache-Control"] == "no-store"

    manifest = client.get("/kegiatan/manifest.webmanifest")
    assert manifest.mimetype == "application/manifest+json"
    body = json.loads(manifest.get_data(as_text=True))
    assert body["start_url"] == body["scope"] == "/kegiatan/"
    assert body["display"] == "standalone"
    sizes = {icon["sizes"] for icon in body["icons"]}
    assert {"192x192", "512x512"} <= sizes
    for icon in body["icons"]:   # served by the app, no CDN
        assert icon["src"].startswith("/kegiatan/static/")
        image = client.get(icon["src"])
        assert image.status_code == 200 and image.data.startswith(b"\x89PNG")

    worker = client.get("/kegiatan/sw.js")
    assert worker.status_code == 200 and worker.mimetype == "text/javascript"
    assert worker.headers["Service-Worker-Allowed"] == "/kegiatan/"
    assert worker.headers["Cache-Control"] == "no-cache"
    text = worker.get_data(as_text=True)
    assert "skipWaiting" in text and "clients.claim" in text
    assert '"kegiatan-" + VERSION' in text.replace("PREFIX", '"kegiatan-"')


def test_the_page_and_the_scripts_words_are_indonesian(employee):
    from tests.i18n.english import find_english

    html = employee().get("/kegiatan/").get_data(as_text=True)
    assert 'lang="id"' in html
    assert not find_english(html), find_english(html)
    assert "Tersimpan di perangkat ini, belum terkirim" in html   # (the script's words)


def test_who_may_open_the_page(app, world, as_user, client):
    anonymous = client.get("/kegiatan/")
    assert anonymous.status_code == 302 and "/login" in anonymous.headers["Location"]
    assert as_user("auditor").get("/kegiatan/").status_code == 403   # no employee record
    data = client.get("/kegiatan/data", headers={"Accept": "application/json"})
    assert data.status_code == 401 and "Sesi" in data.get_json()["error"]
    assert as_user("auditor").get("/kegiatan/data").status_code == 403


def test_the_data_holds_only_my_reports_of_30_days(app, world, employee):
    with app.app_context():
        old = ActivityReport(employee_id=world.people["pegawai"], description="Lama sekali",
                             date=local_today() - timedelta(days=40), duration_minutes=30)
        db.session.add(old)
        db.session.commit()
    body = employee().get("/kegiatan/data").get_json()
    descriptions = {r["description"] for r in body["reports"]}
    assert {"Kegiatan draft", "Kegiatan submitted", "Kegiatan verified"} == descriptions
    states = {r["description"]: r["state_label"] for r in body["reports"]}
    assert states["Kegiatan verified"] == "Diverifikasi"
    assert body["today"] == local_today().isoformat() and body["csrf"]
    assert body["earliest"] == (local_today() - timedelta(days=7)).isoformat()


# ------------------------------------------------------------------ exactly once

def test_the_same_report_sent_twice_is_stored_once_and_reaches_the_supervisor(app, employee,
                                                                              as_user):
    c = employee()
    data = report(description="Laporan dari distrik: sosialisasi izin")
    first = send(c, dict(data))
    assert first.status_code == 201, first.get_data(as_text=True)
    again = send(c, dict(data))   # the answer was lost; the phone sends it again
    assert again.status_code == 200 and again.get_json()["result"] == "duplicate"
    assert again.get_json()["report"]["id"] == first.get_json()["report"]["id"]
    assert count(app, offline_client_id=data["client_id"]) == 1
    assert first.get_json()["report"]["state"] == "submitted"

    with app.app_context():
        stored = db.session.scalar(select(ActivityReport).where(
            ActivityReport.offline_client_id == data["client_id"]))
        events = db.session.scalars(select(AuditEvent).where(
            AuditEvent.entity == "activity_report",
            AuditEvent.entity_id == str(stored.id))).all()
        assert [(e.action, e.username) for e in events] == [("create", "pegawai"),
                                                            ("transition", "pegawai")]
        assert stored.output_unit == "berkas" and stored.duration_minutes == 90
    inbox = as_user("atasan").get("/admin/activity_report/?flt1_0=submitted")
    cells = re.sub(r'data-confirm="[^"]*"', "", inbox.get_data(as_text=True))  # (delete asks by name)
    assert cells.count("Laporan dari distrik: sosialisasi izin") == 1


def test_two_requests_at_once_store_one_report(app, employee, monkeypatch):
    """Two tabs send one report at the same moment: the second request does not see the first
    one's row yet, hits the unique index, and answers with the stored report; the photo it
    saved is removed."""
    from app.daily import sync

    c = employee()
    data = report(description="Dua tab sekaligus")
    assert send(c, dict(data)).status_code == 201
    real, looks = sync.stored, []

    def late(cid):   # the first look happens before the other request commits
        looks.append(cid)
        return None if len(looks) == 1 else real(cid)

    monkeypatch.setattr(sync, "stored", late)
    uploads = Path(app.config["UPLOAD_DIR"])
    before = set(uploads.iterdir())
    again = send(c, dict(data, photo=(io.BytesIO(PNG), "bukti.png")))
    assert again.status_code == 200, again.get_data(as_text=True)
    assert again.get_json()["result"] == "duplicate" and len(looks) == 2
    assert count(app, description="Dua tab sekaligus") == 1
    assert set(uploads.iterdir()) == before


def test_a_device_id_of_another_employees_report_is_refused(app, employee):
    data = report()
    assert send(employee("pegawai"), dict(data)).status_code == 201
    other = send(employee("pegawai2"), dict(data, description="Punya pegawai dua"))
    assert other.status_code == 409 and other.get_json()["error"]
    assert count(app, offline_client_id=data["client_id"]) == 1
    assert count(app, description="Punya pegawai dua") == 0


# ------------------------------------------------------------------ who may send

def test_csrf_is_required_on_the_header(app, employee):
    c = employee()
    for csrf in (None, "forged-token"):
        response = send(c, report(description="Tanpa token"), csrf=csrf)
        assert response.status_code == 400 and response.get_json()["csrf"] is True
    assert count(app, description="Tanpa token") == 0


def test_an_ended_session_is_a_401_and_another_account_a_403(app, employee, client):
    anonymous = client.http.post(SEND, data=report(description="Sesi habis"),
                                 headers={"Accept": "application/json"})
    assert anonymous.status_code == 401 and "/login" in anonymous.get_json()["login"]
    c = employee("pegawai2")   # a shared phone: pegawai's queue under pegawai2's session
    foreign = send(c, report(description="Milik pegawai"), owner=9999)
    assert foreign.status_code == 403 and foreign.get_json()["owner"] is True
    assert count(app, description="Sesi habis") == count(app, description="Milik pegawai") == 0


def test_only_my_own_rhk(app, world, employee):
    from plugins.appraisal.models import AppraisalCycle, Iki, ReportLink, Rhk, Skp

    with app.app_context():
        cycle = AppraisalCycle(year=local_today().year, state="pemantauan")
        rhk = {}
        for who in ("pegawai", "pegawai2"):
            skp = Skp(cycle=cycle, employee_id=world.people[who], status="approved",
                      appraiser_id=world.people["atasan"], unit_id=world.units["dpm"])
            rhk[who] = Rhk(skp=skp, kind="utama", text=f"RHK {who}",
                           indicators=[Iki(name="Izin terbit", aspect="kuantitas",
                                           target="10")])
            db.session.add(rhk[who])
        db.session.commit()
        rhk = {k: v.id for k, v in rhk.items()}
    c = employee()
    offered = c.get("/kegiatan/data").get_json()
    choices = [x["value"] for x in offered["serves"][str(local_today().year)]]
    assert choices == [f"appraisal_rhk:{rhk['pegawai']}"]
    assert offered["serves_label"] == "RHK yang didukung"

    foreign = send(c, report(serves=f"appraisal_rhk:{rhk['pegawai2']}"))
    assert foreign.status_code == 422
    assert "Pilih" in foreign.get_json()["error"]   # Indonesian: choose from the list
    mine = send(c, report(serves=f"appraisal_rhk:{rhk['pegawai']}"))
    assert mine.status_code == 201
    with app.app_context():
        link = db.session.get(ReportLink, mine.get_json()["report"]["id"])
        assert link is not None and link.rhk_id == rhk["pegawai"]


# ------------------------------------------------------------------ the back office's rules

@pytest.mark.parametrize("fields, field, words", [
    ({"date": (local_today() + timedelta(days=3)).isoformat()}, "date", "setelah hari ini"),
    ({"date": (local_today() - timedelta(days=30)).isoformat()}, "date", "tidak boleh sebelum"),
    ({"date": "31/02/2026"}, "date", "Tanggal tidak valid"),
    ({"date": ""}, "date", "wajib"),
    ({"duration_minutes": "0"}, "duration_minutes", "1"),
    ({"duration_minutes": "1441"}, "duration_minutes", "1440"),
    ({"duration_minutes": "1e3"}, "duration_minutes", "bilangan bulat"),
    ({"duration_minutes": "9" * 40}, "duration_minutes", "bilangan bulat"),
    ({"output_quantity": "1e400"}, "output_quantity", "digit"),
    ({"output_quantity": "nan"}, "output_quantity", "digit"),
    ({"output_quantity": "-1"}, "output_quantity", "0"),
    ({"description": "   "}, "description", "wajib"),
    ({"description": "x" * 5001}, "description", "5000"),
    ({"client_id": "not-a-uuid"}, None, "perangkat"),
])
def test_bad_reports_are_refused_in_indonesian(app, employee, fields, field, words):
    response = send(employee(), report(**fields))
    assert response.status_code == 422, response.get_data(as_text=True)
    body = response.get_json()
    assert words in body["error"], body
    if field:
        assert field in body["errors"]
    assert count(app) == 6   # the world's reports only


def test_at_most_24_hours_a_day(app, employee):
    c = employee()   # the world gave pegawai three reports of 60 minutes on this day
    day = date.today().isoformat()   # (the world's day: the server's, not WIT's)
    assert send(c, report(date=day, duration_minutes="1260")).status_code == 201
    response = send(c, report(date=day, duration_minutes="1"))
    assert response.status_code == 422
    assert "24 jam" in response.get_json()["error"]


def test_a_nul_byte_is_refused_before_anything(app, employee):
    response = send(employee(), report(description="Kegiatan\x00jahat"))
    assert response.status_code == 400
    assert "NUL" in response.get_json()["error"]
    assert count(app, offline_client_id=None) == 6 and count(app) == 6


# ------------------------------------------------------------------ the photo

def test_a_photo_is_stored_as_evidence(app, employee):
    c = employee()
    data = report(photo=(io.BytesIO(PNG), "bukti.png"))
    response = send(c, data)
    assert response.status_code == 201, response.get_data(as_text=True)
    assert response.get_json()["report"]["photo"] is True
    with app.app_context():
        stored = db.session.get(ActivityReport, response.get_json()["report"]["id"])
        assert stored.evidence_name == "bukti.png" and stored.evidence_file.endswith(".png")


@pytest.mark.parametrize("content, name, words", [
    (b"GIF89a" + b"\x00" * 20, "foto.gif", "tidak diizinkan"),
    (b"this is not an image", "foto.jpg", "rusak"),
    (b"", "kosong.jpg", "rusak"),
    (JPEG, "foto.exe", "tidak diizinkan"),
    (PNG, "foto.pdf", "JPEG atau PNG"),
])
def test_broken_or_wrong_photos_are_refused(app, employee, content, name, words):
    response = send(employee(), report(photo=(io.BytesIO(content), name)))
    assert response.status_code == 422, response.get_data(as_text=True)
    assert words in response.get_json()["error"]
    assert count(app) == 6


def test_a_photo_over_the_limit_is_refused(app, employee):
    app.config["OFFLINE_PHOTO_MAX_BYTES"] = 1024
    try:
        response = send(employee(), report(photo=(io.BytesIO(JPEG + b"\x00" * 2000),
                                                  "besar.jpg")))
    finally:
        app.config["OFFLINE_PHOTO_MAX_BYTES"] = 5 * 1024 * 1024
    assert response.status_code == 422 and "terlalu besar" in response.get_json()["error"]


def test_a_body_over_the_upload_limit_is_a_json_413(app, employee):
    c = employee()
    csrf = token(c)
    app.config["MAX_CONTENT_LENGTH"] = 2048
    try:
        response = send(c, report(photo=(io.BytesIO(JPEG + b"\x00" * 4096), "besar.jpg")),
                        csrf=csrf)
    finally:
        app.config["MAX_CONTENT_LENGTH"] = 10 * 1024 * 1024
    assert response.status_code == 413 and response.get_json()["error"]


# ------------------------------------------------------------------ rate limit

def test_sending_is_rate_limited_per_account(app, employee):
    app.config["OFFLINE_SYNC_LIMIT"] = "3 per minute"
    try:
        c = employee()
        csrf = token(c)
        codes = [send(c, report(duration_minutes="5"), csrf=csrf).status_code
                 for _ in range(4)]
        other = send(employee("pegawai2"), report(duration_minutes="5")).status_code
    finally:
        app.config["OFFLINE_SYNC_LIMIT"] = "60 per minute"
    assert codes == [201, 201, 201, 429]
    assert other == 201   # another account on the same address has its own count
    assert count(app) == 6 + 4


def test_the_dashboard_links_to_the_page(app, employee):
    home = employee().get("/admin/").get_data(as_text=True)
    assert 'href="/kegiatan/"' in home
