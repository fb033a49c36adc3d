"""Pure appraisal rules: predikat matrix, distribution curve, angka kredit (no database).

Run from the repo root: `.venv/bin/python -m pytest -p no:cacheprovider plugins/appraisal/tests`.
"""
from decimal import Decimal
from fractions import Fraction

import pytest

from plugins.appraisal.rules import (BAIK, BUTUH_PERBAIKAN, COUNT, CURVES, DEFAULT_COEFFICIENTS,
                                     DI_ATAS, DI_BAWAH, KURANG, MAX, MIN, ORG_BAIK,
                                     ORG_BUTUH_PERBAIKAN, ORG_ISTIMEWA, ORG_KURANG,
                                     ORG_PREDIKATS, ORG_SANGAT_KURANG, PREDIKATS, SANGAT_BAIK,
                                     SANGAT_KURANG, SESUAI, SHARE, Violation, angka_kredit,
                                     curve_violations, predikat)

pytestmark = pytest.mark.no_db


# --- Predikat matrix --------------------------------------------------------------------------

@pytest.mark.parametrize(("hasil_kerja", "perilaku", "expected"), [
    (DI_ATAS, DI_BAWAH, KURANG),
    (DI_ATAS, SESUAI, BAIK),
    (DI_ATAS, DI_ATAS, SANGAT_BAIK),
    (SESUAI, DI_BAWAH, KURANG),
    (SESUAI, SESUAI, BAIK),
    (SESUAI, DI_ATAS, BAIK),
    (DI_BAWAH, DI_BAWAH, SANGAT_KURANG),
    (DI_BAWAH, SESUAI, BUTUH_PERBAIKAN),
    (DI_BAWAH, DI_ATAS, BUTUH_PERBAIKAN),
])
def test_predikat_matrix(hasil_kerja, perilaku, expected):
    assert predikat(hasil_kerja, perilaku) == expected


def test_codes_are_the_documented_strings():
    assert (DI_ATAS, SESUAI, DI_BAWAH) == ("di_atas", "sesuai", "di_bawah")
    assert PREDIKATS == ("sangat_baik", "baik", "butuh_perbaikan", "kurang", "sangat_kurang")
    assert ORG_PREDIKATS == ("istimewa", "baik", "butuh_perbaikan", "kurang", "sangat_kurang")


@pytest.mark.parametrize(("hasil_kerja", "perilaku"), [
    ("atas", SESUAI), (SESUAI, "Sesuai"), (None, DI_ATAS), (DI_BAWAH, ""),
])
def test_predikat_rejects_unknown_ratings(hasil_kerja, perilaku):
    with pytest.raises(ValueError):
        predikat(hasil_kerja, perilaku)


# --- Distribution curve -----------------------------------------------------------------------

def broken(org, **counts):
    """(predikat set, kind) of every broken bound."""
    return {(v.predikats, v.kind) for v in curve_violations(org, counts)}


@pytest.mark.parametrize("org", ORG_PREDIKATS)
def test_no_staff_means_no_violations(org):
    assert curve_violations(org, {}) == []
    assert curve_violations(org, {p: 0 for p in PREDIKATS}) == []


def test_every_org_predikat_has_a_curve():
    assert set(CURVES) == set(ORG_PREDIKATS)


@pytest.mark.parametrize(("org", "counts"), [
    (ORG_ISTIMEWA, {SANGAT_BAIK: 7, BAIK: 3}),
    (ORG_BAIK, {SANGAT_BAIK: 2, BAIK: 7, BUTUH_PERBAIKAN: 1}),
    (ORG_BUTUH_PERBAIKAN, {SANGAT_BAIK: 1, BAIK: 3, BUTUH_PERBAIKAN: 6}),
    (ORG_KURANG, {SANGAT_BAIK: 1, BUTUH_PERBAIKAN: 1, KURANG: 6, SANGAT_KURANG: 2}),
    (ORG_SANGAT_KURANG, {BAIK: 3, KURANG: 1, SANGAT_KURANG: 6}),
])
def test_a_set_exactly_on_its_curve_is_allowed(org, counts):
    assert curve_violations(org, counts) == []


