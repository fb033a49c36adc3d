"""Stored XSS through custom fields (issue 8): HR's help text was printed as HTML in every
create and edit form, and a label became HTML in Flask-Admin's filter bar; both also arrive
through a configuration import. Whatever HR typed shows as text."""
from __future__ import annotations

import io
import json

from sqlalchemy import select

from app.customfields.models import CustomField
from app.extensions import db

HELP = '<script>window.__xss = 1</script><img src=x onerror="window.__xss = 2">Bantuan'
LABEL = '<img src=x onerror="window.__xss = 3">Lokasi'
RAW = ["<script>window.__xss", "<img src=x onerror"]


def _pages(client, entity="employee"):
    pages = [client.get(f"/admin/{entity}/new/"), client.get(f"/admin/{entity}/")]
    with client.app.app_context():
        from app.org.models import Employee

        first = db.session.scalar(select(Employee.id).order_by(Employee.id))
    pages.append(client.get(f"/admin/{entity}/edit/?id={first}"))
    pages.append(client.get(f"/admin/{entity}/details/?id={first}"))
    for page in pages:
        assert page.status_code == 200
    return [p.get_data(as_text=True) for p in pages]


def _assert_only_text(pages):
    form = pages[0]
    assert "&lt;script&gt;window.__xss = 1&lt;/script&gt;" in form
    assert "Bantuan" in form and "Lokasi" in form
    for page in pages:
        for raw in RAW:
            assert raw not in page


def test_help_text_and_label_typed_in_the_admin_form_show_as_text(app, world, as_user):
    hr = as_user("hr")
    hr.post("/admin/custom_field/new/", {
        "entity": "employee", "label": LABEL, "code": "lokasi", "field_type": "text",
        "help_text": HELP, "position": "1", "show_in_list": "y", "active": "y"})
    with app.app_context():
        assert db.session.scalar(select(CustomField.help_text)) == HELP
    _assert_only_text(_pages(hr))


def test_help_text_and_label_from_a_configuration_import_show_as_text(app, world, as_user):
    hr = as_user("hr")
    data = json.loads(hr.get("/admin/configuration/export/").get_data(as_text=True))
    data["custom_fields"] = [{"entity": "employee", "code": "lokasi", "label": LABEL,
                              "field_type": "text", "help_text": HELP, "show_in_list": True,
                              "active": True}]
    response = hr.post("/admin/configuration/", {
        "file": (io.BytesIO(json.dumps(data).encode()), "konfigurasi.json")},
        content_type="multipart/form-data")
    assert 'id="config-errors"' not in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(CustomField.label)) == LABEL
    _assert_only_text(_pages(hr))
