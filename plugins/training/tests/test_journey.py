"""The journey over HTTP: the trainer plans a session, HR approves it, the trainer starts it,
invites a unit, records attendance, enters results and finishes it; the ledger, the
dashboard card and the compliance page change; certificates are issued and checked in
public."""
import re
from decimal import Decimal

from sqlalchemy import select

from app.extensions import db
from app.i18n import local_today
from plugins.training.models import Participant, TrainingSession
from plugins.training.tests import scenes


def _session_id(app) -> int:
    with app.app_context():
        return db.session.scalar(select(TrainingSession.id).order_by(TrainingSession.id.desc()))


def test_trainer_journey_changes_ledger_and_compliance(app, as_user, world):
    with app.app_context():
        trainer = scenes.link_trainer()
        programme = scenes.programme()
        today = local_today()
    pelatih, hr = as_user("pelatih"), as_user("hr")

    # The trainer's page and the plan.
    page = pelatih.get("/admin/training_trainer/")
    assert page.status_code == 200 and "Rencanakan sesi" in page.get_data(as_text=True)
    form = pelatih.get("/admin/training_session/new/").get_data(as_text=True)
    assert 'name="trainer"' not in form          # the trainer plans their own sessions
    response = pelatih.post("/admin/training_session/new/", {
        "programme": str(programme), "title": "Angkatan Uji",
        "starts_at": f"{today} 08:00:00", "ends_at": f"{today} 15:00:00",
        "venue": "Aula BKPSDM", "capacity": "10", "cost": "1500000", "funding": "apbd",
    }, token_from="/admin/training_session/new/")
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    sid = _session_id(app)
    with app.app_context():
        s = db.session.get(TrainingSession, sid)
        assert s.trainer_id == trainer and s.status == "direncanakan"
        assert s.starts_at.replace(tzinfo=None).hour == 23   # 08.00 WIT stored as UTC

    # Only HR approves; the trainer starts.
    assert pelatih.post("/admin/training_session/transition/approve/", {"id": sid}
                        ).status_code == 302
    with app.app_context():
        assert db.session.get(TrainingSession, sid).status == "direncanakan"
    hr.post("/admin/training_session/transition/approve/", {"id": sid})
    pelatih.post("/admin/training_session/transition/start/", {"id": sid})
    with app.app_context():
        assert db.session.get(TrainingSession, sid).status == "berlangsung"

    # Invite DPMPTSP with its sub-units (four people).
    pelatih.post("/admin/training_session/invite/", {
        "id": sid, "mode": "unit", "unit": world.units["dpm"], "sub_units": "y",
        "mandatory": "y"})
    with app.app_context():
        roster = {p.employee_id: p.id for p in db.session.scalars(
            select(Participant).where(Participant.session_id == sid))}
    assert set(roster) == {world.people[k] for k in ("head", "atasan", "pegawai", "pegawai2")}

    # Attendance on the phone page, then results: pegawai present and passed.
    url = f"/admin/training_session/attendance/?id={sid}&day={today}"
    assert pelatih.get(url).status_code == 200
    marks = {f"p{pid}": "hadir" for pid in roster.values()}
    marks[f"p{roster[world.people['pegawai2']]}"] = "tidak_hadir"
    assert pelatih.post(url, marks, token_from=url).status_code == 302
    results = {f"r{pid}": "lulus" for pid in roster.values()}
    results[f"r{roster[world.people['head']]}"] = "tidak_lulus"
    pelatih.post("/admin/training_session/results/", {"id": sid, **results})
    with app.app_context():
        jp = {p.employee_id: p.jp for p in db.session.scalars(
            select(Participant).where(Participant.session_id == sid))}
    assert jp[world.people["pegawai"]] == Decimal("9.33")       # 7 hours
    assert jp[world.people["pegawai2"]] == 0                    # absent
    assert jp[world.people["head"]] == 0                        # not passed

    # Not in the ledger until the session is finished.
    pegawai = as_user("pegawai")
    ledger = pegawai.get("/admin/training_ledger/").get_data(as_text=True)
    assert 'data-field="total">0<' in ledger
    pelatih.post("/admin/training_session/transition/finish/", {"id": sid})
    ledger = pegawai.get("/admin/training_ledger/").get_data(as_text=True)
    assert 'data-field="total">9,33<' in ledger and "Angkatan Uji" in ledger
    assert 'data-field="short">10,67 JP lagi<' in ledger
    home = pegawai.get("/admin/").get_data(as_text=True)
    assert 'id="widget-training-ledger"' in home and 'data-field="jp-total">9,33<' in home

    # Compliance: everyone below 20 JP is listed with what is missing.
    page = hr.get(f"/admin/training_compliance/?unit={world.units['dpm']}").get_data(
        as_text=True)
    nip = re.escape(scenes_nip(app, world.people["pegawai"]))
    assert re.search(nip + r'.*?data-field="short">10,67<', page, re.S)
    export = hr.get(f"/admin/training_compliance/export/?unit={world.units['dpm']}")
    assert export.status_code == 200 and "10,67" in export.get_data(as_text=True)

    # Certificates for those who passed, checked in public without a login or a NIP.
    pelatih.post("/admin/training_session/certificates/", {"id": sid})
    with app.app_context():
        p = db.session.get(Participant, roster[world.people["pegawai"]])
        token, number, participant_id = p.certificate_token, p.certificate_number, p.id
        nip_value = p.employee.nip
    assert number and token
    public = app.test_client().get(f"/training/certificate/{token}")
    text = public.get_data(as_text=True)
    assert public.status_code == 200 and 'data-validity="valid"' in text
    assert "Pelatihan OSS" in text and "9,33" in text
    assert nip_value not in text and "Pegawai Satu" not in text
    html = pegawai.get(f"/admin/training_participant/certificate/?id={participant_id}"
                       "&format=html").get_data(as_text=True)
    assert "<svg" in html and token in html
    pdf = pegawai.get(f"/admin/training_participant/certificate/?id={participant_id}")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")


def scenes_nip(app, employee_id):
    with app.app_context():
        return scenes.nip_of(employee_id)
