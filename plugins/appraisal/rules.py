"""Pure domain rules of individual performance appraisal (SKP, PermenPAN-RB 6/2022).

Four rules, with no dependency beyond the standard library (no Flask, no database):

- `predikat(hasil_kerja, perilaku)`: the predikat matrix of the two ratings.
- `curve_violations(org_predikat, counts)`: the distribution curve of SE MenPAN-RB 3/2023, i.e.
  how a unit's own predikat bounds the predikat of its staff. The bounds are data (`CURVES`) so a
  chart can draw the allowed curve; the portal only warns about violations, it never blocks.
- `angka_kredit(predikat, coefficient)`: predikat percentage x annual coefficient, and
  `periodic_share` of it for a periodic evaluation.
- `ladder_rank(kind, level)` / `appraises_upward`: the position ladder of DOMAIN 1 (Pelaksana ->
  Pengawas -> Administrator -> JPT) that an appraiser is expected to stand above the employee on.

Only codes live here; the UI layer translates them into labels.

Distribution curve edge cases, by decision:

- A unit with no staff holding a predikat has no violations at all (including "at least one").
- Shares are of the total number of staff with a predikat, i.e. the sum of `counts`; staff not
  yet rated are simply not counted.
- Every bound is inclusive: exactly 70% meets "at most 70%", exactly 60% meets "at least 60%".
- "No Sangat Baik" is a count bound (at most 0) and "at least one ..." is a count bound (at
  least 1); the other bounds are shares, kept as exact `Fraction`s (no float rounding).
- A bound on several predikat ("Kurang/Misconduct or Butuh Perbaikan") counts them together.

The numeric SKP scores of PermenPAN-RB 8/2021 are superseded and deliberately absent.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from types import MappingProxyType

# Ratings of hasil kerja and of perilaku kerja.
DI_ATAS = "di_atas"  # Di Atas Ekspektasi
SESUAI = "sesuai"  # Sesuai Ekspektasi
DI_BAWAH = "di_bawah"  # Di Bawah Ekspektasi
RATINGS = (DI_ATAS, SESUAI, DI_BAWAH)

# Individual predikat, best first.
SANGAT_BAIK = "sangat_baik"
BAIK = "baik"
BUTUH_PERBAIKAN = "butuh_perbaikan"
KURANG = "kurang"  # Kurang/Misconduct
SANGAT_KURANG = "sangat_kurang"
PREDIKATS = (SANGAT_BAIK, BAIK, BUTUH_PERBAIKAN, KURANG, SANGAT_KURANG)

# Organisation (unit) predikat, best first.
ORG_ISTIMEWA = "istimewa"
ORG_BAIK = "baik"
ORG_BUTUH_PERBAIKAN = "butuh_perbaikan"
ORG_KURANG = "kurang"
ORG_SANGAT_KURANG = "sangat_kurang"
ORG_PREDIKATS = (ORG_ISTIMEWA, ORG_BAIK, ORG_BUTUH_PERBAIKAN, ORG_KURANG, ORG_SANGAT_KURANG)

# (hasil kerja, perilaku) -> predikat.
MATRIX = MappingProxyType({
    (DI_ATAS, DI_BAWAH): KURANG,
    (DI_ATAS, SESUAI): BAIK,
    (DI_ATAS, DI_ATAS): SANGAT_BAIK,
    (SESUAI, DI_BAWAH): KURANG,
    (SESUAI, SESUAI): BAIK,
    (SESUAI, DI_ATAS): BAIK,
    (DI_BAWAH, DI_BAWAH): SANGAT_KURANG,
    (DI_BAWAH, SESUAI): BUTUH_PERBAIKAN,
    (DI_BAWAH, DI_ATAS): BUTUH_PERBAIKAN,
})


def predikat(hasil_kerja: str, perilaku: str) -> str:
    """The predikat of a hasil kerja rating and a perilaku rating; ValueError if unknown."""
    for rating in (hasil_kerja, perilaku):
        if rating not in RATINGS:
            raise ValueError(f"Unknown rating {rating!r}; expected one of {RATINGS}.")
    return MATRIX[(hasil_kerja, perilaku)]


MIN = "min"
MAX = "max"
SHARE = "share"  # limit is a Fraction of the staff with a predikat
COUNT = "count"  # limit is a number of staff


@dataclass(frozen=True)
class Bound:
    """One bound of a curve: the staff holding any of `predikats`, taken together, must be at
    least (`MIN`) or at most (`MAX`) `limit`, a share (`Fraction`) or a head count (`int`)."""

    predikats: tuple[str, ...]
    kind: str
    unit: str
    limit: Fraction | int

    def actual(self, count: int, total: int) -> Fraction | int:
        """The value compared with `limit`: `count` staff of `total`, as share or head count."""
        return Fraction(count, total) if self.unit == SHARE else count

    def allows(self, actual: Fraction | int) -> bool:
        """Whether `actual` meets the bound; bounds are inclusive."""
        return actual >= self.limit if self.kind == MIN else actual <= self.limit


@dataclass(frozen=True)
class Violation:
    """A broken bound, e.g. "80% Sangat Baik, at most 70% allowed": `bound` is the rule (its
    predikat set, kind and limit), `actual` the share or head count found, `allowed` the limit,
    `count` the staff holding the bound's predikat and `total` the staff with a predikat."""

    bound: Bound
    actual: Fraction | int
    count: int
    total: int

    @property
    def predikats(self) -> tuple[str, ...]:
        return self.bound.predikats

    @property
    def kind(self) -> str:
        return self.bound.kind

    @property
    def unit(self) -> str:
        return self.bound.unit

    @property
    def allowed(self) -> Fraction | int:
        return self.bound.limit


