"""Flask-Admin's translation cache trap (DESIGN 10).

Flask-Admin's gettext caches one catalogue per language for the whole process. Called outside an
admin view before the first admin page, it used to look only in Flask-Admin's own folder (which
has no Indonesian) and cache English for good. `_init_babel` points its domains at our catalogues
at start-up; this test pins that (a private attribute of flask-admin 2.2.1).
"""
from pathlib import Path

import flask_admin
import flask_admin.babel as admin_babel

from tests.i18n.conftest import assert_indonesian

STOCK = str(Path(flask_admin.__file__).parent / "translations")


def _clear_caches():
    admin_babel.domain.cache.clear()
    admin_babel.wtforms_domain.cache.clear()


def _first_call_outside_a_view(app):
    with app.test_request_context("/"):
        return (admin_babel.gettext("Save"),
                admin_babel.Translations().gettext("This field is required."))


def test_gettext_outside_a_view_does_not_lock_admin_pages_in_english(app, world, as_user):
    _clear_caches()
    try:
        assert _first_call_outside_a_view(app) == ("Simpan", "Isian ini wajib diisi.")
        hr = as_user("hr")
        page = hr.get("/admin/position/new/")
        assert 'value="Simpan"' in page.get_data(as_text=True)
        assert_indonesian(page, "position create after an early Flask-Admin gettext")
        errors = hr.post("/admin/position/new/", data={"name": ""},
                         token_from="/admin/position/new/")
        assert "Isian ini wajib diisi." in errors.get_data(as_text=True)
    finally:
        _clear_caches()


def test_the_trap_is_real_without_the_start_up_setting(app, world, as_user):
    """Proof the test above can fail: with Flask-Admin's own folder, English sticks."""
    saved = (admin_babel.domain._translation_directories,
             admin_babel.wtforms_domain._translation_directories)
    _clear_caches()
    try:
        admin_babel.domain._translation_directories = [STOCK]
        assert _first_call_outside_a_view(app)[0] == "Save"
        html = as_user("hr").get("/admin/position/new/").get_data(as_text=True)
        assert 'value="Save"' in html
    finally:
        (admin_babel.domain._translation_directories,
         admin_babel.wtforms_domain._translation_directories) = saved
        _clear_caches()
    assert 'value="Simpan"' in as_user("hr").get("/admin/position/new/").get_data(as_text=True)