def test_violation_carries_rule_actual_and_allowed():
    [violation] = curve_violations(ORG_ISTIMEWA, {SANGAT_BAIK: 8, BAIK: 2})
    assert violation == Violation(violation.bound, Fraction(8, 10), 8, 10)
    assert violation.predikats == (SANGAT_BAIK,)
    assert (violation.kind, violation.unit) == (MAX, SHARE)
    assert violation.actual == Fraction(80, 100)
    assert violation.allowed == Fraction(70, 100)
    assert (violation.count, violation.total) == (8, 10)
    with pytest.raises(AttributeError):
        violation.actual = 0


# Istimewa: at most 70% Sangat Baik.
@pytest.mark.parametrize(("sangat_baik", "ok"), [(69, True), (70, True), (71, False), (100, False)])
def test_istimewa_at_most_70_percent_sangat_baik(sangat_baik, ok):
    result = broken(ORG_ISTIMEWA, sangat_baik=sangat_baik, baik=100 - sangat_baik)
    assert result == (set() if ok else {((SANGAT_BAIK,), MAX)})


def test_istimewa_allows_any_other_mix():
    assert broken(ORG_ISTIMEWA, baik=1, butuh_perbaikan=1, kurang=1, sangat_kurang=1) == set()


# Baik: at most 70% Baik ...
@pytest.mark.parametrize(("baik", "ok"), [(69, True), (70, True), (71, False), (99, False)])
def test_baik_at_most_70_percent_baik(baik, ok):
    result = broken(ORG_BAIK, baik=baik, kurang=1, sangat_baik=99 - baik)
    assert (((BAIK,), MAX) not in result) is ok
    assert ((BUTUH_PERBAIKAN, KURANG), MIN) not in result


# ... and at least one Butuh Perbaikan or Kurang/Misconduct.
@pytest.mark.parametrize(("counts", "ok"), [
    ({SANGAT_BAIK: 5, BAIK: 5}, False),
    ({SANGAT_BAIK: 4, BAIK: 5, SANGAT_KURANG: 1}, False),  # Sangat Kurang does not count
    ({SANGAT_BAIK: 4, BAIK: 5, BUTUH_PERBAIKAN: 1}, True),
    ({SANGAT_BAIK: 4, BAIK: 5, KURANG: 1}, True),
    ({SANGAT_BAIK: 3, BAIK: 5, BUTUH_PERBAIKAN: 1, KURANG: 1}, True),
])
def test_baik_at_least_one_butuh_perbaikan_or_kurang(counts, ok):
    violations = curve_violations(ORG_BAIK, counts)
    if ok:
        assert violations == []
    else:
        [violation] = violations
        assert violation.predikats == (BUTUH_PERBAIKAN, KURANG)
        assert (violation.kind, violation.unit) == (MIN, COUNT)
        assert (violation.actual, violation.allowed) == (0, 1)


def test_baik_single_staff_baik_breaks_both_bounds():
    assert broken(ORG_BAIK, baik=1) == {((BAIK,), MAX), ((BUTUH_PERBAIKAN, KURANG), MIN)}


# Butuh Perbaikan: at least 60% Butuh Perbaikan, at most 10% Sangat Baik.
@pytest.mark.parametrize(("butuh_perbaikan", "ok"), [(59, False), (60, True), (61, True)])
def test_butuh_perbaikan_at_least_60_percent_butuh_perbaikan(butuh_perbaikan, ok):
    result = broken(ORG_BUTUH_PERBAIKAN, butuh_perbaikan=butuh_perbaikan,
                    baik=100 - butuh_perbaikan)
    assert result == (set() if ok else {((BUTUH_PERBAIKAN,), MIN)})


