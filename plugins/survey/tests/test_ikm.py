"""The IKM rules on known data: NRR, the index with exactly 1/9, IKM, mutu bands at their
limits, and the Krejcie-Morgan minimum of DOMAIN 6."""
from fractions import Fraction

import pytest

from plugins.survey import ikm

pytestmark = pytest.mark.no_db


def test_nine_unsur_in_the_regulation_order_with_four_answers_each():
    assert [u.name for u in ikm.UNSUR] == [
        "Persyaratan", "Sistem, Mekanisme dan Prosedur", "Waktu Penyelesaian", "Biaya/Tarif",
        "Produk Spesifikasi Jenis Pelayanan", "Kompetensi Pelaksana", "Perilaku Pelaksana",
        "Penanganan Pengaduan, Saran dan Masukan", "Sarana dan Prasarana"]
    assert all(len(u.answers) == 4 for u in ikm.UNSUR)


def test_nrr_is_the_sum_over_the_respondents():
    assert ikm.nrr([4, 3, 3, 2]) == 3.0
    assert ikm.nrr([4, 4, 3]) == pytest.approx(11 / 3)
    assert ikm.nrr([]) is None


def test_ikm_uses_exactly_one_ninth():
    nrrs = [3.2, 3.1, 2.8, 3.9, 3.0, 3.3, 3.4, 2.9, 3.0]
    assert ikm.index(nrrs) == sum(Fraction(str(v)) for v in nrrs) / 9
    assert ikm.ikm(nrrs) == pytest.approx(sum(nrrs) / 9 * 25)
    # the regulation's rounded 0.111 would give a different (wrong) figure
    assert ikm.ikm(nrrs) != pytest.approx(sum(v * 0.111 for v in nrrs) * 25, abs=1e-3)
    assert ikm.ikm([4] * 9) == 100 and ikm.ikm([1] * 9) == 25
    with pytest.raises(ValueError):
        ikm.ikm([3] * 8)


@pytest.mark.parametrize("value, letter", [
    (100, "A"), (88.31, "A"), (88.30, "B"), (76.61, "B"), (76.60, "C"), (65.00, "C"),
    (64.99, "D"), (25, "D")])
def test_mutu_bands_at_their_limits(value, letter):
    assert ikm.mutu(value)[0] == letter


def test_mutu_names():
    assert ikm.mutu(90) == ("A", "Sangat Baik")
    assert ikm.mutu(50) == ("D", "Tidak Baik")
    assert ikm.mutu(None) is None


@pytest.mark.parametrize("population, sample", [(100, 80), (1000, 278), (10_000, 370),
                                                (1, 1), (10, 10), (1_000_000, 384)])
def test_krejcie_morgan_minimum(population, sample):
    assert ikm.minimum_sample(population) == sample


def test_no_minimum_without_a_population():
    assert ikm.minimum_sample(0) is None and ikm.minimum_sample(None) is None
