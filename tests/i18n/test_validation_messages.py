"""WTForms messages (our forms and Flask-Admin's) come out in Indonesian, plural forms included."""
from tests.i18n.conftest import assert_indonesian

REQUIRED = "Isian ini wajib diisi."


def test_login_form_required_message(client):
    # Flask-Security answers every failed login with one generic message (no hint whether the
    # username exists), empty fields included.
    response = client.http.post("/login", data={"username": "", "password": "",
                                                "csrf_token": client.token("/login")})
    html = response.get_data(as_text=True)
    assert "Nama pengguna atau kata sandi salah." in html
    assert "This field is required." not in html
    assert_indonesian(response, "/login with errors", status=response.status_code)


def test_admin_create_form_required_message(as_user):
    hr = as_user("hr")
    response = hr.post("/admin/position/new/", data={"name": "", "kind": "pelaksana"},
                       token_from="/admin/position/new/")
    assert response.status_code == 200  # the form again, with its errors
    html = response.get_data(as_text=True)
    assert REQUIRED in html and "This field is required." not in html
    assert_indonesian(response, "position create with errors")


def test_admin_form_plural_and_number_messages(world, as_user):
    """Plural WTForms messages: Flask-Admin's merge must not fall back to English."""
    pegawai = as_user("pegawai")
    response = pegawai.post("/admin/activity_report/new/", data={
        "date": "2026-11-27", "description": "x" * 5001, "duration_minutes": "60"},
        token_from="/admin/activity_report/new/")
    assert "Isian tidak boleh lebih dari 5000 karakter." in response.get_data(as_text=True)
    assert_indonesian(response, "activity report create with a long description")
    hr = as_user("hr")
    response = hr.post("/admin/user/new/", data={"username": "baru", "new_password": "pendek"},
                       token_from="/admin/user/new/")
    # The password policy's own message (app.auth.passwords), not WTForms' Length.
    assert "Kata sandi harus terdiri atas 12 sampai 128 karakter." in response.get_data(
        as_text=True)
    assert_indonesian(response, "user create with a short password")
    response = hr.post("/admin/period/new/", data={"year": "1999", "periodicity": "quarterly"},
                       token_from="/admin/period/new/")
    assert "Angka harus antara 2000 dan 2100." in response.get_data(as_text=True)
    assert_indonesian(response, "period create with a bad year")


def test_own_form_plural_message(world, as_user):
    """Our own forms read WTForms messages from the merged default domain, plurals included."""
    atasan = as_user("atasan")
    url = f"/admin/activity_report/transition/return/comment/?ids={world.reports['submitted']}"
    response = atasan.post(url, data={"comment": "x" * 2001}, token_from=url)
    html = response.get_data(as_text=True)
    assert "Isian tidak boleh lebih dari 2000 karakter." in html
    assert_indonesian(response, "return form with a long comment")
