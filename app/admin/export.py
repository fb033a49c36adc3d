"""Exports of a model view's list: scoped like the list, capped, formula-safe, in Indonesian
formats (CSV with the BOM Excel needs, or XLSX written row by row).

Rows come from one query of plain values (no model object per row) and each distinct value is
formatted once (`PlainRows`); a view whose export formatters need the whole record falls back
to model objects. Up to EXPORT_JOB_THRESHOLD rows stream in the request; more run as a
background job (app.jobs) with a progress page and a download, so no request outlives the
server's timeout.
"""
from __future__ import annotations

import csv
import io
import logging

from flask import Response, current_app, flash, g, redirect, stream_with_context, url_for
from flask_admin import expose
from flask_admin.helpers import get_redirect_target
from sqlalchemy import func, select
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import RelationshipProperty
from werkzeug.utils import secure_filename

from app.admin.values import FORMULA_PREFIXES, neutralise, plain
from app.audit.security import tracked_export
from app.extensions import db
from app.i18n import _, utcnow

log = logging.getLogger(__name__)
CHUNK = 1000          # rows fetched and formatted at a time
CACHE_LIMIT = 20_000  # distinct values remembered per column (memory stays flat)
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def csv_response(rows, filename: str) -> Response:
    """A CSV download streamed row by row (`rows`: lists of cell values), with the BOM that
    makes Excel read UTF-8."""
    return Response(stream_with_context(csv_chunks(rows)), mimetype="text/csv",
                    headers={"Content-Disposition": f"attachment; filename={filename}"})


def csv_chunks(rows, per_chunk: int = 200):
    """CSV text in pieces of `per_chunk` rows, the BOM first."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    yield "\ufeff"
    for n, values in enumerate(rows, 1):
        writer.writerow(values)
        if n % per_chunk == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def write_xlsx(rows, target, title: str) -> None:
    """An XLSX workbook of `rows` (header first) written to `target` (a path or a file)."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=title[:31])
    for values in rows:
        sheet.append(values)
    book.save(target)


class Column:
    """How one export column is read: the SQL expression selected for it, and `cell(value)`
    turning what the query returned into the cell's text. A value is formatted once and
    remembered, except free text, which is rarely repeated and only needs the formula guard."""

    def __init__(self, expr, text, plain_text: bool = False):
        self.expr, self.text = expr, text
        self.memo: dict = {}
        self.cell = self._guarded if plain_text else self._remembered

    def prepare(self, values) -> None:
        """Called with the column's values of each chunk before its cells (batch loads)."""

    def _guarded(self, value):
        if value.__class__ is str:
            return "'" + value if value.startswith(FORMULA_PREFIXES) else value
        return self._remembered(value)  # (None, mostly)

    def _remembered(self, value):
        memo = self.memo
        try:
            return memo[value]
        except KeyError:
            if len(memo) >= CACHE_LIMIT:
                memo.clear()
            text = memo[value] = self.text(value)
            return text
        except TypeError:  # (an unhashable value: a JSON list)
            return self.text(value)


class Related(Column):
    """A many-to-one relation: the foreign key is selected, and each chunk loads the related
    records it names that are not known yet, in one query."""

    def __init__(self, expr, model, text):
        super().__init__(expr, text)
        self.model = model
        self.pk = sa_inspect(model).primary_key[0]
        self.memo[None] = text(None)
        self.cell = self.memo.__getitem__

    def prepare(self, values) -> None:
        missing = {v for v in values if v not in self.memo}
        if not missing:
            return
        if len(self.memo) + len(missing) > CACHE_LIMIT:
            self.memo.clear()  # (then the whole chunk is loaded again)
            self.memo[None] = self.text(None)
            missing = set(values) - {None}
        for record in db.session.scalars(select(self.model).where(self.pk.in_(missing))):
            self.memo[getattr(record, self.pk.key)] = self.text(record)
        self.memo.update({v: self.text(None) for v in missing if v not in self.memo})


