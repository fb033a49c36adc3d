"""Dates in every back-office form: typed dd/mm/yyyy (ISO still taken), shown `1 Desember
2026`, with Flask-Admin's date picker and select2 lookups speaking Indonesian (their locale
files served by the app, loaded by external scripts under the CSP nonce)."""
from datetime import date
from pathlib import Path

from sqlalchemy import select

from app.extensions import db
from app.performance.models import Holiday

STATIC = Path(__file__).resolve().parents[2] / "app" / "static"
LOCALE_SCRIPTS = ("vendor/moment-2.29.4/locale/id.js", "vendor/select2-3.5.2/select2_locale_id.js",
                  "js/admin_locale_id.js")


def _holiday(app, name):
    with app.app_context():
        return db.session.scalars(select(Holiday).where(Holiday.name == name)).one_or_none()


def test_a_date_typed_the_indonesian_way_is_saved(app, as_user):
    hr = as_user("hr")
    form = hr.get("/admin/holiday/new/").get_data(as_text=True)
    assert 'data-role="datepicker"' in form and 'data-date-format="DD/MM/YYYY"' in form
    response = hr.post("/admin/holiday/new/", data={"date": "28/11/2026", "name": "Hari uji",
                                                    "kind": "national"},
                       token_from="/admin/holiday/new/")
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    saved = _holiday(app, "Hari uji")
    assert saved.date == date(2026, 11, 28)
    # The edit form shows it back as typed; the list shows it in words.
    edit = hr.get(f"/admin/holiday/edit/?id={saved.id}").get_data(as_text=True)
    assert 'value="28/11/2026"' in edit
    assert "28 November 2026" in hr.get("/admin/holiday/").get_data(as_text=True)


def test_an_iso_date_is_still_taken_and_nonsense_is_refused_in_indonesian(app, as_user):
    hr = as_user("hr")
    ok = hr.post("/admin/holiday/new/", data={"date": "2026-12-01", "name": "Hari ISO",
                                              "kind": "national"},
                 token_from="/admin/holiday/new/")
    assert ok.status_code == 302 and _holiday(app, "Hari ISO").date == date(2026, 12, 1)
    bad = hr.post("/admin/holiday/new/", data={"date": "31/02/2026", "name": "Hari salah",
                                               "kind": "national"},
                  token_from="/admin/holiday/new/")
    assert bad.status_code == 200 and _holiday(app, "Hari salah") is None
    assert "tulis sebagai dd/mm/yyyy" in bad.get_data(as_text=True)


def test_date_times_take_the_indonesian_form_too(app):
    from app.core.forms import LocalDateTimeField, Form

    class F(Form):
        at = LocalDateTimeField()

    with app.test_request_context(method="POST", data={"at": "28/11/2026 08:30"}):
        form = F(meta={"csrf": False})
        assert form.validate(), form.errors
        assert (form.at.data.year, form.at.data.month, form.at.data.hour) == (2026, 11, 8)
        assert form.at._value() == "28/11/2026 08:30"


def test_picker_and_lookup_locales_are_served_and_loaded_with_the_nonce(app, as_user):
    hr = as_user("hr")
    html = hr.get("/admin/holiday/new/").get_data(as_text=True)
    for script in LOCALE_SCRIPTS:
        assert (STATIC / script).is_file()
        tag = next(line for line in html.splitlines() if script in line)
        assert "nonce=" in tag and "/static/" + script in tag
        assert hr.get("/static/" + script).status_code == 200
    # The locale loads after moment and select2 and before Flask-Admin applies its pickers.
    order = [html.index(s) for s in ("moment.min.js", "select2.min.js", LOCALE_SCRIPTS[0],
                                     LOCALE_SCRIPTS[2], "daterangepicker.js", "admin/js/form.js")]
    assert order == sorted(order)
    moment = (STATIC / LOCALE_SCRIPTS[0]).read_text()
    assert "Desember" in moment and "Min_Sen_Sel_Rab_Kam_Jum_Sab" in moment
    select2 = (STATIC / LOCALE_SCRIPTS[1]).read_text()
    assert "Tidak ada data yang sesuai" in select2 and "lagi\" + (" not in select2
    # In English, the pages keep the stock pickers.
    hr.post("/lang", data={"lang": "en", "next": "/admin/"})
    assert LOCALE_SCRIPTS[0] not in hr.get("/admin/holiday/new/").get_data(as_text=True)


def test_every_back_office_page_declares_its_language(app, as_user):
    hr = as_user("hr")
    for url in ["/admin/", "/admin/holiday/", "/admin/holiday/new/", "/admin/employee/"]:
        head = hr.get(url).get_data(as_text=True).split("<head", 1)[0]
        assert '<html lang="id">' in head, url
    hr.post("/lang", data={"lang": "en", "next": "/admin/"})
    assert '<html lang="en">' in hr.get("/admin/holiday/").get_data(as_text=True)
