"""Import work units or employees from XLSX or CSV.

Every row is validated first; each bad row is reported with its spreadsheet row number and the
reason, and nothing is written unless the whole file is valid. Existing records (same unit code
or NIP) are updated, new ones created, all in one transaction.
"""
from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field

from sqlalchemy import select

from app.audit.trail import record
from app.core.inputs import has_control
from app.extensions import db
from app.i18n import _
from app.org.choices import EMPLOYMENT_TYPES, PNS_GRADES, PPPK_GRADES, UNIT_KINDS
from app.org.models import Employee, Position, WorkUnit
from app.org.email import email_problem
from app.org.nip import normalise_nip, numeric_nip_hint, parse_nip

UNIT_COLUMNS = ["kode", "nama", "jenis", "kode_induk", "unit_layanan"]
EMPLOYEE_COLUMNS = ["nip", "nama", "jenis_pegawai", "golongan", "kode_unit", "jabatan",
                    "nip_atasan", "email", "telepon", "aktif"]
REQUIRED = {"units": ["kode", "nama", "jenis"], "employees": ["nip", "nama", "jenis_pegawai",
                                                              "kode_unit"]}
TRUE_WORDS = {"ya", "y", "yes", "1", "true", "benar", "aktif"}
FALSE_WORDS = {"tidak", "t", "no", "0", "false", "salah", "nonaktif", ""}
MAX_ROWS = 20_000
FLUSH_EVERY = 1_000   # rows written per flush of an import (all in one transaction)


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


MAX_LINE = 10_000  # characters in one CSV line (a row of ten columns needs a few hundred)
DELIMITERS = ",;\t"
XLSX_PART_MAX = 20 * 1024 * 1024  # bytes of an unpacked workbook part other than a sheet
XLSX_SHEET_MAX = 64 * 1024 * 1024  # bytes of an unpacked sheet (20,000 rows need about 20 MB)


def read_rows(filename: str, data: bytes) -> list[tuple[int, dict[str, str]]]:
    """(row number, {column: text}) for every non-empty data row; header names lower-cased.

    Both formats are read row by row and reading stops at the row cap: a small XLSX can hold
    hundreds of megabytes of sheet XML (a zip bomb), which must never be held whole."""
    name = filename.lower()
    if name.endswith(".xlsx"):
        rows = _xlsx_rows(data)
    elif name.endswith(".csv"):
        rows = _csv_rows(data)
    else:
        raise ValueError(_("Upload an .xlsx or .csv file."))
    header = None
    out = []
    for number, row in enumerate(rows, start=1):
        if header is None:
            header = [h.strip().lower().replace(" ", "_") for h in row]
            continue
        if not any(row):
            continue
        if any(has_control(cell) for cell in row):  # (PostgreSQL stores no NUL byte)
            raise ValueError(_("Row %(row)s contains a control character (such as a NUL byte); "
                               "remove it and upload the file again.", row=number))
        if len(out) == MAX_ROWS:
            raise ValueError(_("The file has more than %(max)s rows; split it.", max=MAX_ROWS))
        out.append((number, {h: (row[i] if i < len(row) else "")
                             for i, h in enumerate(header) if h}))
    if header is None:
        raise ValueError(_("The file is empty."))
    return out


EXAMPLE_EMPLOYEE = {"nip": "199312282025212001", "nama": "Contoh Pegawai PPPK",
                    "jenis_pegawai": "PPPK", "golongan": "IX", "kode_unit": "BKPSDM",
                    "jabatan": "", "nip_atasan": "", "email": "contoh@manokwarikab.go.id",
                    "telepon": "081234567890", "aktif": "ya"}
EXAMPLE_UNIT = {"kode": "BKPSDM", "nama": "Badan Kepegawaian dan PSDM", "jenis": "badan",
                "kode_induk": "", "unit_layanan": "tidak"}


