"""The printable Perjanjian Kinerja of a unit and year with its capaian report (the document a
unit signs and publishes): HTML with print CSS (A4), and the same HTML as PDF by WeasyPrint.

Who may open it follows the agreement list (HR and the auditor all; supervisors their own
unit's). The first party is the unit's head, the second the head of the unit above it.
"""
from __future__ import annotations


from flask import render_template

from app.i18n import _
from app.core import pdf
from app.performance.achievement import table
from app.performance.capaian import aggregation_of
from app.performance.choices import AGGREGATION_LABELS, POLARITIES, period_labels
from app.performance.models import PerformanceAgreement

PLACE = "Manokwari"


def context(agreement: PerformanceAgreement) -> dict:
    unit = agreement.unit
    superior_unit = unit.parent if unit else None
    rows = table(agreement)
    return {
        "agreement": agreement, "unit": unit, "year": agreement.period.year, "place": PLACE,
        "first": unit.head if unit else None,
        "second": superior_unit.head if superior_unit else None,
        "second_unit": superior_unit,
        "rows": rows, "period_names": period_labels(agreement.period.periodicity),
        "aggregations": {row.target.id: AGGREGATION_LABELS[aggregation_of(row.target.indicator)]
                         for row in rows},
        "polarities": POLARITIES,
        "title": _("Performance agreement %(unit)s %(year)s", unit=unit.name if unit else "",
                   year=agreement.period.year),
    }


def pdf_response(doc: dict, filename: str, back: str):
    """The PDF, or back to the HTML document with a message when it cannot be made."""
    return pdf.response(render_template("performance/pk_pdf.html", doc=doc), filename, back)
