"""Derived indicators over HTTP: HR defines a formula (checked when saved) and the agreement
page computes its realisation and capaian; capaian bands are rows."""
import re
from decimal import Decimal

from sqlalchemy import select

from app.extensions import db
from app.performance.models import (CapaianBand, Indicator, PerformanceAgreement, Realisation,
                                    Target)

FORM = {"name": "Rasio kepuasan per hari proses", "unit_of_measure": "indeks",
        "polarity": "higher", "level": "unit", "aspect": "", "perspective": ""}


def test_bad_formula_is_refused_when_saved(app, as_user, world):
    response = as_user("hr").post("/admin/indicator/new/", {**FORM, "code": "IKU-03",
                                                            "formula": "IKU_01 + IKU_99"})
    assert response.status_code == 200
    assert "IKU_99" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(Indicator).where(Indicator.code == "IKU-03")) is None


def test_derived_indicator_capaian_is_computed(app, as_user, world):
    hr = as_user("hr")
    response = hr.post("/admin/indicator/new/", {**FORM, "code": "IKU-03",
                                                 "formula": "round(IKU_01 / IKU_02, 2)"})
    assert response.status_code == 302
    with app.app_context():
        derived = db.session.scalar(select(Indicator).where(Indicator.code == "IKU-03"))
        ikm = db.session.get(Target, world.targets["ikm"])
        agreement_id = ikm.agreement_id
        db.session.add(Target(agreement_id=agreement_id, indicator=derived, objective="Rasio",
                              value=Decimal("10")))
        db.session.add_all([
            Realisation(target_id=world.targets["ikm"], period_no=1, value=Decimal("80")),
            Realisation(target_id=world.targets["waktu"], period_no=1, value=Decimal("8")),
            Realisation(target_id=world.targets["ikm"], period_no=2, value=Decimal("90")),
        ])
        db.session.commit()
        derived_target = db.session.scalar(select(Target).where(Target.indicator == derived))
    page = hr.get(f"/admin/agreement/details/?id={agreement_id}").get_data(as_text=True)
    row = re.search(r'<tr data-indicator="IKU-03">(.*?)</tr>', page, re.S).group(1)
    cells = re.findall(r'<td data-period="(\d)">(.*?)</td>', row, re.S)
    assert "10" in cells[0][1] and "100%" in cells[0][1] and "sangat baik" in cells[0][1].lower()
    # Period 2 lacks IKU-02's realisation: not computable yet, and the page says why.
    assert "belum dapat dihitung" in cells[1][1] and "IKU-02" in cells[1][1]
    # A derived indicator takes no typed realisation.
    hr.post("/admin/realisation/new/", {"target": derived_target.id, "period_no": "1",
                                        "value": "5"})
    with app.app_context():
        assert db.session.scalar(select(Realisation).where(
            Realisation.target_id == derived_target.id)) is None


def test_bands_are_rows_hr_edits(app, as_user, world):
    with app.app_context():
        target = db.session.get(Target, world.targets["ikm"])
        db.session.add(Realisation(target=target, period_no=1, value=Decimal("82")))
        db.session.add_all([CapaianBand(lower_bound=Decimal("95"), label="Istimewa",
                                        color="#28a745"),
                            CapaianBand(lower_bound=None, label="Belum", color="#dc3545")])
        db.session.commit()
        agreement_id = db.session.scalar(select(PerformanceAgreement.id).where(
            PerformanceAgreement.id == target.agreement_id))
    page = as_user("hr").get(f"/admin/agreement/details/?id={agreement_id}").get_data(
        as_text=True)
    row = re.search(r'<tr data-indicator="IKU-01">(.*?)</tr>', page, re.S).group(1)
    assert "Istimewa" in row
    bad = as_user("hr").post("/admin/capaian_band/new/", {"lower_bound": "50", "label": "X",
                                                          "color": "merah"})
    assert bad.status_code == 200