@pytest.mark.parametrize(("sangat_baik", "ok"), [(9, True), (10, True), (11, False)])
def test_butuh_perbaikan_at_most_10_percent_sangat_baik(sangat_baik, ok):
    result = broken(ORG_BUTUH_PERBAIKAN, sangat_baik=sangat_baik, butuh_perbaikan=60,
                    baik=40 - sangat_baik)
    assert result == (set() if ok else {((SANGAT_BAIK,), MAX)})


# Kurang: at least 60% Kurang/Misconduct, at least 10% Butuh Perbaikan, at most 10% Sangat Baik.
@pytest.mark.parametrize(("kurang", "ok"), [(59, False), (60, True), (61, True)])
def test_kurang_at_least_60_percent_kurang(kurang, ok):
    result = broken(ORG_KURANG, kurang=kurang, butuh_perbaikan=10, baik=90 - kurang)
    assert result == (set() if ok else {((KURANG,), MIN)})


@pytest.mark.parametrize(("butuh_perbaikan", "ok"), [(0, False), (9, False), (10, True), (11, True)])
def test_kurang_at_least_10_percent_butuh_perbaikan(butuh_perbaikan, ok):
    result = broken(ORG_KURANG, kurang=60, butuh_perbaikan=butuh_perbaikan,
                    sangat_kurang=40 - butuh_perbaikan)
    assert result == (set() if ok else {((BUTUH_PERBAIKAN,), MIN)})


@pytest.mark.parametrize(("sangat_baik", "ok"), [(9, True), (10, True), (11, False)])
def test_kurang_at_most_10_percent_sangat_baik(sangat_baik, ok):
    result = broken(ORG_KURANG, kurang=60, butuh_perbaikan=10, sangat_baik=sangat_baik,
                    baik=30 - sangat_baik)
    assert result == (set() if ok else {((SANGAT_BAIK,), MAX)})


def test_kurang_all_three_bounds_broken_in_curve_order():
    violations = curve_violations(ORG_KURANG, {SANGAT_BAIK: 5, BAIK: 5})
    assert [(v.predikats, v.kind) for v in violations] == [
        ((KURANG,), MIN), ((BUTUH_PERBAIKAN,), MIN), ((SANGAT_BAIK,), MAX)]
    assert [v.actual for v in violations] == [0, 0, Fraction(1, 2)]


# Sangat Kurang: at least 60% Sangat Kurang, at least 10% Kurang/Misconduct or Butuh Perbaikan,
# no Sangat Baik.
@pytest.mark.parametrize(("sangat_kurang", "ok"), [(59, False), (60, True), (61, True)])
def test_sangat_kurang_at_least_60_percent_sangat_kurang(sangat_kurang, ok):
    result = broken(ORG_SANGAT_KURANG, sangat_kurang=sangat_kurang, kurang=10,
                    baik=90 - sangat_kurang)
    assert result == (set() if ok else {((SANGAT_KURANG,), MIN)})


@pytest.mark.parametrize(("kurang", "butuh_perbaikan", "ok"), [
    (0, 0, False), (9, 0, False), (0, 9, False), (4, 5, False),
    (10, 0, True), (0, 10, True), (5, 5, True), (6, 5, True),
])
def test_sangat_kurang_at_least_10_percent_kurang_or_butuh_perbaikan(kurang, butuh_perbaikan,
                                                                      ok):
    result = broken(ORG_SANGAT_KURANG, sangat_kurang=60, kurang=kurang,
                    butuh_perbaikan=butuh_perbaikan, baik=40 - kurang - butuh_perbaikan)
    assert result == (set() if ok else {((KURANG, BUTUH_PERBAIKAN), MIN)})


@pytest.mark.parametrize(("sangat_baik", "ok"), [(0, True), (1, False)])
def test_sangat_kurang_no_sangat_baik(sangat_baik, ok):
    result = broken(ORG_SANGAT_KURANG, sangat_kurang=600, kurang=100, sangat_baik=sangat_baik,
                    baik=300 - sangat_baik)
    assert result == (set() if ok else {((SANGAT_BAIK,), MAX)})


