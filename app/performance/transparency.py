"""The performance agreements' (PK) part of the public transparency page and its open data:
the capaian of each PK indicator per period of the year with its band, for a unit (with the
units below it) or, for the regency, each unit's mean capaian per period. A thin layer over
`achievement.table`; units and indicators only, no person is named."""
from __future__ import annotations

from flask import render_template
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.i18n import fmt_number
from app.org.models import WorkUnit
from app.org.tree import unit_tree
from app.performance.achievement import band_label, bands, table
from app.performance.choices import period_labels
from app.performance.models import PerformanceAgreement, Period, Target

SCHEMA = {
    "unit_code": "Kode unit kerja",
    "unit_name": "Nama unit kerja",
    "year": "Tahun perjanjian kinerja",
    "indicator_code": "Kode indikator kinerja",
    "indicator_name": "Nama indikator kinerja",
    "unit_of_measure": "Satuan indikator",
    "polarity": "Arah indikator: higher (makin tinggi makin baik), lower, range",
    "target": "Target tahunan (untuk range: batas bawah–batas atas)",
    "period_no": "Nomor periode pelaporan (triwulan 1–4 atau bulan 1–12)",
    "realisation": "Realisasi periode",
    "capaian": "Capaian dalam persen (DOMAIN 2), kosong bila belum dapat dihitung",
    "band": "Kategori capaian",
}


def _agreements(unit: WorkUnit | None, year: int) -> list[PerformanceAgreement]:
    stmt = (select(PerformanceAgreement).join(Period).where(Period.year == year)
            .options(selectinload(PerformanceAgreement.unit),
                     selectinload(PerformanceAgreement.period),
                     selectinload(PerformanceAgreement.targets).selectinload(Target.indicator))
            .order_by(PerformanceAgreement.unit_id))
    if unit is not None:
        stmt = stmt.where(PerformanceAgreement.unit_id.in_(unit_tree(unit.id)))
    return db.session.scalars(stmt).all()


def _target_text(target: Target) -> str:
    if target.indicator.polarity == "range":
        return f"{fmt_number(target.low)}–{fmt_number(target.high)}"
    return fmt_number(target.value) if target.value is not None else ""


def rows(unit: WorkUnit | None, year: int) -> list[dict]:
    result = []
    for agreement in _agreements(unit, year):
        for row in table(agreement):
            target = row.target
            for number, cell in enumerate(row.cells, 1):
                if cell.value is None:
                    continue
                result.append({
                    "unit_code": agreement.unit.code, "unit_name": agreement.unit.name,
                    "year": year, "indicator_code": target.indicator.code,
                    "indicator_name": target.indicator.name,
                    "unit_of_measure": target.indicator.unit_of_measure,
                    "polarity": target.indicator.polarity, "target": _target_text(target),
                    "period_no": number, "realisation": round(cell.value, 4),
                    "capaian": None if cell.capaian is None else round(cell.capaian, 2),
                    "band": cell.band})
    return result


def _colour(label: str) -> str:
    return next((c for _lower, b, c in bands() if str(b) == label), "#6c757d")


def render(unit: WorkUnit | None, year: int):
    agreements = _agreements(unit, year)
    if not agreements:
        return None
    periodicity = agreements[0].period.periodicity
    labels = period_labels(periodicity)
    if unit is not None:
        lines = [(agreement.unit, row.target, row.cells) for agreement in agreements
                 for row in table(agreement)]
        if not lines:
            return None
        return render_template("performance/transparency_unit.html", lines=lines,
                               labels=labels, colour=_colour, fmt=fmt_number,
                               target_text=_target_text)
    means = []
    for agreement in agreements:
        per_period = []
        for p in range(agreement.period.period_count()):
            values = [row.cells[p].capaian for row in table(agreement)
                      if row.cells[p].capaian is not None]
            per_period.append(sum(values) / len(values) if values else None)
        latest = next((v for v in reversed(per_period) if v is not None), None)
        means.append((agreement.unit, per_period, latest))
    return render_template("performance/transparency_regency.html", means=means,
                           labels=labels, colour=_colour, band_label=band_label,
                           fmt=fmt_number)
