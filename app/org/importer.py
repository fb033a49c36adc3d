"""Import work units or employees from XLSX or CSV.

Every row is validated first; each bad row is reported with its spreadsheet row number and the
reason, and nothing is written unless the whole file is valid. Existing records (same unit code
or NIP) are updated, new ones created, all in one transaction.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from sqlalchemy import select

from app.audit.trail import record
from app.extensions import db
from app.i18n import _
from app.org.choices import EMPLOYMENT_TYPES, PNS_GRADES, PPPK_GRADES, UNIT_KINDS
from app.org.models import Employee, Position, WorkUnit
from app.org.nip import parse_nip

UNIT_COLUMNS = ["kode", "nama", "jenis", "kode_induk", "unit_layanan"]
EMPLOYEE_COLUMNS = ["nip", "nama", "jenis_pegawai", "golongan", "kode_unit", "jabatan",
                    "nip_atasan", "email", "telepon", "aktif"]
REQUIRED = {"units": ["kode", "nama", "jenis"], "employees": ["nip", "nama", "jenis_pegawai",
                                                              "kode_unit"]}
TRUE_WORDS = {"ya", "y", "yes", "1", "true", "benar", "aktif"}
FALSE_WORDS = {"tidak", "t", "no", "0", "false", "salah", "nonaktif", ""}
MAX_ROWS = 20_000


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def read_rows(filename: str, data: bytes) -> list[tuple[int, dict[str, str]]]:
    """(row number, {column: text}) for every non-empty data row; header names lower-cased."""
    name = filename.lower()
    if name.endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).active
        except Exception as exc:  # noqa: BLE001 - any parse failure is a bad file for the user
            raise ValueError(_("The file is not a valid XLSX workbook.")) from exc
        rows = [[("" if c is None else str(c)).strip() for c in row]
                for row in sheet.iter_rows(values_only=True)]
    elif name.endswith(".csv"):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ValueError(_("The CSV file must be saved as UTF-8.")) from exc
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t") if text.strip() else csv.excel
        rows = [[c.strip() for c in row] for row in csv.reader(io.StringIO(text), dialect)]
    else:
        raise ValueError(_("Upload an .xlsx or .csv file."))
    if not rows:
        raise ValueError(_("The file is empty."))
    header = [h.strip().lower().replace(" ", "_") for h in rows[0]]
    out = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(row):
            continue
        out.append((number, {h: (row[i] if i < len(row) else "") for i, h in enumerate(header) if h}))
    if len(out) > MAX_ROWS:
        raise ValueError(_("The file has more than %(max)s rows; split it.", max=MAX_ROWS))
    return out


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


def import_units(rows) -> ImportResult:
    result = ImportResult()
    if not _check_header("units", rows, result):
        return result
    existing = {u.code: u for u in db.session.scalars(select(WorkUnit))}
    in_file: dict[str, int] = {}
    parsed = []
    for number, row in rows:
        code, name, kind = row.get("kode", ""), row.get("nama", ""), row.get("jenis", "").lower()
        parent = row.get("kode_induk", "")
        problems = []
        if not code:
            problems.append(_("code is empty"))
        elif code in in_file:
            problems.append(_("code %(code)s also appears in row %(row)s", code=code,
                              row=in_file[code]))
        if not name:
            problems.append(_("name is empty"))
        if kind not in UNIT_KINDS:
            problems.append(_("unknown kind '%(kind)s' (allowed: %(allowed)s)", kind=kind,
                              allowed=", ".join(UNIT_KINDS)))
        service = _bool(row.get("unit_layanan", ""), False)
        if service is None:
            problems.append(_("unit_layanan must be ya or tidak"))
        if code:
            in_file.setdefault(code, number)
        parsed.append((number, code, name, kind, parent, service, problems))
    for number, code, name, kind, parent, service, problems in parsed:
        if parent and parent not in existing and parent not in in_file:
            problems.append(_("parent unit %(code)s does not exist", code=parent))
        if parent and parent == code:
            problems.append(_("a unit cannot be its own parent"))
        for problem in problems:
            result.errors.append((number, problem))
    if result.errors:
        return result
    for number, code, name, kind, parent, service, _p in parsed:
        unit = existing.get(code)
        if unit is None:
            unit = existing[code] = WorkUnit(code=code)
            db.session.add(unit)
            result.created += 1
        else:
            result.updated += 1
        unit.name, unit.kind, unit.is_service_unit = name, kind, service
    for number, code, name, kind, parent, service, _p in parsed:
        existing[code].parent = existing[parent] if parent else None
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
    parsed = []
    for number, row in rows:
        nip = row.get("nip", "").replace(" ", "")
        problems = []
        try:
            parse_nip(nip)
        except ValueError as exc:
            problems.append(f"NIP {nip}: {exc}")
        if nip in nips_in_file:
            problems.append(_("NIP %(nip)s also appears in row %(row)s", nip=nip,
                              row=nips_in_file[nip]))
        nips_in_file.setdefault(nip, number)
        name = row.get("nama", "")
        if not name:
            problems.append(_("name is empty"))
        etype = row.get("jenis_pegawai", "").lower()
        if etype not in EMPLOYMENT_TYPES:
            problems.append(_("jenis_pegawai must be PNS or PPPK"))
        grade = row.get("golongan", "")
        if grade and grade not in (PNS_GRADES if etype == "pns" else PPPK_GRADES):
            problems.append(_("grade %(grade)s does not exist for %(type)s", grade=grade,
                              type=etype.upper()))
        unit_code = row.get("kode_unit", "")
        if unit_code not in units:
            problems.append(_("work unit %(code)s does not exist", code=unit_code))
        position_name = row.get("jabatan", "")
        if position_name and position_name.lower() not in positions:
            problems.append(_("position '%(name)s' does not exist", name=position_name))
        active = _bool(row.get("aktif", ""), True)
        if active is None:
            problems.append(_("aktif must be ya or tidak"))
        parsed.append((number, nip, name, etype, grade, unit_code, position_name,
                       row.get("nip_atasan", "").replace(" ", ""), row.get("email", ""),
                       row.get("telepon", ""), active, problems))
    supervisors_known = set(db.session.scalars(select(Employee.nip))) | set(nips_in_file)
    for item in parsed:
        number, nip, boss, problems = item[0], item[1], item[7], item[11]
        if boss and boss not in supervisors_known:
            problems.append(_("supervisor NIP %(nip)s does not exist", nip=boss))
        if boss and boss == nip:
            problems.append(_("an employee cannot supervise themselves"))
        for problem in problems:
            result.errors.append((number, problem))
    if result.errors:
        return result
    by_nip = {e.nip: e for e in db.session.scalars(
        select(Employee).where(Employee.nip.in_(list(nips_in_file))))}
    for (number, nip, name, etype, grade, unit_code, position_name, boss, email, phone, active,
         _p) in parsed:
        employee = by_nip.get(nip)
        if employee is None:
            employee = by_nip[nip] = Employee(nip=nip)
            db.session.add(employee)
            result.created += 1
        else:
            result.updated += 1
        employee.name, employee.employment_type, employee.grade = name, etype, grade or None
        employee.unit = units[unit_code]
        employee.position = positions.get(position_name.lower()) if position_name else None
        employee.email, employee.phone, employee.active = email or None, phone or None, active
    db.session.flush()
    bosses = {item[7] for item in parsed if item[7]}
    missing = bosses - set(by_nip)
    if missing:
        by_nip.update({e.nip: e for e in db.session.scalars(
            select(Employee).where(Employee.nip.in_(list(missing))))})
    for item in parsed:
        by_nip[item[1]].supervisor = by_nip[item[7]] if item[7] else None
    record("import", "employee", None, created=result.created, updated=result.updated)
    db.session.commit()
    return result
