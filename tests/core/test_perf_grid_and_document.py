"""Issue 11: the realisasi grid of an agreement (indicators x periods, values and evidence on
one page, all or nothing, scoped, audited) and the printable PK with its capaian report."""
import io
import re
from decimal import Decimal

from sqlalchemy import select

from app.audit.models import AuditEvent
from app.extensions import db
from app.performance.models import Realisation, Target


def _agreement(app, world):
    with app.app_context():
        return db.session.get(Target, world.targets["ikm"]).agreement_id


def _values(app, world):
    with app.app_context():
        return {(r.target_id, r.period_no): r.value for r in db.session.scalars(
            select(Realisation))}


def test_grid_saves_values_and_evidence_in_one_post(app, as_user, world):
    agreement_id, ikm, waktu = _agreement(app, world), world.targets["ikm"], world.targets["waktu"]
    atasan = as_user("atasan")     # a supervisor of the agreement's unit
    page = atasan.get(f"/admin/agreement/realisations/?id={agreement_id}")
    assert page.status_code == 200 and f'name="v-{ikm}-4"' in page.get_data(as_text=True)
    response = atasan.post(f"/admin/agreement/realisations/?id={agreement_id}", {
        f"v-{ikm}-1": "80,5", f"u-{ikm}-1": "https://manokwarikab.go.id/ikm",
        f"v-{waktu}-1": "6", f"v-{waktu}-2": "",
        f"f-{waktu}-1": (io.BytesIO(b"%PDF-1.4 x"), "Rekap waktu izin.pdf"),
    }, content_type="multipart/form-data")
    assert response.status_code == 302
    assert _values(app, world) == {(ikm, 1): Decimal("80.5"), (waktu, 1): Decimal("6")}
    with app.app_context():
        r = db.session.scalar(select(Realisation).where(Realisation.target_id == waktu))
        assert r.evidence_name == "Rekap_waktu_izin.pdf"
        assert db.session.scalar(select(AuditEvent).where(
            AuditEvent.entity == "realisation", AuditEvent.username == "atasan")) is not None


def test_grid_refuses_bad_cells_and_saves_nothing(app, as_user, world):
    agreement_id, ikm, waktu = _agreement(app, world), world.targets["ikm"], world.targets["waktu"]
    hr = as_user("hr")
    page = hr.post(f"/admin/agreement/realisations/?id={agreement_id}", {
        f"v-{ikm}-1": "80", f"v-{waktu}-1": "nan", f"v-{ikm}-2": "1e400",
        f"v-{ikm}-3": "5", f"u-{ikm}-3": "javascript:alert(1)"})
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "bukan angka" in text and "http" in text
    assert _values(app, world) == {}


def test_grid_is_scoped_and_read_only_for_others(app, as_user, world):
    agreement_id, ikm = _agreement(app, world), world.targets["ikm"]
    other = as_user("atasan_lain")   # another unit's supervisor
    assert other.get(f"/admin/agreement/realisations/?id={agreement_id}").status_code == 302
    other.post(f"/admin/agreement/realisations/?id={agreement_id}", {f"v-{ikm}-1": "80"})
    auditor = as_user("auditor")
    page = auditor.get(f"/admin/agreement/realisations/?id={agreement_id}")
    assert page.status_code == 200 and "disabled" in page.get_data(as_text=True)
    auditor.post(f"/admin/agreement/realisations/?id={agreement_id}", {f"v-{ikm}-1": "80"})
    pegawai = as_user("pegawai")
    assert pegawai.get(f"/admin/agreement/realisations/?id={agreement_id}").status_code != 200
    assert _values(app, world) == {}
    # Without the CSRF token nothing is saved either.
    hr = as_user("hr")
    hr.http.post(f"/admin/agreement/realisations/?id={agreement_id}", data={f"v-{ikm}-1": "80"})
    assert _values(app, world) == {}


def test_printable_pk_and_capaian_report(app, as_user, world):
    agreement_id, ikm = _agreement(app, world), world.targets["ikm"]
    with app.app_context():
        db.session.add(Realisation(target_id=ikm, period_no=1, value=Decimal("82")))
        db.session.commit()
    hr = as_user("hr")
    details = hr.get(f"/admin/agreement/details/?id={agreement_id}").get_data(as_text=True)
    assert f"/admin/agreement/document/?id={agreement_id}" in details
    page = hr.get(f"/admin/agreement/document/?id={agreement_id}")
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "PERJANJIAN KINERJA" in text
    row = re.search(r'<tr data-indicator="IKU-01">(.*?)</tr>', text, re.S).group(1)
    assert "100%" in row and "Pihak" in text
    pdf = hr.get(f"/admin/agreement/document/pdf/?id={agreement_id}")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    assert as_user("atasan_lain").get(
        f"/admin/agreement/document/?id={agreement_id}").status_code == 302
