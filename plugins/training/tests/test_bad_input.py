"""Bad input changes nothing and gives a clear message: scores, outside JP, session times and
capacity, NIP lists with junk; the scored results path and the uploaded certificate."""
import io
from datetime import timedelta
from decimal import Decimal

from sqlalchemy import select

from app.extensions import db
from app.i18n import local_today
from plugins.training.models import Attendance, ExternalJp, Participant, TrainingSession
from plugins.training.tests import scenes


def test_scores_decide_the_result_and_bad_scores_change_nothing(app, as_user, world):
    with app.app_context():
        trainer = scenes.link_trainer()
        sid = scenes.session(scenes.programme(), trainer, local_today(), status="berlangsung",
                             scored=True)
        ids = {}
        for who in ("pegawai", "pegawai2"):
            p = Participant(session_id=sid, employee_id=world.people[who])
            db.session.add(p)
            db.session.flush()
            db.session.add(Attendance(participant_id=p.id, day=local_today(), status="hadir"))
            ids[who] = p.id
        db.session.commit()
    pelatih = as_user("pelatih")
    for bad in ("nan", "inf", "1e999", "101", "-1", "tujuh", "7\x00"):
        page = pelatih.post("/admin/training_session/results/", {
            "id": sid, f"s{ids['pegawai']}": "80", f"s{ids['pegawai2']}": bad},
            follow_redirects=True)
        if "\x00" in bad:      # refused before the view (app/core/inputs.py)
            assert page.status_code == 400
        else:
            assert page.status_code == 200 and "Pegawai Dua: nilai" in page.get_data(
                as_text=True)
        with app.app_context():
            assert db.session.get(Participant, ids["pegawai"]).score is None
    pelatih.post("/admin/training_session/results/", {
        "id": sid, f"s{ids['pegawai']}": "80,5", f"s{ids['pegawai2']}": "69.99"})
    with app.app_context():
        good, poor = (db.session.get(Participant, ids[w]) for w in ("pegawai", "pegawai2"))
        assert (good.score, good.result, good.jp) == (Decimal("80.5"), "lulus", Decimal("9.33"))
        assert (poor.result, poor.jp) == ("tidak_lulus", 0)


def test_outside_jp_and_session_form_refuse_nonsense(app, as_user, world):
    pegawai = as_user("pegawai")
    url = "/admin/training_external/new/"
    with app.app_context():
        today = local_today()
        trainer = scenes.link_trainer()
        programme = scenes.programme()
    for jp, ends in (("nan", today), ("1e400", today), ("0", today), ("10", today + timedelta(3))):
        pegawai.post(url, {"title": "Kursus", "organiser": "LAN", "kind": "kursus",
                           "ends_on": ends.isoformat(), "jp": jp,
                           "evidence_upload": (io.BytesIO(b"%PDF"), "b.pdf")},
                     token_from=url, content_type="multipart/form-data")
    with app.app_context():
        assert db.session.scalar(select(db.func.count()).select_from(ExternalJp)) == 0
    pelatih = as_user("pelatih")
    new = "/admin/training_session/new/"
    base = {"programme": str(programme), "starts_at": f"{today} 08:00:00",
            "ends_at": f"{today} 15:00:00", "venue": "Aula", "capacity": "20"}
    for bad in ({"ends_at": f"{today} 07:00:00"}, {"capacity": "99999999999"},
                {"capacity": "0"}, {"venue": "", "online_link": ""},
                {"online_link": "javascript:alert(1)", "venue": ""},
                {"cost": "-5"}, {"cost": "nan"}, {"programme": "999999999999"},
                {"ends_at": f"{today.replace(year=today.year + 3)} 07:00:00"}):
        page = pelatih.post(new, {**base, **bad}, token_from=new)
        assert page.status_code in (200, 302)
    with app.app_context():
        assert db.session.scalar(select(db.func.count()).select_from(TrainingSession)) == 0
        assert trainer


def test_nip_list_with_junk_invites_nobody(app, as_user, world):
    with app.app_context():
        trainer = scenes.link_trainer()
        sid = scenes.session(scenes.programme(), trainer, local_today(), status="disetujui",
                             capacity=1)
        nips = [scenes.nip_of(world.people[w]) for w in ("pegawai", "pegawai2")]
    pelatih = as_user("pelatih")
    page = pelatih.post("/admin/training_session/invite/", {
        "id": sid, "mode": "list", "nips": f"{nips[0]}x\n199001012020121999 ;"},
        follow_redirects=True).get_data(as_text=True)
    assert "Tidak ada yang diundang" in page
    with app.app_context():
        assert db.session.scalar(select(db.func.count()).select_from(Participant)) == 0
    # Capacity: one seat, two invited; the second is left out with a message.
    page = pelatih.post("/admin/training_session/invite/", {
        "id": sid, "mode": "list", "nips": "\n".join(nips), "mandatory": "y"},
        follow_redirects=True).get_data(as_text=True)
    assert "1 tidak diundang: sesi sudah penuh" in page
    with app.app_context():
        assert db.session.scalar(select(db.func.count()).select_from(Participant)) == 1


def test_hr_uploads_a_certificate_and_dates_are_checked(app, as_user, world):
    with app.app_context():
        trainer = scenes.link_trainer()
        sid = scenes.session(scenes.programme(), trainer, local_today(), status="selesai")
        p = Participant(session_id=sid, employee_id=world.people["pegawai"], result="lulus")
        db.session.add(p)
        db.session.commit()
        pid = p.id
    hr = as_user("hr")
    url = f"/admin/training_participant/edit/?id={pid}"
    data = {"certificate_number": "SERT/01", "certificate_issued": "2026-02-01",
            "certificate_expires": "2025-01-01"}
    hr.post(url, data, token_from=url)
    with app.app_context():
        assert db.session.get(Participant, pid).certificate_number is None
    hr.post(url, {**data, "certificate_expires": "2029-01-01",
                  "certificate_upload": (io.BytesIO(b"%PDF-1.4 sertifikat"), "s.pdf")},
            token_from=url, content_type="multipart/form-data")
    with app.app_context():
        p = db.session.get(Participant, pid)
        assert p.certificate_number == "SERT/01" and p.certificate_file and p.certificate_token
    download = as_user("pegawai").get(f"/admin/training_participant/certificate_file/?id={pid}")
    assert download.status_code == 200 and download.data.startswith(b"%PDF-1.4 sertifikat")
    assert as_user("lain").get(f"/admin/training_participant/certificate_file/?id={pid}"
                               ).status_code == 302
    # Only HR edits a participation.
    assert as_user("pelatih").get(url).status_code in (302, 403)
