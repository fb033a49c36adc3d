"""Pages outside the model views render in Indonesian: login, public home, dashboards, the
organisation pages and the error page."""
import pytest

from tests.i18n.conftest import assert_indonesian


def test_login_and_public_home_in_indonesian(client):
    login = client.get("/login")
    assert_indonesian(login, "/login")
    html = login.get_data(as_text=True)
    assert "Masuk ke aplikasi pengelolaan" in html and "Kata sandi" in html
    assert_indonesian(client.get("/"), "/")


def test_error_page_in_indonesian(client):
    response = client.get("/tidak-ada")
    assert response.status_code == 404
    assert "Halaman yang Anda cari tidak ditemukan." in response.get_data(as_text=True)
    assert_indonesian(response, "404 page", status=404)


@pytest.mark.parametrize("username", ["hr", "atasan", "pegawai", "auditor"])
def test_dashboard_in_indonesian(as_user, username):
    response = as_user(username).get("/admin/")
    assert_indonesian(response, f"/admin/ as {username}")
    assert "Selamat datang" in response.get_data(as_text=True)


def test_dashboard_widgets_are_present_and_translated(as_user):
    assert "Pegawai aktif" in as_user("hr").get("/admin/").get_data(as_text=True)
    assert "Laporan staf Anda yang menunggu verifikasi" in as_user("atasan").get(
        "/admin/").get_data(as_text=True)
    assert "Catat pekerjaan hari ini" in as_user("pegawai").get("/admin/").get_data(as_text=True)


def test_data_problems_and_import_pages_in_indonesian(as_user):
    hr = as_user("hr")
    problems = hr.get("/admin/data-problems/")
    assert_indonesian(problems, "/admin/data-problems/")
    assert "Pegawai tanpa atasan" in problems.get_data(as_text=True)
    page = hr.get("/admin/import/")
    assert_indonesian(page, "/admin/import/")
    assert "Impor unit kerja atau pegawai" in page.get_data(as_text=True)


def test_import_errors_in_indonesian(as_user):
    """A file with problems: the per-row messages and the summary are Indonesian."""
    import io

    hr = as_user("hr")
    csv = "kode,nama,jenis,kode_induk,unit_layanan\n,Tanpa Kode,planet,XYZ,mungkin\n"
    response = hr.post("/admin/import/", data={
        "kind": "units", "file": (io.BytesIO(csv.encode()), "unit.csv")},
        token_from="/admin/import/", content_type="multipart/form-data")
    assert_indonesian(response, "/admin/import/ with errors")
    html = response.get_data(as_text=True)
    assert "Tidak ada yang diimpor" in html and "kode kosong" in html
