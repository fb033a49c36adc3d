"""Derived-indicator formulas: safe evaluation, checked when saved."""
import pytest

from app.performance.formula import FormulaError, evaluate, validate, variable

pytestmark = pytest.mark.no_db
KNOWN = {"IKU_01": None, "IKU_02": None, "IKU_03": "IKU_01 + IKU_02"}


@pytest.mark.parametrize("formula,values,expected", [
    ("IKU_01 / IKU_02 * 100", {"IKU_01": 45, "IKU_02": 50}, 90.0),
    ("round(max(IKU_01, IKU_02) / 3, 2)", {"IKU_01": 10, "IKU_02": 20}, 6.67),
    ("100 if IKU_01 >= 80 else IKU_01", {"IKU_01": 85}, 100.0),
    ("abs(IKU_01 - IKU_02)", {"IKU_01": 3, "IKU_02": 5}, 2.0),
    ("IKU_01 / IKU_02", {"IKU_01": 3, "IKU_02": 0}, None),       # division by zero: no value
    ("IKU_01 + IKU_02", {"IKU_01": 3, "IKU_02": None}, None),    # a missing realisation
])
def test_evaluate(formula, values, expected):
    assert evaluate(formula, values) == (pytest.approx(expected) if expected is not None
                                         else None)


@pytest.mark.parametrize("formula,message", [
    ("", "empty"),
    ("IKU_01 +", "not valid"),
    ("__import__('os').system('id')", "Only the functions"),
    ("IKU_01.real", "may only use"),
    ("[IKU_01]", "may only use"),
    ("lambda: 1", "may only use"),
    ("'teks' + IKU_01", "not text"),
    ("IKU_99 * 2", "Unknown indicator code(s) in the formula: IKU_99"),
    ("IKU_04 + 1", "its own indicator"),
    ("IKU_01 < 2", "must give a number"),
])
def test_bad_formulas_are_refused_when_saved(app, formula, message):
    with app.test_request_context():
        from flask import session
        session["lang"] = "en"
        with pytest.raises(FormulaError) as error:
            validate(formula, "IKU-04", KNOWN)
        assert message in str(error.value)


def test_cycles_through_other_derived_indicators_are_refused(app):
    known = dict(KNOWN, IKU_04="IKU_03 * 2")
    with app.test_request_context():
        with pytest.raises(FormulaError):
            validate("IKU_04 + 1", "IKU-03", {**known, "IKU_03": "IKU_04 + 1"})
        assert validate("IKU_03 * 2", "IKU-04", known) == {"IKU_03"}


def test_variable_names():
    assert variable("IKU-01") == "IKU_01" and variable("SS.2.a") == "SS_2_a"
