"""The printable Perjanjian Kinerja of a unit and year with its capaian report (the document a
unit signs and publishes): HTML with print CSS (A4), and the same HTML as PDF by WeasyPrint.

Who may open it follows the agreement list (HR and the auditor all; supervisors their own
unit's). The first party is the unit's head, the second the head of the unit above it.
"""
from __future__ import annotations

import logging

from flask import Response, flash, redirect, render_template

from app.i18n import _
from app.performance.achievement import table
from app.performance.capaian import aggregation_of
from app.performance.choices import AGGREGATION_LABELS, POLARITIES, period_labels
from app.performance.models import PerformanceAgreement

log = logging.getLogger(__name__)
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
    try:
        from weasyprint import HTML
        from weasyprint.urls import URLFetcher
    except (ImportError, OSError):  # the package, or Pango/Cairo, missing on this server
        log.warning("PDF unavailable: WeasyPrint or its libraries are missing", exc_info=True)
        flash(_("PDF is not available on this server; use the Print button to print or "
                "save the document as PDF."), "error")
        return redirect(back)
    html = render_template("performance/pk_pdf.html", doc=doc)
    try:
        # Our own HTML with inline styles: fetch nothing at all (no file or network access).
        pdf = HTML(string=html, url_fetcher=URLFetcher(allowed_protocols=())).write_pdf()
    except Exception:  # a rendering failure must not become a 500
        log.exception("PDF rendering failed for %s", filename)
        flash(_("The PDF could not be made; use the Print button instead."), "error")
        return redirect(back)
    return Response(pdf, mimetype="application/pdf",
                    headers={"Content-Disposition": f"inline; filename={filename}"})
