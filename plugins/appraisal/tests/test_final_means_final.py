"""Final means final: once the appraiser signs, what an evaluation shows is frozen. A test
finalises an evaluation, then changes the employee's position, unit, name and grade, the
coefficients and the reports linked to the RHK; the details page, the document, its PDF bytes
and the angka kredit list are unchanged; the verification page accepts the kept PDF and refuses
one altered by a byte; HR's correction makes a new version and keeps the old one readable."""
from __future__ import annotations

import io
import json
import re
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from app.extensions import db
from app.org.models import Employee, Position, WorkUnit
from app.performance.models import ActivityReport
from plugins.appraisal import rules, snapshots
from plugins.appraisal.models import (CreditCoefficient, Evaluation, EvaluationSnapshot,
                                      ReportLink, Rhk)
from plugins.appraisal.tests.scenes import (YEAR, approve, chain, evaluation, get,
                                            held_all_along)
from tests.admin.helpers import alerts

EV = "/admin/appraisal_evaluation"
DOC = "/admin/appraisal_document"


def _article(html: str) -> str:
    match = re.search(r'<article class="doc" id="evaluation-document".*?</article>', html, re.S)
    assert match, "no document on the page"
    return match.group(0)


def _frozen(html: str) -> str:
    match = re.search(r'<div class="card mb-3" id="frozen".*?data-frozen-reports.*?</ul>',
                      html, re.S)
    assert match, "no frozen version on the evaluation page"
    return match.group(0)


def _credits(html: str) -> str:
    return re.search(r"<table.*?</table>", html, re.S).group(0)


def _link_report(app, world, rhk_id, day, text):
    with app.app_context():
        report = ActivityReport(employee_id=world.people["pegawai"], date=day,
                                description=text, duration_minutes=60, status="verified")
        db.session.add(report)
        db.session.flush()
        db.session.add(ReportLink(report_id=report.id, rhk_id=rhk_id))
        db.session.commit()


def _signed_and_final(app, world, as_user):
    """Pegawai Satu (functional, Ahli Pertama) rated by Atasan, signed by the Kepala Dinas and
    acknowledged: the annual evaluation of last year, final, through the workflow."""
    scene = chain(app, world)
    with app.app_context():
        db.session.get(Employee, world.people["pegawai"]).position = Position(
            name="Analis Kebijakan Ahli Pertama", kind="fungsional", level="ahli_pertama")
        db.session.commit()
        held_all_along(world.people["pegawai"])
        rhk = db.session.scalar(select(Rhk.id).where(Rhk.skp_id == scene.skp["pegawai"]))
    approve(app, scene.skp["pegawai"], scene.skp["atasan"])
    _link_report(app, world, rhk, date(YEAR, 3, 3), "Memverifikasi berkas izin Maret")
    ev = evaluation(app, scene.skp["pegawai"], period=0)
    atasan, kepala, pegawai = as_user("atasan"), as_user("kepala"), as_user("pegawai")
    atasan.post(f"{EV}/assessment/", {"id": ev, "hasil_kerja": rules.DI_ATAS,
                                      "perilaku": rules.DI_ATAS})
    atasan.post(f"{EV}/transition/rate/", {"id": ev})
    assert get(app, Evaluation, ev).status == "rated"
    kepala.post(f"{EV}/transition/sign/", {"id": ev})
    assert get(app, Evaluation, ev).status == "signed"
    pegawai.post(f"{EV}/transition/acknowledge/", {"id": ev})
    assert get(app, Evaluation, ev).status == "final"
    return scene, ev, rhk


def test_freeze_and_thaw_keep_dates_decimals_and_text():
    value = {"on": date(2026, 11, 28), "credit": Decimal("12.500"), "rows": [1, "a", None]}
    assert snapshots.thaw(json.loads(json.dumps(snapshots.freeze(value)))) == value


def test_a_final_evaluation_never_changes(app, world, as_user):
    pytest.importorskip("weasyprint")
    scene, ev, rhk = _signed_and_final(app, world, as_user)
    hr = as_user("hr")
    credits_url = f"/admin/appraisal_coefficient/credits/?cycle={scene.cycle}"

    def seen():
        details = hr.get(f"{EV}/details/?id={ev}").get_data(as_text=True)
        document = hr.get(f"{DOC}/?id={ev}").get_data(as_text=True)
        pdf = hr.get(f"{DOC}/pdf/?id={ev}")
        assert pdf.mimetype == "application/pdf"
        return (_frozen(details), _article(document), pdf.get_data(),
                _credits(hr.get(credits_url).get_data(as_text=True)))

    before = seen()
    assert "Pegawai Satu" in before[1] and "Analis Kebijakan Ahli Pertama" in before[1]
    assert "Memverifikasi berkas izin Maret" in before[0]
    assert re.search(r"Pegawai Satu</td>.*?data-credit>18,75</td>", before[3], re.S)
    with app.app_context():
        row = snapshots.current(ev)
        assert row.version == 1 and row.pdf_sha256 and row.pdf == before[2]

    with app.app_context():       # a year later: promoted, moved, renamed, regraded...
        person = db.session.get(Employee, world.people["pegawai"])
        person.name, person.grade = "Pegawai Satu Berganti Nama", "III/d"
        person.position = Position(name="Analis Kebijakan Ahli Muda", kind="fungsional",
                                   level="ahli_muda")
        person.unit = db.session.get(WorkUnit, world.units["bkp"])
        db.session.add(CreditCoefficient(level="ahli_pertama", coefficient=Decimal("99")))
        db.session.get(Employee, world.people["atasan"]).name = "Atasan Berganti Nama"
        db.session.commit()
    _link_report(app, world, rhk, date(YEAR, 3, 4), "Laporan yang ditautkan belakangan")

    after = seen()
    assert after == before
    assert "Pegawai Satu Berganti Nama" not in after[0] + after[1]
    assert "Laporan yang ditautkan belakangan" not in after[0]


