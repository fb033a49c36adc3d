"""Issue 11, agreements: derived indicators with missing realisasi, safe formulas, period
targets with an aggregation rule and annual capaian, capaian floored at 0 %."""
import re
from decimal import Decimal

import pytest
from sqlalchemy import literal, select

from app.extensions import db
from app.performance.achievement import annual
from app.performance.capaian import aggregate, capaian, capaian_sql
from app.performance.formula import FormulaError, outcome, validate
from app.performance.models import Indicator, Realisation, Target, TargetPeriod


def _cells(page: str, code: str) -> dict[str, str]:
    row = re.search(rf'<tr data-indicator="{code}">(.*?)</tr>', page, re.S).group(1)
    return dict(re.findall(r'<td data-period="(\w+)">(.*?)</td>', row, re.S))


def _derived(app, world, formula):
    with app.app_context():
        derived = Indicator(code="IKU-03", name="Rasio", unit_of_measure="indeks",
                            polarity="higher", level="unit", formula=formula)
        ikm = db.session.get(Target, world.targets["ikm"])
        db.session.add(Target(agreement_id=ikm.agreement_id, indicator=derived,
                              objective="Rasio", value=Decimal("10")))
        db.session.add(Realisation(target_id=world.targets["ikm"], period_no=1,
                                   value=Decimal("80")))
        db.session.commit()
        return ikm.agreement_id


def test_derived_indicator_with_missing_realisasi_is_not_a_500(app, as_user, world):
    # IKU-02 has no realisasi at all: the derived value "cannot be calculated yet" and says why.
    agreement_id = _derived(app, world, "IKU_01 / IKU_02")
    response = as_user("hr").get(f"/admin/agreement/details/?id={agreement_id}")
    assert response.status_code == 200
    cells = _cells(response.get_data(as_text=True), "IKU-03")
    assert "belum dapat dihitung" in cells["1"] and "IKU-02" in cells["1"]


def test_division_by_an_expression_that_is_zero(app, as_user, world):
    with pytest.raises(FormulaError):   # zero whatever the realisations: refused when saved
        validate("IKU_01 / (IKU_02 - IKU_02)", "IKU-03", {"IKU_01": None, "IKU_02": None})
    # Zero only for some values: accepted, and evaluated safely with the reason shown.
    validate("IKU_01 / (IKU_02 - 8)", "IKU-03", {"IKU_01": None, "IKU_02": None})
    result = outcome("IKU_01 / (IKU_02 - 8)", {"IKU_01": 80.0, "IKU_02": 8.0})
    assert result.value is None and "zero" in result.reason
    assert outcome("IKU_01 ** IKU_02", {"IKU_01": 10.0, "IKU_02": 1e6}).value is None
    agreement_id = _derived(app, world, "IKU_01 / (IKU_02 - 8)")
    with app.app_context():
        db.session.add(Realisation(target_id=world.targets["waktu"], period_no=1,
                                   value=Decimal("8")))
        db.session.commit()
    page = as_user("hr").get(f"/admin/agreement/details/?id={agreement_id}")
    assert page.status_code == 200
    assert "pembagian dengan nol" in _cells(page.get_data(as_text=True), "IKU-03")["1"]


@pytest.mark.no_db
def test_aggregation_rules():
    assert aggregate("sum", [300, None, 400, None]) == 700
    assert aggregate("last", [300, 350, None, None]) == 350
    assert aggregate("average", [6, 8, None, None]) == 7
    assert aggregate("sum", [None, None]) is None


def test_period_targets_and_annual_capaian(app, as_user, world):
    """1,200 permits a year, 300 per quarter: Q1's 300 is 100 % of Q1, not 25 % of the year."""
    with app.app_context():
        ikm = db.session.get(Target, world.targets["ikm"])
        permits = Indicator(code="IKU-04", name="Izin terbit", unit_of_measure="izin",
                            polarity="higher", level="unit")   # default rule: cumulative sum
        target = Target(agreement_id=ikm.agreement_id, indicator=permits, objective="Izin",
                        value=Decimal("1200"),
                        period_targets=[TargetPeriod(period_no=q, value=Decimal("300"))
                                        for q in (1, 2, 3, 4)])
        db.session.add(target)
        db.session.add_all([Realisation(target=target, period_no=1, value=Decimal("300")),
                            Realisation(target=target, period_no=2, value=Decimal("330"))])
        db.session.commit()
        assert annual(target).value == 630
        assert annual(target).capaian == pytest.approx(52.5)
        agreement_id = ikm.agreement_id
    page = as_user("hr").get(f"/admin/agreement/details/?id={agreement_id}")
    cells = _cells(page.get_data(as_text=True), "IKU-04")
    assert "100%" in cells["1"] and "sangat baik" in cells["1"].lower()
    assert "110%" in cells["2"]
    assert "52,5%" in cells["year"] and "kurang" in cells["year"].lower()


def test_hr_sets_period_targets_and_aggregation_in_the_forms(app, as_user, world):
    hr = as_user("hr")
    with app.app_context():
        target = db.session.get(Target, world.targets["waktu"])
        indicator_id, agreement_id = target.indicator_id, target.agreement_id
    response = hr.post(f"/admin/indicator/edit/?id={indicator_id}", {
        "code": "IKU-02", "name": "Waktu penyelesaian izin", "unit_of_measure": "hari",
        "polarity": "lower", "level": "unit", "aggregation": "last", "aspect": "",
        "perspective": ""})
    assert response.status_code == 302, response.get_data(as_text=True)[-2000:]
    response = hr.post(f"/admin/target/edit/?id={world.targets['waktu']}", {
        "agreement": agreement_id, "objective": "Izin cepat", "indicator": indicator_id,
        "value": "7", "period_targets-0-period_no": "1", "period_targets-0-value": "10"})
    assert response.status_code == 302, response.get_data(as_text=True)[-2000:]
    bad = hr.post(f"/admin/target/edit/?id={world.targets['waktu']}", {
        "agreement": agreement_id, "objective": "Izin cepat", "indicator": indicator_id,
        "value": "7", "period_targets-0-period_no": "5", "period_targets-0-value": "10"})
    assert bad.status_code == 200
    with app.app_context():
        target = db.session.get(Target, world.targets["waktu"])
        assert target.indicator.aggregation == "last"
        assert [(p.period_no, p.value) for p in target.period_targets] == [(1, Decimal("10"))]


def test_capaian_is_never_below_zero(ctx):
    assert capaian("lower", 14, 6) == 0.0                 # (12 - 14) / 6 would be -33.33 %
    assert capaian("range", 12, None, 2, 5) == 0.0        # far above the range
    assert capaian("range", 6, None, 1, 5) == pytest.approx(80.0)   # today's reading kept

    def lit(v):
        return literal(None if v is None else Decimal(str(v)), type_=db.Numeric(16, 4))
    expr = capaian_sql(literal("lower"), lit(14), lit(6), lit(None), lit(None))
    assert float(db.session.scalar(select(expr))) == 0.0
