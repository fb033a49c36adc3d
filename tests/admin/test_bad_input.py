"""Bad input gives a clear message and changes nothing, never a 500 (issue 8, "No 500, ever"
and the numbers bullet): nan, inf and 1e309 in number fields, control characters anywhere in a
request, numbers beyond a column in list filters and their exports, and broken or oversized
import files. Every test runs on SQLite and on PostgreSQL (where NUL bytes and integer overflow
break)."""
from __future__ import annotations

import io
import tracemalloc
import zipfile
from decimal import Decimal

import pytest
from sqlalchemy import select

from app.core.numbers import fits
from app.core.rows import check_row
from app.customfields.models import CustomField, CustomValue
from app.extensions import db
from app.org.importer import read_rows
from app.performance.models import Realisation, Target
from tests.admin.helpers import alerts, invalid_fields, snapshot

BAD_NUMBERS = ["nan", "NaN", "inf", "-Infinity", "1e309", "99999999999999999999"]


@pytest.mark.parametrize("value", BAD_NUMBERS)
def test_a_number_field_refuses_nan_inf_and_huge_values(app, as_user, world, value):
    hr = as_user("hr")
    before = snapshot(app)
    response = hr.post("/admin/target/new/", {
        "agreement": "2", "indicator": "2", "objective": "Uji", "value": value})  # (a new pair)
    assert response.status_code == 200
    assert "value" in invalid_fields(response)
    assert snapshot(app) == before


def test_a_number_in_range_is_still_accepted(app, as_user, world):
    hr = as_user("hr")
    response = hr.post("/admin/realisation/new/", {
        "target": str(world.targets["ikm"]), "period_no": "1", "value": "80.5"})
    assert response.status_code == 302, invalid_fields(response)
    with app.app_context():
        assert db.session.scalar(select(Realisation.value)) == Decimal("80.5")


@pytest.mark.parametrize("value", ["nan", "inf", "1e309"])
def test_a_custom_number_field_refuses_nan_and_inf(app, as_user, world, value):
    with app.app_context():
        db.session.add(CustomField(entity="employee", code="skor", label="Skor",
                                   field_type="number"))
        db.session.commit()
    hr = as_user("hr")
    url = f"/admin/employee/edit/?id={world.people['pegawai']}"
    assert 'name="cf_skor"' in hr.get(url).get_data(as_text=True)
    response = hr.post(url, {"nip": "", "cf_skor": value}, token_from=url)
    assert "cf_skor" in invalid_fields(response)
    with app.app_context():
        assert db.session.scalar(select(CustomValue.value_number)) is None


def test_the_import_row_checker_shares_the_rule():
    errors: list[str] = []
    for value in (float("nan"), float("inf"), 1e300, 10**12):
        assert check_row("Target 1", {"value": value}, Target, ["value"], errors) is None
    assert len(errors) == 4
    assert check_row("Target 1", {"value": 12.5}, Target, ["value"], []) == {
        "value": Decimal("12.5")}
    assert not fits(2**31, Realisation.__table__.c.period_no.type)
    assert fits(2**31 - 1, Realisation.__table__.c.period_no.type)


# Control characters --------------------------------------------------------------------------

NUL_URLS = [
    "/admin/employee/?search=ab%00cd",
    "/admin/employee/?flt0_0=ab%00cd",
    "/admin/agreement/?flt0_1=x%00",
    "/admin/employee/export/csv/?search=%00",
    "/admin/employee/?search=a%1bb",
    "/admin/employee/ajax/lookup/?name=supervisor&query=%00",
]


@pytest.mark.parametrize("url", NUL_URLS)
def test_a_control_character_in_a_query_is_a_clear_400(app, as_user, world, url):
    response = as_user("hr").get(url)
    assert response.status_code == 400
    assert "karakter kendali" in response.get_data(as_text=True)


def test_a_nul_byte_in_a_form_field_changes_nothing(app, as_user, world):
    hr = as_user("hr")
    before = snapshot(app)
    response = hr.post(f"/admin/employee/edit/?id={world.people['pegawai']}",
                       {"nip": "19850412\x002010011001", "name": "X"})
    assert response.status_code == 400
    assert snapshot(app) == before


def test_a_nul_byte_in_the_anonymous_login_is_a_clear_400(app, client, world):
    response = client.http.post("/login", data={
        "username": "hr\x00", "password": "x", "csrf_token": client.token("/login")})
    assert response.status_code == 400
    assert "karakter kendali" in response.get_data(as_text=True)


def test_tab_and_new_line_are_still_text(app, as_user, world):
    response = as_user("hr").get("/admin/employee/?search=Pegawai%09Satu%0A")
    assert response.status_code == 200


# Filters beyond a column ---------------------------------------------------------------------

HUGE = ["99999999999999999999", "2147483648", "-2147483649", "1e309", "nan"]


@pytest.mark.parametrize("value", HUGE)
@pytest.mark.parametrize("page", ["agreement", "realisation"])
def test_a_number_filter_beyond_its_column_is_refused(app, as_user, world, page, value):
    hr = as_user("hr")
    response = hr.get(f"/admin/{page}/?flt0_0={value}")
    assert response.status_code == 200
    assert any("Nilai saringan tidak valid" in m for m in alerts(response)), alerts(response)
    export = hr.get(f"/admin/{page}/export/csv/?flt0_0={value}")
    assert export.status_code == 302  # refused before a byte is streamed
    assert hr.get(export.headers["Location"]).status_code == 200