def test_the_verification_page_accepts_the_kept_pdf_and_refuses_an_altered_one(
        app, world, as_user):
    pytest.importorskip("weasyprint")
    _scene, ev, _rhk = _signed_and_final(app, world, as_user)
    hr, auditor, pegawai = as_user("hr"), as_user("auditor"), as_user("pegawai")
    pdf = hr.get(f"{DOC}/pdf/?id={ev}").get_data()
    page = hr.get(f"{DOC}/?id={ev}").get_data(as_text=True)
    assert 'id="document-qr"' in page and "<svg" in page

    def verify(client, data):
        return client.post(f"{DOC}/verify/?id={ev}&v=1", token_from=f"{DOC}/verify/",
                           data={"document": (io.BytesIO(data), "evaluasi.pdf")},
                           content_type="multipart/form-data").get_data(as_text=True)

    assert 'data-result="match"' in verify(auditor, pdf)
    altered = bytearray(pdf)
    altered[len(altered) // 2] ^= 1
    assert 'data-result="none"' in verify(hr, bytes(altered))
    response = hr.post(f"{DOC}/verify/", token_from=f"{DOC}/verify/",
                       data={"document": (io.BytesIO(b"not a pdf"), "x.pdf")},
                       content_type="multipart/form-data", follow_redirects=True)
    assert any("bukan PDF" in a for a in alerts(response))
    assert pegawai.get(f"{DOC}/verify/").status_code == 302        # HR and the auditor only


def test_hr_correction_makes_a_new_version_and_keeps_the_old_one(app, world, as_user):
    pytest.importorskip("weasyprint")
    _scene, ev, _rhk = _signed_and_final(app, world, as_user)
    hr, atasan = as_user("hr"), as_user("atasan")
    hr.get(f"{DOC}/pdf/?id={ev}")
    hr.post(f"{EV}/transition/reopen/comment/", {"ids": str(ev),
                                                 "comment": "Salah ketik nilai perilaku"})
    assert get(app, Evaluation, ev).status == "draft"
    atasan.post(f"{EV}/assessment/", {"id": ev, "hasil_kerja": rules.DI_ATAS,
                                      "perilaku": rules.SESUAI})
    atasan.post(f"{EV}/transition/rate/", {"id": ev})
    with app.app_context():
        rows = db.session.scalars(select(EvaluationSnapshot).where(
            EvaluationSnapshot.evaluation_id == ev).order_by(EvaluationSnapshot.version)).all()
        assert [(r.version, r.superseded_at is not None) for r in rows] == [(1, True),
                                                                           (2, False)]
        assert rows[0].superseded_reason == "Salah ketik nilai perilaku"
        assert rows[1].reason == "Salah ketik nilai perilaku"
        assert rows[0].predikat == rules.predikat(rules.DI_ATAS, rules.DI_ATAS)
        assert rows[1].predikat == rules.predikat(rules.DI_ATAS, rules.SESUAI)
        assert rows[0].pdf_sha256            # the old PDF stays on record
    old = hr.get(f"{DOC}/?id={ev}&v=1").get_data(as_text=True)
    assert 'data-field="superseded"' in old and "Salah ketik nilai perilaku" in old
    assert re.search(r'data-field="perilaku">Di Atas Ekspektasi<', old)
    current = hr.get(f"{DOC}/?id={ev}").get_data(as_text=True)
    assert re.search(r'data-field="perilaku">Sesuai Ekspektasi<', current)
    assert hr.get(f"{DOC}/?id={ev}&v=9").status_code == 302


def test_a_version_taken_late_names_the_position_held_in_the_period(app, world, as_user):
    """The upgrade freezes evaluations signed before versions were kept: they name the
    position of their period from the history, not today's."""
    from app.i18n import local_today
    from app.org.history import position_on
    from app.org.models import PositionHistory

    scene = chain(app, world)
    approve(app, scene.skp["pegawai"])
    ev = evaluation(app, scene.skp["pegawai"], period=0, status="final",
                    ratings=(rules.DI_ATAS, rules.DI_ATAS))
    with app.app_context():
        person = db.session.get(Employee, world.people["pegawai"])
        old_name = person.position.name
        # The history began before this change (as the upgrade leaves it: no start date).
        db.session.execute(PositionHistory.__table__.update().where(
            PositionHistory.employee_id == person.id).values(since=None))
        person.position = Position(name="Analis SDM Ahli Muda", kind="fungsional",
                                   level="ahli_muda")
        db.session.commit()
        assert position_on(person.id, date(YEAR, 12, 31)).name == old_name
        assert position_on(person.id, local_today()).name == "Analis SDM Ahli Muda"
        row = snapshots.take(db.session.get(Evaluation, ev))
        db.session.commit()
        assert json.loads(row.content)["people"][0]["position"] == old_name
        assert row.position_kind != "fungsional" and row.credit is None
