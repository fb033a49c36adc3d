"""Exports of a model view's list: streamed, scoped like the list, capped, formula-safe, in
Indonesian formats (CSV with the BOM Excel needs, or XLSX written row by row)."""
from __future__ import annotations

import csv
import io
import logging

from flask import Response, current_app, flash, g, redirect, stream_with_context
from flask_admin import expose
from flask_admin.helpers import get_redirect_target
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.utils import secure_filename

from app.admin.values import neutralise, plain
from app.audit.security import tracked_export
from app.extensions import db
from app.i18n import _, utcnow

log = logging.getLogger(__name__)


def csv_response(rows, filename: str) -> Response:
    """A CSV download streamed row by row (`rows`: lists of cell values), with the BOM that
    makes Excel read UTF-8."""
    def generate():
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        yield "\ufeff"
        for values in rows:
            writer.writerow(values)
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()

    return Response(stream_with_context(generate()), mimetype="text/csv",
                    headers={"Content-Disposition": f"attachment; filename={filename}"})


class ExportMixin:
    """A ModelView's export view."""

    def get_export_name(self, export_type="csv"):
        stamp = utcnow().strftime("%Y%m%d-%H%M%S")
        return secure_filename(f"{self.endpoint}-{stamp}.{export_type}")

    def _export_query(self, view_args):
        """The export's query (its count runs here: the filters' SQL is tried once)."""
        sort = self._get_column_by_idx(view_args.sort)
        _count, query = self.get_list(
            0, sort[0] if sort else None, view_args.sort_desc, view_args.search,
            view_args.filters, execute=False,
            page_size=current_app.config["EXPORT_MAX_ROWS"],
        )
        return query

    def _export_rows(self, view_args):
        query = self._export_query(view_args)  # (in the streamed response's own session)
        columns = self._export_columns
        yield [str(label) for _name, label in columns]
        for row in query.yield_per(500):
            yield [neutralise(plain(self.get_export_value(row, name))) for name, _l2 in columns]

    @expose("/export/<export_type>/")
    def export(self, export_type):
        if not self.can_export or export_type not in self.export_types:
            flash(_("Permission denied."), "error")
            return redirect(get_redirect_target() or self.get_url(".index_view"))
        # Everything that can fail runs before the first byte is sent: once a streamed
        # response has begun, an error can only cut the connection.
        view_args = self._get_list_extra_args()
        if g.get("_invalid_filter"):
            return redirect(self.get_url(".index_view"))  # (the message says which value)
        try:
            self._export_query(view_args)
        except SQLAlchemyError:
            db.session.rollback()
            log.exception("Export of %s failed", self.endpoint)
            flash(_("The export could not be made. Please try again."), "error")
            return redirect(self.get_url(".index_view"))
        filename = self.get_export_name(export_type)
        disposition = f"attachment; filename={filename}"
        rows = tracked_export(self, export_type, self._export_rows(view_args))  # a security event
        if export_type == "csv":
            return csv_response(rows, filename)
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        sheet = book.create_sheet(title=str(self.name)[:31])
        for values in rows:
            sheet.append(values)
        out = io.BytesIO()
        book.save(out)
        return Response(
            out.getvalue(), headers={"Content-Disposition": disposition},
            mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