def template(kind: str) -> bytes:
    """An XLSX template: the import's columns, an example row, and the NIP columns formatted
    as text so that Excel keeps all 18 digits."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    columns, example = (EMPLOYEE_COLUMNS, EXAMPLE_EMPLOYEE) if kind == "employees" \
        else (UNIT_COLUMNS, EXAMPLE_UNIT)
    book = Workbook()
    sheet = book.active
    sheet.title = "pegawai" if kind == "employees" else "unit_kerja"
    sheet.append(columns)
    sheet.append([example[c] for c in columns])
    for index, name in enumerate(columns, start=1):
        sheet.cell(row=1, column=index).font = Font(bold=True)
        letter = sheet.cell(row=1, column=index).column_letter
        sheet.column_dimensions[letter].width = max(14, len(name) + 4)
        if name in ("nip", "nip_atasan", "telepon"):
            sheet.column_dimensions[letter].width = 22
            sheet.column_dimensions[letter].number_format = "@"
            for row in range(2, 1001):   # the rows HR will fill
                sheet.cell(row=row, column=index).number_format = "@"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
def _xlsx_rows(data: bytes):
    from openpyxl import load_workbook

    try:
        # A part that unpacks to more than its cap is a bomb, not a list of employees: openpyxl
        # reads the parts other than sheets whole (shared strings, styles), and scans a whole
        # sheet that lacks a <dimension> before its first row. (zipfile stops at the size a
        # part declares, so a lying header only truncates it.)
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            too_big = any(info.file_size > (XLSX_SHEET_MAX if info.filename.startswith(
                "xl/worksheets/") else XLSX_PART_MAX) for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError) as exc:
        raise ValueError(_("The file is not a valid XLSX workbook.")) from exc
    if too_big:
        raise ValueError(_("The workbook is too large when unpacked; save only the list of "
                           "units or employees in it."))
    try:
        # read_only: the sheet XML is parsed as it is iterated, never loaded whole.
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = book.active
    except Exception as exc:  # noqa: BLE001 - any parse failure is a bad file for the user
        raise ValueError(_("The file is not a valid XLSX workbook.")) from exc
    try:
        for row in sheet.iter_rows(values_only=True, max_col=len(EMPLOYEE_COLUMNS) + 20):
            yield [("" if c is None else str(c)).strip()[:MAX_LINE] for c in row]
    except ValueError:
        raise
    except Exception as exc:  # noqa: BLE001 - broken XML inside the zip
        raise ValueError(_("The file is not a valid XLSX workbook.")) from exc
    finally:
        book.close()


def _csv_rows(data: bytes):
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValueError(_("The CSV file must be saved as UTF-8.")) from exc
    lines = text.splitlines()
    if any(len(line) > MAX_LINE for line in lines):
        number = next(i for i, line in enumerate(lines, start=1) if len(line) > MAX_LINE)
        raise ValueError(_("Line %(row)s of the CSV file is longer than %(max)s characters; "
                           "this is not a list of units or employees.", row=number,
                           max=MAX_LINE))
    first = next((line for line in lines if line.strip()), "")
    try:
        reader = csv.reader(io.StringIO(text), delimiter=_delimiter(first), strict=False)
        for row in reader:
            yield [c.strip() for c in row]
    except csv.Error as exc:
        raise ValueError(_("The CSV file could not be read: %(reason)s", reason=str(exc))) \
            from exc


def _delimiter(header: str) -> str:
    """The delimiter of a CSV file from its header line: the most frequent of comma,
    semicolon (Excel in Indonesian) and tab; a one-column file has none (comma)."""
    counts = {d: header.count(d) for d in DELIMITERS}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def _check_header(kind: str, rows, result: ImportResult) -> bool:
    if not rows:
        result.errors.append((1, _("The file has no data rows.")))
        return False
    missing = [c for c in REQUIRED[kind] if c not in rows[0][1]]
    if missing:
        result.errors.append((1, _("Missing columns: %(cols)s.", cols=", ".join(missing))))
        return False
    return True


def _bool(value: str, default: bool) -> bool | None:
    word = value.strip().lower()
    if not word:
        return default
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    return None


@dataclass
class _UnitRow:
    number: int
    code: str
    name: str
    kind: str
    parent: str
    service: bool | None
    problems: list[str]


@dataclass
class _EmployeeRow:
    number: int
    nip: str
    name: str
    etype: str
    grade: str
    unit_code: str
    position: str
    boss: str
    email: str
    phone: str
    active: bool | None
    problems: list[str]


def import_units(rows) -> ImportResult:
    result = ImportResult()
    if not _check_header("units", rows, result):
        return result
    existing = {u.code: u for u in db.session.scalars(select(WorkUnit))}
    in_file: dict[str, int] = {}
    parsed: list[_UnitRow] = []
    for number, row in rows:
        item = _UnitRow(number, row.get("kode", ""), row.get("nama", ""),
                        row.get("jenis", "").lower(), row.get("kode_induk", ""),
                        _bool(row.get("unit_layanan", ""), False), [])
        if not item.code:
            item.problems.append(_("code is empty"))
        elif item.code in in_file:
            item.problems.append(_("code %(code)s also appears in row %(row)s", code=item.code,
                                   row=in_file[item.code]))
        if not item.name:
            item.problems.append(_("name is empty"))
        if item.kind not in UNIT_KINDS:
            item.problems.append(_("unknown kind '%(kind)s' (allowed: %(allowed)s)",
                                   kind=item.kind, allowed=", ".join(UNIT_KINDS)))
        if item.service is None:
            item.problems.append(_("unit_layanan must be ya or tidak"))
        if item.code:
            in_file.setdefault(item.code, number)
        parsed.append(item)
    for item in parsed:
        if item.parent and item.parent not in existing and item.parent not in in_file:
            item.problems.append(_("parent unit %(code)s does not exist", code=item.parent))
        if item.parent and item.parent == item.code:
            item.problems.append(_("a unit cannot be its own parent"))
        result.errors.extend((item.number, problem) for problem in item.problems)
    if result.errors:
        return result
    for item in parsed:
        unit = existing.get(item.code)
        if unit is None:
            unit = existing[item.code] = WorkUnit(code=item.code)
            db.session.add(unit)
            result.created += 1
        else:
            result.updated += 1
        unit.name, unit.kind, unit.is_service_unit = item.name, item.kind, item.service
    for item in parsed:
        existing[item.code].parent = existing[item.parent] if item.parent else None
    record("import", "work_unit", None, created=result.created, updated=result.updated)
    db.session.commit()
    return result


def import_employees(rows) -> ImportResult:
    result = ImportResult()
    if not _check_header("employees", rows, result):
        return result
    units = {u.code: u for u in db.session.scalars(select(WorkUnit))}
    positions = {p.name.lower(): p for p in db.session.scalars(select(Position))}
    nips_in_file: dict[str, int] = {}
    parsed: list[_EmployeeRow] = []
    for number, row in rows:
        item = _EmployeeRow(
            number, normalise_nip(row.get("nip", "")), row.get("nama", ""),
            row.get("jenis_pegawai", "").lower(), row.get("golongan", ""),
            row.get("kode_unit", ""), row.get("jabatan", ""),
            normalise_nip(row.get("nip_atasan", "")), row.get("email", ""),
            row.get("telepon", ""), _bool(row.get("aktif", ""), True), [])
        try:
            parse_nip(item.nip, item.etype if item.etype in EMPLOYMENT_TYPES else None)
        except ValueError as exc:
            hint = numeric_nip_hint(item.nip)
            item.problems.append(f"NIP {item.nip}: {exc}" + (f" ({hint})" if hint else ""))
        problem = email_problem(item.email)
        if problem:
            item.problems.append(problem)
        if item.nip in nips_in_file:
            item.problems.append(_("NIP %(nip)s also appears in row %(row)s", nip=item.nip,
                                   row=nips_in_file[item.nip]))
        nips_in_file.setdefault(item.nip, number)
        if not item.name:
            item.problems.append(_("name is empty"))
        if item.etype not in EMPLOYMENT_TYPES:
            item.problems.append(_("jenis_pegawai must be PNS or PPPK"))
        if item.grade and item.grade not in (PNS_GRADES if item.etype == "pns" else PPPK_GRADES):
            item.problems.append(_("grade %(grade)s does not exist for %(type)s",
                                   grade=item.grade, type=item.etype.upper()))
        if item.unit_code not in units:
            item.problems.append(_("work unit %(code)s does not exist", code=item.unit_code))
        if item.position and item.position.lower() not in positions:
            item.problems.append(_("position '%(name)s' does not exist", name=item.position))
        if item.active is None:
            item.problems.append(_("aktif must be ya or tidak"))
        parsed.append(item)
    known = set(db.session.scalars(select(Employee.nip))) | set(nips_in_file)
    for item in parsed:
        if item.boss and item.boss not in known:
            item.problems.append(_("supervisor NIP %(nip)s does not exist", nip=item.boss))
        if item.boss and item.boss == item.nip:
            item.problems.append(_("an employee cannot supervise themselves"))
        result.errors.extend((item.number, problem) for problem in item.problems)
    if result.errors:
        return result
    wanted = set(nips_in_file) | {item.boss for item in parsed if item.boss}
    by_nip = {e.nip: e for e in db.session.scalars(
        select(Employee).where(Employee.nip.in_(list(wanted))))}
    for n, item in enumerate(parsed, 1):
        if n % FLUSH_EVERY == 0:
            # (in steps: one flush of 10,000 new rows held every row's unit-of-work state,
            # +150 MiB; the transaction stays one)
            db.session.flush()
        employee = by_nip.get(item.nip)
        if employee is None:
            employee = by_nip[item.nip] = Employee(nip=item.nip)
            db.session.add(employee)
            result.created += 1
        else:
            result.updated += 1
        employee.name, employee.employment_type = item.name, item.etype
        employee.grade = item.grade or None
        employee.unit = units[item.unit_code]
        employee.position = positions.get(item.position.lower()) if item.position else None
        employee.email, employee.phone = item.email or None, item.phone or None
        employee.active = item.active
    for n, item in enumerate(parsed, 1):
        if n % FLUSH_EVERY == 0:
            db.session.flush()
        by_nip[item.nip].supervisor = by_nip[item.boss] if item.boss else None
    record("import", "employee", None, created=result.created, updated=result.updated)
    db.session.commit()
    return result