# Organisation predikat -> the bounds on its staff's predikat (SE MenPAN-RB 3/2023).
CURVES = MappingProxyType({
    ORG_ISTIMEWA: (
        Bound((SANGAT_BAIK,), MAX, SHARE, Fraction(70, 100)),
    ),
    ORG_BAIK: (
        Bound((BAIK,), MAX, SHARE, Fraction(70, 100)),
        Bound((BUTUH_PERBAIKAN, KURANG), MIN, COUNT, 1),
    ),
    ORG_BUTUH_PERBAIKAN: (
        Bound((BUTUH_PERBAIKAN,), MIN, SHARE, Fraction(60, 100)),
        Bound((SANGAT_BAIK,), MAX, SHARE, Fraction(10, 100)),
    ),
    ORG_KURANG: (
        Bound((KURANG,), MIN, SHARE, Fraction(60, 100)),
        Bound((BUTUH_PERBAIKAN,), MIN, SHARE, Fraction(10, 100)),
        Bound((SANGAT_BAIK,), MAX, SHARE, Fraction(10, 100)),
    ),
    ORG_SANGAT_KURANG: (
        Bound((SANGAT_KURANG,), MIN, SHARE, Fraction(60, 100)),
        Bound((KURANG, BUTUH_PERBAIKAN), MIN, SHARE, Fraction(10, 100)),
        Bound((SANGAT_BAIK,), MAX, COUNT, 0),
    ),
})


def curve_violations(org_predikat: str, counts: dict[str, int]) -> list[Violation]:
    """The bounds of `org_predikat`'s curve that the staff predikat `counts` break, in `CURVES`
    order. `counts` maps predikat codes to head counts (missing codes count 0). ValueError on an
    unknown organisation predikat, an unknown predikat code or a negative count."""
    if org_predikat not in CURVES:
        raise ValueError(f"Unknown organisation predikat {org_predikat!r}; "
                         f"expected one of {ORG_PREDIKATS}.")
    for code, count in counts.items():
        if code not in PREDIKATS:
            raise ValueError(f"Unknown predikat {code!r}; expected one of {PREDIKATS}.")
        if count < 0:
            raise ValueError(f"Negative count {count} for predikat {code!r}.")
    total = sum(counts.values())
    if total == 0:
        return []
    violations = []
    for bound in CURVES[org_predikat]:
        count = sum(counts.get(p, 0) for p in bound.predikats)
        actual = bound.actual(count, total)
        if not bound.allows(actual):
            violations.append(Violation(bound, actual, count, total))
    return violations