def test_sangat_kurang_sangat_baik_bound_is_a_count():
    [violation] = curve_violations(ORG_SANGAT_KURANG,
                                   {SANGAT_KURANG: 6, KURANG: 1, SANGAT_BAIK: 1, BAIK: 2})
    assert (violation.unit, violation.actual, violation.allowed) == (COUNT, 1, 0)


def test_shares_are_exact_not_floats():
    # Exactly on the bound with totals where float division would round (7/10, 18/30, 3/30).
    assert broken(ORG_ISTIMEWA, sangat_baik=7, baik=3) == set()
    assert broken(ORG_BUTUH_PERBAIKAN, butuh_perbaikan=18, sangat_baik=3, baik=9) == set()
    assert broken(ORG_KURANG, kurang=18, butuh_perbaikan=3, sangat_kurang=9) == set()


@pytest.mark.parametrize(("org", "counts"), [
    ("sangat_baik", {BAIK: 1}),
    (ORG_BAIK, {"misconduct": 1}),
    (ORG_BAIK, {BAIK: -1, KURANG: 2}),
])
def test_curve_rejects_bad_input(org, counts):
    with pytest.raises(ValueError):
        curve_violations(org, counts)


# --- Angka kredit -----------------------------------------------------------------------------

def test_default_coefficients():
    assert dict(DEFAULT_COEFFICIENTS) == {
        "terampil": Decimal("5"), "mahir": Decimal("12.5"), "penyelia": Decimal("25"),
        "ahli_pertama": Decimal("12.5"), "ahli_muda": Decimal("25"),
        "ahli_madya": Decimal("37.5"), "ahli_utama": Decimal("50")}
    assert all(isinstance(v, Decimal) for v in DEFAULT_COEFFICIENTS.values())


@pytest.mark.parametrize(("jenjang", "expected"), [
    ("ahli_pertama", {SANGAT_BAIK: "18.75", BAIK: "12.5", BUTUH_PERBAIKAN: "9.375",
                      KURANG: "6.25", SANGAT_KURANG: "3.125"}),
    ("ahli_muda", {SANGAT_BAIK: "37.5", BAIK: "25", BUTUH_PERBAIKAN: "18.75",
                   KURANG: "12.5", SANGAT_KURANG: "6.25"}),
    ("ahli_madya", {SANGAT_BAIK: "56.25", BAIK: "37.5", BUTUH_PERBAIKAN: "28.125",
                    KURANG: "18.75", SANGAT_KURANG: "9.375"}),
    ("ahli_utama", {SANGAT_BAIK: "75", BAIK: "50", BUTUH_PERBAIKAN: "37.5",
                    KURANG: "25", SANGAT_KURANG: "12.5"}),
])
@pytest.mark.parametrize("code", PREDIKATS)
def test_angka_kredit_per_predikat_and_default_coefficient(jenjang, expected, code):
    result = angka_kredit(code, DEFAULT_COEFFICIENTS[jenjang])
    assert isinstance(result, Decimal)
    assert result == Decimal(expected[code])


def test_angka_kredit_with_a_caller_coefficient():
    assert angka_kredit(BAIK, 30) == Decimal("30")
    assert angka_kredit(SANGAT_BAIK, "10") == Decimal("15")
    assert angka_kredit(BUTUH_PERBAIKAN, Decimal("0")) == 0


@pytest.mark.parametrize(("code", "coefficient", "error"), [
    ("istimewa", Decimal("25"), ValueError),
    (BAIK, Decimal("-1"), ValueError),
    (BAIK, "abc", ValueError),
    (BAIK, "NaN", ValueError),
    (BAIK, 12.5, TypeError),
])
def test_angka_kredit_rejects_bad_input(code, coefficient, error):
    with pytest.raises(error):
        angka_kredit(code, coefficient)
