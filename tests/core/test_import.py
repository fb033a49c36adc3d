"""Import of work units and employees: every bad row reported with its number and reason,
nothing written unless the whole file is valid."""
import io

from openpyxl import Workbook
from sqlalchemy import func, select

from app.extensions import db
from app.org.importer import import_employees, import_units, read_rows
from app.org.models import Employee, WorkUnit
from tests.fixtures.world import nip


def _xlsx(rows) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _count(model):
    return db.session.scalar(select(func.count()).select_from(model))


def test_units_from_csv_with_parents_in_the_same_file(ctx, world):
    csv_text = ("kode;nama;jenis;kode_induk;unit_layanan\n"
                "DISKOMINFO;Dinas Komunikasi dan Informatika;dinas;PEMDA;ya\n"
                "DISKOMINFO-B1;Bidang Aplikasi;bidang;DISKOMINFO;tidak\n")
    result = import_units(read_rows("unit.csv", csv_text.encode()))
    assert result.ok and result.created == 2
    child = db.session.scalars(select(WorkUnit).where(WorkUnit.code == "DISKOMINFO-B1")).one()
    assert child.parent.code == "DISKOMINFO" and child.parent.is_service_unit


def test_one_bad_row_blocks_the_whole_file(ctx, world):
    before = _count(Employee)
    good, bad_date = nip(), "198502302010031001"
    data = _xlsx([
        ["nip", "nama", "jenis_pegawai", "golongan", "kode_unit", "jabatan", "nip_atasan"],
        [good, "Pegawai Baru", "PNS", "III/a", "DPMPTSP", "Pengadministrasi Umum", ""],
        [bad_date, "Tanggal Salah", "PNS", "III/a", "DPMPTSP", "", ""],
        [nip(), "Unit Salah", "PNS", "III/a", "TIDAK-ADA", "", ""],
        [nip(), "Golongan Salah", "PPPK", "III/a", "DPMPTSP", "", ""],
        [good, "NIP Ganda", "PNS", "II/a", "DPMPTSP", "", "999999999999999999"],
    ])
    result = import_employees(read_rows("pegawai.xlsx", data))
    rows = {row for row, _message in result.errors}
    assert rows == {3, 4, 5, 6}
    assert _count(Employee) == before


def test_valid_employees_are_created_and_updated_with_supervisors(ctx, world):
    existing = db.session.get(Employee, world.people["pegawai"])
    boss, staff = nip(), nip()
    data = _xlsx([
        ["NIP", "Nama", "Jenis Pegawai", "Golongan", "Kode Unit", "Jabatan", "NIP Atasan", "Aktif"],
        [boss, "Atasan Impor", "PNS", "IV/a", "BKPSDM", "Kepala Bidang", "", "ya"],
        [staff, "Staf Impor", "PPPK", "IX", "BKPSDM", "", boss, "ya"],
        [existing.nip, "Pegawai Satu (diperbarui)", "PNS", "III/b", "DPMPTSP", "", boss, "ya"],
    ])
    result = import_employees(read_rows("pegawai.xlsx", data))
    assert result.ok, result.errors
    assert (result.created, result.updated) == (2, 1)
    imported = db.session.scalars(select(Employee).where(Employee.nip == staff)).one()
    assert imported.supervisor.nip == boss and imported.employment_type == "pppk"
    db.session.refresh(existing)
    assert existing.name == "Pegawai Satu (diperbarui)" and existing.supervisor.nip == boss


def test_import_page_reports_rows_and_imports_nothing(app, as_user, world):
    hr = as_user("hr")
    data = _xlsx([["nip", "nama", "jenis_pegawai", "kode_unit"],
                  ["123", "NIP Pendek", "PNS", "DPMPTSP"]])
    response = hr.post("/admin/import/", {"kind": "employees",
                                          "file": (io.BytesIO(data), "pegawai.xlsx")},
                       content_type="multipart/form-data")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and 'id="import-errors"' in page
    assert "<td>2</td>" in page
    with app.app_context():
        assert db.session.scalar(select(Employee).where(Employee.name == "NIP Pendek")) is None


def test_wrong_file_type_and_missing_columns(ctx, world):
    import pytest

    with pytest.raises(ValueError):
        read_rows("pegawai.txt", b"nip,nama")
    result = import_employees(read_rows("x.csv", b"nip,nama\n198504122010031001,A\n"))
    assert result.errors and result.errors[0][0] == 1
