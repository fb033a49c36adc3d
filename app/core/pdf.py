"""Printable documents as PDF, for core and plugins: WeasyPrint renders our own HTML (styles
inline, nothing fetched: no file, no network), and a page that cannot be made answers with the
way back to the printable HTML and a message instead of a 500."""
from __future__ import annotations

import logging

from flask import Response, flash, redirect

from app.i18n import _

log = logging.getLogger(__name__)


class PdfUnavailable(RuntimeError):
    """WeasyPrint, or the Pango and Cairo libraries it needs, is missing on this server."""


def render(html: str) -> bytes:
    """The PDF of `html`; PdfUnavailable without WeasyPrint, any other error as raised."""
    try:
        from weasyprint import HTML
        from weasyprint.urls import URLFetcher
    except (ImportError, OSError) as exc:
        raise PdfUnavailable(str(exc)) from exc
    return HTML(string=html, url_fetcher=URLFetcher(allowed_protocols=())).write_pdf()


def response(html: str, filename: str, back: str):
    """The PDF inline as `filename`, or a redirect to `back` (the printable page) saying why
    there is none."""
    try:
        pdf = render(html)
    except PdfUnavailable:
        log.warning("PDF unavailable: WeasyPrint or its libraries are missing", exc_info=True)
        flash(_("PDF is not available on this server; use the Print button to print or "
                "save the document as PDF."), "error")
        return redirect(back)
    except Exception:  # noqa: BLE001 - a rendering failure must not become a 500
        log.exception("PDF rendering failed for %s", filename)
        flash(_("The PDF could not be made; use the Print button instead."), "error")
        return redirect(back)
    return Response(pdf, mimetype="application/pdf",
                    headers={"Content-Disposition": f"inline; filename={filename}"})
