"""Issue 11, people: PPPK numbers, ASCII digits only, e-mail checks, an export that imports
back, the XLSX template and the hint for NIPs Excel stored as numbers."""
import io

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from app.extensions import db
from app.org.importer import EMPLOYEE_COLUMNS, import_employees, read_rows
from app.org.models import Employee
from app.org.nip import normalise_nip, parse_nip

PPPK_NIP = "199312282025212001"


def _form(world, **changes):
    data = {"nip": "198807142015031002", "name": "Pegawai Baru", "employment_type": "pns",
            "grade": "III/a", "unit": str(world.units["dpm"]), "position": "__None",
            "supervisor": str(world.people["atasan"]), "email": "", "phone": "",
            "active": "y"}
    data.update(changes)
    return data


def _xlsx(rows) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _by_nip(app, nip):
    with app.app_context():
        return db.session.scalar(select(Employee).where(Employee.nip == nip))


@pytest.mark.no_db
def test_pppk_layout_for_pppk_only(app):
    with app.app_context():
        assert parse_nip(PPPK_NIP, "pppk").pppk
        with pytest.raises(ValueError, match="PPPK"):
            parse_nip(PPPK_NIP, "pns")
        assert parse_nip("198504122010031001", "pppk")   # an older PPPK with a month is fine
        with pytest.raises(ValueError):
            parse_nip("199312282025222001", "pppk")       # 22 is not a PPPK code
        app.config["PPPK_NIP_CODES"] = ["21", "22"]        # codes are a setting
        assert parse_nip("199312282025222001", "pppk").pppk
        app.config["PPPK_NIP_CODES"] = ["21"]


@pytest.mark.no_db
def test_only_ascii_digits_after_normalising():
    full_width = "１９８５０４１２２０１００３１００１"
    arabic_indic = "١٩٨٥٠٤١٢٢٠١٠٠٣١٠٠١"
    assert normalise_nip(full_width) == normalise_nip(arabic_indic) == "198504122010031001"
    with pytest.raises(ValueError):
        parse_nip("19850412201003100²")   # a superscript digit cannot be normalised


def test_pppk_employee_with_pppk_number_is_created_in_the_form(app, as_user, world):
    hr = as_user("hr")
    response = hr.post("/admin/employee/new/", _form(world, nip=PPPK_NIP,
                                                     employment_type="pppk", grade="IX"))
    assert response.status_code == 302
    assert _by_nip(app, PPPK_NIP).employment_type == "pppk"
    page = hr.post("/admin/employee/new/", _form(world, nip="199312282025212002"))
    assert page.status_code == 200 and "kode PPPK" in page.get_data(as_text=True)


def test_look_alike_digits_cannot_register_a_nip_twice(app, as_user, world):
    with app.app_context():
        existing = db.session.get(Employee, world.people["pegawai"]).nip
    look_alike = "".join(chr(ord(c) - ord("0") + 0xFF10) for c in existing)   # full-width
    hr = as_user("hr")
    before = _count(app)
    response = hr.post("/admin/employee/new/", _form(world, nip=look_alike))
    assert response.status_code == 200 and _count(app) == before
    fresh = "".join(chr(ord(c) - ord("0") + 0x0660) for c in "198807142015031002")
    assert hr.post("/admin/employee/new/", _form(world, nip=fresh)).status_code == 302
    assert _by_nip(app, "198807142015031002") is not None     # stored as ASCII


def _count(app):
    with app.app_context():
        return db.session.scalar(select(func.count(Employee.id)))


def test_email_is_validated_in_the_form_and_the_import(app, as_user, world):
    hr = as_user("hr")
    page = hr.post("/admin/employee/new/", _form(world, email="budi@@manokwari"))
    assert page.status_code == 200 and "bukan alamat e-mail yang valid" in page.get_data(
        as_text=True)
    assert hr.post("/admin/employee/new/", _form(world, email="budi@manokwarikab.go.id")) \
        .status_code == 302
    with app.app_context():
        result = import_employees(read_rows("p.xlsx", _xlsx([
            ["nip", "nama", "jenis_pegawai", "kode_unit", "email"],
            ["198807142015031003", "Surel Salah", "PNS", "DPMPTSP", "bukan-surel"]])))
        assert not result.ok and "bukan-surel" in result.errors[0][1]


def test_pppk_number_is_imported_and_numeric_nip_gets_a_hint(app, ctx, world):
    result = import_employees(read_rows("p.xlsx", _xlsx([
        ["nip", "nama", "jenis_pegawai", "golongan", "kode_unit"],
        [PPPK_NIP, "PPPK Impor", "PPPK", "IX", "DPMPTSP"]])))
    assert result.ok and db.session.scalar(
        select(Employee.employment_type).where(Employee.nip == PPPK_NIP)) == "pppk"
    result = import_employees(read_rows("p.xlsx", _xlsx([
        ["nip", "nama", "jenis_pegawai", "kode_unit"],
        [199203152019032001, "NIP Angka", "PNS", "DPMPTSP"],
        [PPPK_NIP.replace("2001", "2005"), "PPPK sebagai PNS", "PNS", "DPMPTSP"]])))
    messages = dict(result.errors)
    assert "Teks" in messages[2] and "kode PPPK" in messages[3]


def test_exported_employees_import_back_and_the_template(app, as_user, world):
    hr = as_user("hr")
    exported = hr.get("/admin/employee/export/xlsx/")
    assert exported.status_code == 200
    sheet = load_workbook(io.BytesIO(exported.data)).active
    header = [c.value for c in next(sheet.iter_rows(max_row=1))]
    assert header == EMPLOYEE_COLUMNS
    with app.app_context():
        result = import_employees(read_rows("ekspor.xlsx", exported.data))
        assert result.ok, result.errors
        assert result.created == 0 and result.updated == _count_in(app)
    page = hr.get("/admin/import/").get_data(as_text=True)
    assert "/admin/import/template/?kind=employees" in page and "Teks" in page
    template = hr.get("/admin/import/template/?kind=employees")
    book = load_workbook(io.BytesIO(template.data)).active
    rows = list(book.iter_rows(values_only=True))
    assert list(rows[0]) == EMPLOYEE_COLUMNS and rows[1][0] == PPPK_NIP
    assert book["A3"].number_format == "@"     # NIPs typed later stay text
    with app.app_context():
        check = import_employees(read_rows("t.xlsx", template.data))
        assert check.ok, check.errors
    assert as_user("pegawai").get("/admin/import/template/?kind=employees").status_code != 200


def _count_in(app):
    with app.app_context():
        return db.session.scalar(select(func.count(Employee.id)))