def test_a_number_filter_in_range_still_filters_and_exports(app, as_user, world):
    hr = as_user("hr")
    response = hr.get("/admin/agreement/export/csv/?flt0_0=1999")
    assert response.status_code == 200
    assert response.get_data(as_text=True).count("\n") == 1  # the header only


@pytest.mark.parametrize("args", ["page=99999999999999999999", "page_size=99999999999999999999",
                                  "sort=99999999999999999999", "id=99999999999999999999",
                                  "page=-5&sort=-1&desc=7"])
def test_huge_paging_and_ids_are_harmless(app, as_user, world, args):
    hr = as_user("hr")
    for path in ("/admin/agreement/", "/admin/agreement/export/csv/",
                 "/admin/agreement/details/"):
        assert hr.get(f"{path}?{args}").status_code in (200, 302)


# Import files --------------------------------------------------------------------------------

def test_a_one_column_csv_is_read():
    rows = read_rows("unit.csv", b"kode\nA\nB\n")
    assert rows == [(2, {"kode": "A"}), (3, {"kode": "B"})]


def test_a_semicolon_csv_is_read_from_its_header():
    rows = read_rows("unit.csv", b'kode;nama\nA;"Dinas, Satu"\n')
    assert rows == [(2, {"kode": "A", "nama": "Dinas, Satu"})]


def test_a_csv_with_a_5_mb_line_is_refused_clearly(app):
    data = b"kode,nama\nA," + b"x" * (5 * 1024 * 1024) + b"\n"
    with app.test_request_context(headers={"Accept-Language": "id"}):
        with pytest.raises(ValueError, match="lebih panjang"):
            read_rows("unit.csv", data)


def test_a_nul_byte_in_an_imported_file_is_refused_with_its_row(app):
    with app.test_request_context(headers={"Accept-Language": "id"}):
        with pytest.raises(ValueError, match="Baris 3 berisi karakter kendali"):
            read_rows("unit.csv", b"kode,nama\nA,Satu\nB,Du\x00a\n")


def test_the_import_page_reports_broken_csvs_without_a_500(app, as_user, world):
    hr = as_user("hr")
    for data in (b"kode,nama,jenis\nA,Du\x00a,dinas\n", b"kode\nA\n",
                 b"kode,nama\nA," + b"x" * (5 * 1024 * 1024) + b"\n",
                 b'kode,nama\n"A,B\n', b"\xff\xfe\x00"):
        response = hr.post("/admin/import/", {
            "kind": "units", "file": (io.BytesIO(data), "unit.csv")},
            token_from="/admin/import/", content_type="multipart/form-data")
        assert response.status_code == 200


def _bomb(rows: int, dimension: bool = False) -> bytes:
    """An XLSX whose one sheet holds `rows` rows of five 100-character texts: under a
    megabyte zipped, some 200 MB of sheet XML unpacked."""
    cell = "x" * 100
    # (rows and cells without an "r" attribute are numbered in order: every row is the same
    # bytes, so the part compresses to almost nothing and is quick to write)
    row = "<row>" + f'<c t="inlineStr"><is><t>{cell}</t></is></c>' * 5 + "</row>"
    block = (row * 1000).encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", (
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats'
            '-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/'
            'sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml'
            '.worksheet+xml"/></Types>'))
        z.writestr("_rels/.rels", (
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
            '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
            '</Relationships>'))
        z.writestr("xl/workbook.xml", (
            '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/'
            'spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets>'
            '</workbook>'))
        z.writestr("xl/_rels/workbook.xml.rels", (
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
            '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
            '</Relationships>'))
        with z.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.'
                        b'org/spreadsheetml/2006/main">')
            if dimension:  # (else openpyxl scans the whole sheet for one)
                sheet.write(f'<dimension ref="A1:E{rows}"/>'.encode())
            sheet.write(b"<sheetData>")
            for _block in range(rows // 1000):
                sheet.write(block)
            sheet.write(b"</sheetData></worksheet>")
    return out.getvalue()


def _peak_memory_of(app, data: bytes, match: str) -> int:
    tracemalloc.start()
    try:
        with app.test_request_context(headers={"Accept-Language": "id"}):
            with pytest.raises(ValueError, match=match):
                read_rows("pegawai.xlsx", data)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_an_xlsx_bomb_is_refused_before_it_is_unpacked(app):
    data = _bomb(100_000)  # ~80 MB of sheet XML in a 400 KB file
    assert len(data) < app.config["MAX_CONTENT_LENGTH"]  # an upload the app accepts
    assert _peak_memory_of(app, data, "terlalu besar setelah dibuka") < 8 * 1024 * 1024


def test_a_long_sheet_is_read_as_a_stream_up_to_the_row_cap(app, monkeypatch):
    monkeypatch.setattr("app.org.importer.MAX_ROWS", 2000)  # (tracemalloc slows parsing down)
    data = _bomb(60_000, dimension=True)  # ~48 MB of sheet XML: under the size cap
    # The rows kept up to the cap (2,000 rows of five short cells) are the bulk, about
    # 2 MB; reading the whole sheet first held some 50 MB.
    assert _peak_memory_of(app, data, "lebih dari") < 16 * 1024 * 1024
