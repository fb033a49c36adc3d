"""Indicators and capaian bands as configuration: one check per row, used by their admin forms
and by the configuration file's "indicators" and "capaian_bands" sections."""
from __future__ import annotations

import re

from sqlalchemy import select

from app.core.hooks import ConfigSection
from app.core.rows import check_row, show
from app.extensions import db
from app.i18n import _, _l
from app.performance.choices import AGGREGATION_LABELS, ASPECTS, INDICATOR_LEVELS, PERSPECTIVES, POLARITIES
from app.performance.formula import FormulaError, validate as validate_formula, variable
from app.performance.models import CapaianBand, Indicator

INDICATOR_FIELDS = ["code", "name", "unit_of_measure", "polarity", "aspect", "perspective",
                    "level", "description", "formula", "aggregation"]
BAND_FIELDS = ["lower_bound", "label", "color"]
COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
DEFAULT_COLOUR = "#6c757d"


def check_indicator(where: str, row, others: dict, errors: list[str]) -> dict | None:
    """A clean indicator row, or None with the problems in `errors`. `others`: {variable:
    formula} of the indicators its formula may use (every other indicator)."""
    before = len(errors)
    clean = check_row(where, row, Indicator, INDICATOR_FIELDS, errors,
                      required=("code", "name", "unit_of_measure", "polarity", "level"),
                      choices={"polarity": POLARITIES, "aspect": ASPECTS,
                               "aggregation": AGGREGATION_LABELS,
                               "perspective": PERSPECTIVES, "level": INDICATOR_LEVELS})
    # The formula is checked even when another field is wrong: every problem at once.
    formula, code = (row.get("formula"), row.get("code")) if isinstance(row, dict) \
        else (None, None)
    if isinstance(formula, str) and formula.strip() and isinstance(code, str):
        try:
            validate_formula(formula.strip(), code, others)
        except FormulaError as error:
            errors.append(_("%(where)s: formula: %(error)s", where=where, error=str(error)))
        except RecursionError:  # derived from derived from ... a thousand deep
            errors.append(_("%(where)s: formula: the chain of derived indicators is too long.",
                            where=where))
    if clean is not None:
        for key in ("aspect", "perspective", "description", "formula", "aggregation"):
            clean[key] = clean.get(key) or None
        if clean["aspect"] and clean["perspective"]:
            errors.append(_("%(where)s: choose either an aspect or a perspective, not both.",
                            where=where))
    return clean if len(errors) == before else None


def check_band(where: str, row, errors: list[str]) -> dict | None:
    """A clean capaian band row (a finite lower bound or none, a #rrggbb colour), or None."""
    clean = check_row(where, row, CapaianBand, BAND_FIELDS, errors, required=("label",))
    if clean is None:
        return None
    clean["color"] = clean.get("color") or DEFAULT_COLOUR
    if not COLOUR.fullmatch(clean["color"]):
        errors.append(_("%(where)s: the colour must look like #28a745.", where=where))
        return None
    return clean


def _indicators(rows) -> tuple[list[dict], list[str]]:
    errors, clean, codes = [], [], set()
    known = {variable(code): formula for code, formula in
             db.session.execute(select(Indicator.code, Indicator.formula))}
    known.update({variable(r["code"]): r.get("formula") for r in rows
                  if isinstance(r, dict) and isinstance(r.get("code"), str)})
    for n, row in enumerate(rows, 1):
        where = _("indicator %(n)s", n=n)
        code = row.get("code") if isinstance(row, dict) else None
        others = {k: v for k, v in known.items()
                  if not isinstance(code, str) or k != variable(code)}
        item = check_indicator(where, row, others, errors)
        if item is None:
            continue
        if item["code"] in codes:
            errors.append(_("%(where)s: the code %(code)s appears twice.", where=where,
                            code=show(item["code"])))
        codes.add(item["code"])
        clean.append(item)
    return clean, errors


def _apply_indicators(rows) -> int:
    clean, _errors = _indicators(rows)
    existing = {i.code: i for i in db.session.scalars(select(Indicator))}
    for row in clean:
        item = existing.get(row["code"]) or Indicator(code=row["code"])
        for key, value in row.items():
            setattr(item, key, value)
        db.session.add(item)
    return len(clean)


def _bands(rows) -> tuple[list[dict], list[str]]:
    errors: list[str] = []
    clean = [band for n, row in enumerate(rows, 1)
             if (band := check_band(_("band %(n)s", n=n), row, errors)) is not None]
    return clean, errors


def _apply_bands(rows) -> int:
    """The file's bands replace all bands."""
    clean, _errors = _bands(rows)
    for band in db.session.scalars(select(CapaianBand)):
        db.session.delete(band)
    for row in clean:
        db.session.add(CapaianBand(**row))
    return len(clean)


def _export_bands() -> list[dict]:
    bands = db.session.scalars(select(CapaianBand)
                               .order_by(CapaianBand.lower_bound.desc().nulls_last()))
    return [{"lower_bound": None if b.lower_bound is None else float(b.lower_bound),
             "label": b.label, "color": b.color} for b in bands]


def sections() -> list[ConfigSection]:
    return [
        ConfigSection(
            "indicators", _l("indicators"),
            lambda: [{f: getattr(i, f) for f in INDICATOR_FIELDS}
                     for i in db.session.scalars(select(Indicator).order_by(Indicator.code))],
            lambda rows: _indicators(rows)[1], _apply_indicators),
        ConfigSection("capaian_bands", _l("achievement bands"), _export_bands,
                      lambda rows: _bands(rows)[1], _apply_bands),
    ]
