"""The results page of a survey period in the back office, its exports (CSV, XLSX: the
figures, never a response's text) and the printable report (HTML print and PDF, WeasyPrint
renders the same HTML as plugins/appraisal/document.py does)."""
from __future__ import annotations

import io

from flask import Response, flash, redirect, render_template, request, url_for
from flask_admin import expose
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.admin.export import csv_response
from app.admin.fields import typed_key
from app.admin.gates import SecurePage
from app.admin.values import neutralise
from app.core import pdf
from app.core.roles import AUDITOR, EMPLOYEE, HR_ADMIN, SUPERVISOR
from app.extensions import db
from app.i18n import _, _l, fmt_date, fmt_number
from plugins.survey.access import scope_units
from plugins.survey.choices import PROFILE
from plugins.survey.ikm import UNSUR
from plugins.survey.models import SurveyPeriod
from plugins.survey.results import results

PROFILE_TITLES = {"age_band": _l("Age"), "sex": _l("Sex"), "education": _l("Education"),
                  "occupation": _l("Occupation")}


def visible_periods():
    return db.session.scalars(scope_units(
        select(SurveyPeriod).options(selectinload(SurveyPeriod.unit))
        .order_by(SurveyPeriod.starts_on.desc()), SurveyPeriod.unit_id)).all()


def load(period_id) -> SurveyPeriod | None:
    ident = typed_key(SurveyPeriod, period_id)
    if ident is None:
        return None
    return db.session.scalars(scope_units(
        select(SurveyPeriod).where(SurveyPeriod.id == ident), SurveyPeriod.unit_id)).first()


def table(res) -> list[list]:
    """The report's figures as rows: one per unsur, then IKM, mutu and the sample."""
    n = lambda v: "" if v is None else round(v, 3)  # noqa: E731 - a cell
    rows = [[_("Unit"), res.period.unit.name], [_("Period"), res.period.title],
            [_("From"), fmt_date(res.period.starts_on)], [_("Until"), fmt_date(res.period.ends_on)],
            [], [_("No."), _("Unsur"), _("NRR"), _("NRR × 1/9")]]
    for unsur, value in zip(UNSUR, res.total.nrr):
        rows.append([unsur.number, unsur.name, n(value),
                     n(value / 9 if value is not None else None)])
    rows += [[], [_("IKM (index × 25, weight exactly 1/9)"), n(res.total.ikm)],
             [_("Mutu"), " ".join(res.total.mutu) if res.total.mutu else ""],
             [_("Respondents"), res.total.respondents],
             [_("Minimum respondents (Krejcie–Morgan)"), res.minimum or ""],
             [_("Yearly service population"), res.period.population]]
    # (a title typed as "=..." must not become a live spreadsheet formula)
    return [[neutralise(c) if isinstance(c, str) else c for c in row] for row in rows]


class ResultsPage(SecurePage):
    read_roles = frozenset({HR_ADMIN, AUDITOR, SUPERVISOR, EMPLOYEE})

    def _period(self):
        period = load(request.args.get("period"))
        if period is None:
            flash(_("Choose a survey period."), "error")
        return period

    @expose("/")
    def index(self):
        periods = visible_periods()
        period = load(request.args.get("period")) if request.args.get("period") else None
        if period is None and periods and not request.args.get("period"):
            period = periods[0]
        return self.render("survey/results.html", periods=periods, period=period,
                           res=results(period) if period else None, unsur=UNSUR,
                           profile=PROFILE, profile_titles=PROFILE_TITLES, fmt=fmt_number)

    @expose("/csv")
    def csv(self):
        period = self._period()
        if period is None:
            return redirect(url_for(".index"))
        return csv_response(table(results(period)), f"ikm-{period.id}.csv")

    @expose("/xlsx")
    def xlsx(self):
        from openpyxl import Workbook

        period = self._period()
        if period is None:
            return redirect(url_for(".index"))
        book = Workbook()
        sheet = book.active
        sheet.title = "IKM"
        for row in table(results(period)):
            sheet.append([str(c) if not isinstance(c, (int, float)) else c for c in row])
        out = io.BytesIO()
        book.save(out)
        return Response(out.getvalue(), mimetype="application/vnd.openxmlformats-officedocument"
                        ".spreadsheetml.sheet",
                        headers={"Content-Disposition": f"attachment; filename=ikm-{period.id}.xlsx"})

    def _context(self, period):
        return {"res": results(period), "period": period, "unsur": UNSUR, "profile": PROFILE,
                "profile_titles": PROFILE_TITLES, "fmt": fmt_number,
                "title": _("Community satisfaction survey report")}

    @expose("/print")
    def print_view(self):
        period = self._period()
        if period is None:
            return redirect(url_for(".index"))
        return self.render("survey/report.html",
                           pdf_url=url_for(".pdf", period=period.id), **self._context(period))

    @expose("/pdf")
    def pdf(self):
        period = self._period()
        if period is None:
            return redirect(url_for(".index"))
        back = url_for(".print_view", period=period.id)
        html = render_template("survey/report_pdf.html", **self._context(period))
        return pdf.response(html, f"ikm-{period.id}.pdf", back)
