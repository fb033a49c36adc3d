"""Capaian per DOMAIN section 2, in Python and in SQL (the same rule both ways)."""
from decimal import Decimal

import pytest
from sqlalchemy import literal, select

from app.extensions import db
from app.performance.capaian import band, capaian, capaian_sql
from app.performance.choices import CAPAIAN_BANDS

CASES = [
    # polarity, value, target, low, high, expected
    ("higher", 90, 100, None, None, 90.0),
    ("higher", 110, 100, None, None, 110.0),
    ("lower", 6.5, 7, None, None, 107.142857),   # the DOMAIN example
    ("lower", 8, 7, None, None, 85.714286),
    ("range", 3, None, 0, 5, 100.0),             # inside the range
    ("range", 6, None, 1, 5, 80.0),              # above: lower-is-better against 5
    ("range", 0.5, None, 1, 5, 50.0),            # below: higher-is-better against 1
]


@pytest.mark.no_db
@pytest.mark.parametrize("polarity,value,target,low,high,expected", CASES)
def test_capaian_python(polarity, value, target, low, high, expected):
    assert capaian(polarity, value, target, low, high) == pytest.approx(expected, rel=1e-6)


@pytest.mark.parametrize("polarity,value,target,low,high,expected", CASES)
def test_capaian_sql_matches_python(ctx, polarity, value, target, low, high, expected):
    def lit(v):
        return literal(None if v is None else Decimal(str(v)), type_=db.Numeric(16, 4))

    expr = capaian_sql(literal(polarity), lit(value), lit(target), lit(low), lit(high))
    assert float(db.session.scalar(select(expr))) == pytest.approx(expected, rel=1e-6)


@pytest.mark.no_db
def test_zero_target_and_missing_value_give_no_capaian():
    assert capaian("higher", 5, 0) is None
    assert capaian("lower", None, 7) is None
    assert capaian("range", 3, None, None, 5) is None


@pytest.mark.no_db
@pytest.mark.parametrize("value,label", [(95, "Very good"), (91, "Very good"), (90.5, "Good"),
                                         (76, "Good"), (70, "Fair"), (60, "Poor"),
                                         (50, "Very poor"), (None, "–")])
def test_default_bands(app, value, label):
    with app.test_request_context(headers={"Accept-Language": "en"}):
        from flask import session
        session["lang"] = "en"
        assert band(value, CAPAIAN_BANDS) == label
