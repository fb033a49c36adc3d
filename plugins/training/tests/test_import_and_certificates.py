"""Attendance imported from XLSX: errors per row, all or nothing, broken files; the public
certificate check (valid, expired, unknown, no NIP)."""
import io
from datetime import date, timedelta

from openpyxl import Workbook
from sqlalchemy import select

from app.extensions import db
from app.i18n import local_today
from plugins.training.models import Attendance, Participant
from plugins.training.tests import scenes


def _xlsx(rows) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(["NIP", "Tanggal", "Kehadiran"])
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _running(app, world):
    with app.app_context():
        trainer = scenes.link_trainer()
        today = local_today()
        sid = scenes.session(scenes.programme(), trainer, today, days=2, status="berlangsung")
        for who in ("pegawai", "pegawai2"):
            db.session.add(Participant(session_id=sid, employee_id=world.people[who]))
        db.session.commit()
        nips = {who: scenes.nip_of(world.people[who]) for who in ("pegawai", "pegawai2", "lain")}
    return sid, today, nips


def _import(client, sid, data, name="hadir.xlsx"):
    return client.post("/admin/training_session/attendance/import/",
                       {"id": sid, "file": (io.BytesIO(data), name)},
                       token_from=f"/admin/training_session/details/?id={sid}",
                       content_type="multipart/form-data", follow_redirects=True)


def _count(app):
    with app.app_context():
        return db.session.scalar(select(db.func.count()).select_from(Attendance))


def test_import_reports_each_bad_row_and_saves_nothing(app, as_user, world):
    sid, today, nips = _running(app, world)
    pelatih = as_user("pelatih")
    page = _import(pelatih, sid, _xlsx([
        [nips["pegawai"], today.isoformat(), "hadir"],            # fine
        [nips["lain"], today.isoformat(), "hadir"],               # row 3: not on the roster
        [nips["pegawai2"], "2001-01-01", "hadir"],                # row 4: not a session day
        [nips["pegawai2"], today.isoformat(), "mungkin"],         # row 5: unknown mark
        [nips["pegawai"], today.isoformat(), "izin"],             # row 6: twice
    ])).get_data(as_text=True)
    assert "Tidak ada yang diimpor" in page
    assert f"Baris 3: NIP &#34;{nips['lain']}&#34; tidak ada di daftar peserta" in page \
        or f"Baris 3: NIP &quot;{nips['lain']}&quot; tidak ada di daftar peserta" in page
    assert "Baris 4: tanggal bukan hari sesi ini" in page
    assert "Baris 5: kehadiran harus hadir, tidak hadir atau izin" in page
    assert "Baris 6: NIP dan tanggal ini muncul dua kali" in page
    assert "Baris 2" not in page
    assert _count(app) == 0


def test_import_saves_every_row_when_all_are_right(app, as_user, world):
    sid, today, nips = _running(app, world)
    pelatih = as_user("pelatih")
    tomorrow = today + timedelta(days=1)
    page = _import(pelatih, sid, _xlsx([
        [nips["pegawai"], today.isoformat(), "Hadir"],
        [nips["pegawai2"], today.strftime("%d/%m/%Y"), "tidak hadir"],
        [nips["pegawai"], tomorrow.isoformat(), "izin"],
        [None, None, None],
    ])).get_data(as_text=True)
    assert "Kehadiran berhasil diimpor" in page
    with app.app_context():
        marks = {(a.participant.employee_id, a.day): a.status
                 for a in db.session.scalars(select(Attendance))}
    assert marks == {(world.people["pegawai"], today): "hadir",
                     (world.people["pegawai2"], today): "tidak_hadir",
                     (world.people["pegawai"], tomorrow): "izin"}
    # The template offers the roster against each day.
    template = pelatih.get(f"/admin/training_session/attendance/template/?id={sid}")
    assert template.status_code == 200 and template.data[:2] == b"PK"


def test_broken_and_empty_files_are_refused_clearly(app, as_user, world):
    sid, _today, _nips = _running(app, world)
    pelatih = as_user("pelatih")
    for data in (b"\x00\x01 not a spreadsheet", b"PK\x03\x04broken", _xlsx([])):
        page = _import(pelatih, sid, data).get_data(as_text=True)
        assert page.count("alert-danger") >= 1
        assert ("Berkas tidak dapat dibaca" in page
                or "Berkas tidak memiliki baris di bawah judul kolom" in page)
    assert _count(app) == 0


def test_attendance_waits_for_the_session_to_start(app, as_user, world):
    with app.app_context():
        trainer = scenes.link_trainer()
        sid = scenes.session(scenes.programme(), trainer, local_today(), status="disetujui")
        db.session.add(Participant(session_id=sid, employee_id=world.people["pegawai"]))
        db.session.commit()
    pelatih = as_user("pelatih")
    url = f"/admin/training_session/attendance/?id={sid}"
    assert "Kehadiran dicatat setelah sesi dimulai" in pelatih.get(url).get_data(as_text=True)
    pelatih.post(url, {"p1": "hadir"}, token_from=url)
    assert _count(app) == 0


def _certified(app, world, expires=None, status="selesai"):
    with app.app_context():
        trainer = scenes.link_trainer()
        sid = scenes.session(scenes.programme(), trainer, local_today(), status=status)
        p = Participant(session_id=sid, employee_id=world.people["pegawai"], result="lulus",
                        certificate_number="0001/001/PK", certificate_token="tok" + "x" * 20,
                        certificate_issued=date(2026, 1, 5), certificate_expires=expires)
        db.session.add(p)
        db.session.commit()
        return p.certificate_token, scenes.nip_of(world.people["pegawai"])


def test_public_certificate_check(app, world, client):
    token, nip = _certified(app, world)
    page = client.get(f"/training/certificate/{token}")
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and 'data-validity="valid"' in text
    assert "Pelatihan OSS" in text and nip not in text and "Pegawai Satu" not in text
    assert page.headers["Cache-Control"] == "no-store"
    assert client.get("/training/certificate/%00").status_code == 400   # (app/core/inputs.py)
    for bad in ("nothing-like-this-token", "x", "a" * 300, "tok'--"):
        response = client.get(f"/training/certificate/{bad}")
        assert response.status_code == 404
        assert 'data-validity="unknown"' in response.get_data(as_text=True)
    assert client.get("/training/certificate/").status_code == 200
    assert client.get(f"/training/certificate/?code={token}").status_code == 302
    assert "Periksa sertifikat pelatihan" in client.get("/").get_data(as_text=True)


def test_expired_and_cancelled_certificates(app, world, client):
    token, _nip = _certified(app, world, expires=date(2020, 1, 1))
    assert 'data-validity="expired"' in client.get(
        f"/training/certificate/{token}").get_data(as_text=True)
    with app.app_context():
        p = db.session.scalar(select(Participant))
        p.session.status = "dibatalkan"
        db.session.commit()
    assert client.get(f"/training/certificate/{token}").status_code == 404