# Predikat -> percentage of the annual coefficient earned as angka kredit.
PERCENTAGES = MappingProxyType({
    SANGAT_BAIK: Decimal(150),
    BAIK: Decimal(100),
    BUTUH_PERBAIKAN: Decimal(75),
    KURANG: Decimal(50),
    SANGAT_KURANG: Decimal(25),
})

# Jenjang of a functional position -> annual coefficient. Read-only defaults: callers with other
# coefficients pass their own value (e.g. from settings) to `angka_kredit`. The Ahli levels are
# DOMAIN 3's; the skill (keterampilan) levels follow PermenPAN-RB 1/2023.
DEFAULT_COEFFICIENTS = MappingProxyType({
    "terampil": Decimal("5"),
    "mahir": Decimal("12.5"),
    "penyelia": Decimal("25"),
    "ahli_pertama": Decimal("12.5"),
    "ahli_muda": Decimal("25"),
    "ahli_madya": Decimal("37.5"),
    "ahli_utama": Decimal("50"),
})


def angka_kredit(predikat: str, coefficient: Decimal | int | str) -> Decimal:
    """Angka kredit earned in a year: the predikat's percentage x the annual `coefficient`, exact
    (no rounding). ValueError on an unknown predikat or a negative coefficient. Floats are
    refused so that binary rounding never reaches a credit score."""
    if predikat not in PERCENTAGES:
        raise ValueError(f"Unknown predikat {predikat!r}; expected one of {PREDIKATS}.")
    if isinstance(coefficient, (float, bool)):
        raise TypeError("Pass the coefficient as Decimal, int or str, not "
                        f"{type(coefficient).__name__}.")
    try:
        value = Decimal(coefficient)
    except InvalidOperation:
        raise ValueError(f"Invalid coefficient {coefficient!r}.") from None
    if not value.is_finite() or value < 0:
        raise ValueError(f"Invalid coefficient {coefficient!r}.")
    return value * PERCENTAGES[predikat] / 100


def periodic_share(annual: Decimal, periods_in_year: int) -> Decimal:
    """The angka kredit of one periodic evaluation: its pro-rata share of the year's (a
    quarter's is a fourth, a month's a twelfth), exact."""
    if periods_in_year < 1:
        raise ValueError(f"Invalid number of periods {periods_in_year!r}.")
    return annual / periods_in_year


# The position ladder (DOMAIN 1). Functional jenjang sit at the rung of the structural position
# they correspond to: Ahli Utama with JPT, Ahli Madya with Administrator, Ahli Muda with
# Pengawas, the first and the skill levels with Pelaksana.
LADDER = MappingProxyType({"pelaksana": 1, "pengawas": 2, "administrator": 3, "jpt": 4})
FUNCTIONAL_RUNGS = MappingProxyType({
    "terampil": 1, "mahir": 1, "penyelia": 1, "ahli_pertama": 1,
    "ahli_muda": 2, "ahli_madya": 3, "ahli_utama": 4,
})
TOP_RUNG = LADDER["jpt"]


def ladder_rank(kind: str | None, level: str | None = None) -> int | None:
    """The rung of a position kind (and functional jenjang), or None when unknown."""
    if kind == "fungsional":
        return FUNCTIONAL_RUNGS.get(level or "")
    return LADDER.get(kind or "")


def appraises_upward(employee_rank: int | None, appraiser_rank: int | None) -> bool:
    """Whether the appraiser stands above the employee on the ladder. JPT appraise JPT (a
    kepala dinas by the Sekda: the ladder has no rung above JPT). Unknown ranks: False."""
    if employee_rank is None or appraiser_rank is None:
        return False
    return appraiser_rank > employee_rank or appraiser_rank == employee_rank == TOP_RUNG