class ExportMixin:
    """A ModelView's export view."""

    def get_export_name(self, export_type="csv"):
        stamp = utcnow().strftime("%Y%m%d-%H%M%S")
        return secure_filename(f"{self.endpoint}-{stamp}.{export_type}")

    def _export_query(self, view_args, limit: int | None = None):
        """The export's query of records, at most `limit` (default EXPORT_MAX_ROWS)."""
        sort = self._get_column_by_idx(view_args.sort)
        _count, query = self.get_list(
            0, sort[0] if sort else None, view_args.sort_desc, view_args.search,
            view_args.filters, execute=False,
            page_size=limit or current_app.config["EXPORT_MAX_ROWS"],
        )
        return query

    # -- reading the rows ---------------------------------------------------------------------
    def export_text(self, name: str):
        """The cell text of a value of column `name` as Flask-Admin's export shows it (choice
        map, type formatters), in Indonesian form and formula-safe."""
        choices = self._column_choices_map.get(name, {})
        type_formatters = list(self.column_type_formatters_export.items())

        def text(value):
            if choices:
                value = choices.get(value) or value
            else:
                for kind, formatter in type_formatters:
                    if isinstance(value, kind):
                        value = formatter(self, value, name)
                        break
            return neutralise(plain(value))
        return text

    def export_column(self, name: str):
        """A `Column` reading `name` from plain rows, or None when only the record can say
        (a formatter of the whole record, a dotted path): then the export reads records."""
        text = self.export_text(name)
        formatter = (self.column_formatters_export or {}).get(name)
        if formatter is not None:
            by_value = getattr(formatter, "by_value", None)
            attr = self.model.__mapper__.column_attrs.get(name)
            if by_value is None or attr is None:
                return None
            return Column(getattr(self.model, name), lambda v: text(by_value(self, v)))
        prop = self.model.__mapper__.attrs.get(name)
        if prop is None:
            return None
        if isinstance(prop, RelationshipProperty):
            if prop.uselist or len(prop.local_columns) != 1:
                return None
            (fk,) = prop.local_columns
            return Related(fk, prop.mapper.class_, text)
        column = getattr(self.model, name)
        try:
            is_text = column.type.python_type is str
        except (AttributeError, NotImplementedError):
            is_text = False
        # Free text only needs the formula guard, unless a choice map or a formatter of
        # strings applies to it.
        plain_text = is_text and not self._column_choices_map.get(name) and not any(
            issubclass(str, kind) for kind in self.column_type_formatters_export)
        return Column(column, text, plain_text=plain_text)

    def export_columns_plain(self, columns):
        """Every export column as a `Column`, or None when one of them needs the record."""
        readers = []
        for name, _label in columns:
            reader = self.export_column(name)
            if reader is None:
                log.debug("%s: export column %s needs the record", self.endpoint, name)
                return None
            readers.append(reader)
        return readers

    def export_rows(self, view_args, progress=None):
        """The header, then one list of cell texts per row. `progress(rows)` is called after
        each chunk."""
        query = self._export_query(view_args)  # (in the streamed response's own session)
        columns = self._export_columns
        yield [str(label) for _name, label in columns]
        readers = self.export_columns_plain(columns)
        done = 0
        if readers is None:
            for row in query.yield_per(500):
                yield [neutralise(plain(self.get_export_value(row, name)))
                       for name, _l2 in columns]
                done += 1
                if progress and done % CHUNK == 0:
                    progress(done)
            return
        plain_query = query.with_entities(*(r.expr for r in readers))
        plain_query._with_options = ()  # (as in count_capped)
        result = db.session.execute(plain_query.statement.execution_options(yield_per=CHUNK))
        for chunk in result.partitions(CHUNK):
            for i, reader in enumerate(readers):
                reader.prepare([row[i] for row in chunk])
            cells = [reader.cell for reader in readers]
            for row in chunk:
                yield [cell(value) for cell, value in zip(cells, row)]
            done += len(chunk)
            if progress:
                progress(done)

    def count_capped(self, view_args, cap: int) -> int:
        """The export's rows, counted up to `cap` (a COUNT of a million rows is not needed to
        know that there are more than 20,000)."""
        pk = sa_inspect(self.model).primary_key[0]
        cap = min(cap, current_app.config["EXPORT_MAX_ROWS"])  # (no export writes more)
        capped = self._export_query(view_args, limit=cap).with_entities(pk)
        capped._with_options = ()  # (the list's eager loads name the model no longer selected)
        return db.session.scalar(select(func.count()).select_from(capped.subquery()))

    # -- the view -------------------------------------------------------------------------------
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
        threshold = current_app.config["EXPORT_JOB_THRESHOLD"]
        try:
            rows = self.count_capped(view_args, threshold + 1)
        except SQLAlchemyError:
            db.session.rollback()
            log.exception("Export of %s failed", self.endpoint)
            flash(_("The export could not be made. Please try again."), "error")
            return redirect(self.get_url(".index_view"))
        if rows > threshold:
            from app.jobs.exports import submit_export

            job_id = submit_export(self, export_type)
            return redirect(url_for("job_progress.progress", id=job_id))
        filename = self.get_export_name(export_type)
        rows = tracked_export(self, export_type, self.export_rows(view_args))  # a security event
        if export_type == "csv":
            return csv_response(rows, filename)
        out = io.BytesIO()
        write_xlsx(rows, out, str(self.name))
        return Response(out.getvalue(), mimetype=XLSX_TYPE,
                        headers={"Content-Disposition": f"attachment; filename={filename}"})
