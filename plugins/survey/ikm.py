"""The IKM rules of PermenPAN-RB 14/2017 (DOMAIN 6), free of the database: the nine unsur in
order with their questions and four answer wordings, NRR, the index with the exact weight 1/9,
the mutu bands and the Krejcie-Morgan minimum sample.

The questions and answers are the regulation's own Indonesian wording (the questionnaire the
units print), kept as they are published rather than translated.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

# Weight of each unsur: exactly 1/9 (the regulation prints the rounded 0,111).
WEIGHT = Fraction(1, 9)
SCALE = 25  # IKM = index x 25 (index 1..4 -> IKM 25..100)


@dataclass(frozen=True)
class Unsur:
    number: int
    name: str
    question: str
    answers: tuple[str, str, str, str]  # the wording of answers 1 (worst) .. 4 (best)

    @property
    def field(self) -> str:
        return f"u{self.number}"


UNSUR = (
    Unsur(1, "Persyaratan",
          "Bagaimana pendapat Saudara tentang kesesuaian persyaratan pelayanan dengan jenis "
          "pelayanannya?", ("Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai")),
    Unsur(2, "Sistem, Mekanisme dan Prosedur",
          "Bagaimana pemahaman Saudara tentang kemudahan prosedur pelayanan di unit ini?",
          ("Tidak mudah", "Kurang mudah", "Mudah", "Sangat mudah")),
    Unsur(3, "Waktu Penyelesaian",
          "Bagaimana pendapat Saudara tentang kecepatan waktu dalam memberikan pelayanan?",
          ("Tidak cepat", "Kurang cepat", "Cepat", "Sangat cepat")),
    Unsur(4, "Biaya/Tarif",
          "Bagaimana pendapat Saudara tentang kewajaran biaya/tarif dalam pelayanan?",
          ("Sangat mahal", "Cukup mahal", "Murah", "Gratis")),
    Unsur(5, "Produk Spesifikasi Jenis Pelayanan",
          "Bagaimana pendapat Saudara tentang kesesuaian produk pelayanan antara yang tercantum "
          "dalam standar pelayanan dengan hasil yang diberikan?",
          ("Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai")),
    Unsur(6, "Kompetensi Pelaksana",
          "Bagaimana pendapat Saudara tentang kompetensi/kemampuan petugas dalam pelayanan?",
          ("Tidak kompeten", "Kurang kompeten", "Kompeten", "Sangat kompeten")),
    Unsur(7, "Perilaku Pelaksana",
          "Bagaimana pendapat Saudara tentang perilaku petugas dalam pelayanan terkait "
          "kesopanan dan keramahan?",
          ("Tidak sopan dan ramah", "Kurang sopan dan ramah", "Sopan dan ramah",
           "Sangat sopan dan ramah")),
    Unsur(8, "Penanganan Pengaduan, Saran dan Masukan",
          "Bagaimana pendapat Saudara tentang penanganan pengaduan pengguna layanan?",
          ("Tidak ada", "Ada tetapi tidak berfungsi", "Berfungsi kurang maksimal",
           "Dikelola dengan baik")),
    Unsur(9, "Sarana dan Prasarana",
          "Bagaimana pendapat Saudara tentang kualitas sarana dan prasarana?",
          ("Buruk", "Cukup", "Baik", "Sangat baik")),
)
FIELDS = tuple(u.field for u in UNSUR)

# Mutu bands: (lowest IKM, letter, the regulation's name), best first.
MUTU = (
    (88.31, "A", "Sangat Baik"),
    (76.61, "B", "Baik"),
    (65.00, "C", "Kurang Baik"),
    (25.00, "D", "Tidak Baik"),
)


def nrr(answers) -> float | None:
    """Nilai rata-rata of one unsur: the sum of its answers over the number of respondents."""
    answers = list(answers)
    return sum(answers) / len(answers) if answers else None


def index(nrrs) -> Fraction:
    """The weighted index: each of the nine NRR times exactly 1/9."""
    nrrs = list(nrrs)
    if len(nrrs) != len(UNSUR):
        raise ValueError("the index needs the NRR of all nine unsur")
    return sum(Fraction(value).limit_denominator(10**12) * WEIGHT for value in nrrs)


def ikm(nrrs) -> float:
    """IKM = index x 25, from the nine NRR."""
    return float(index(nrrs) * SCALE)


def mutu(value: float | None) -> tuple[str, str] | None:
    """(letter, name) of the band the IKM falls in; the value is compared at two decimals,
    as the regulation's band limits are written."""
    if value is None:
        return None
    rounded = round(value, 2)
    for lowest, letter, name in MUTU:
        if rounded >= lowest:
            return letter, name
    return MUTU[-1][1], MUTU[-1][2]


def minimum_sample(population: int | None) -> int | None:
    """Krejcie-Morgan: s = X^2 N P(1-P) / (d^2 (N-1) + X^2 P(1-P)), X^2 = 3.841, P = 0.5,
    d = 0.05, rounded up (N = 100 -> 80; 1.000 -> 278; 10.000 -> 370)."""
    if not population or population < 1:
        return None
    chi, p, d = 3.841, 0.5, 0.05
    s = chi * population * p * (1 - p) / (d * d * (population - 1) + chi * p * (1 - p))
    return min(population, math.ceil(round(s, 6)))
