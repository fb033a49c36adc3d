"""The example plugin end to end over HTTP, with the suite's shared fixtures: it adds a
custom-field entity and a workflow (with a contract), a dashboard card, an inbox source, a
public page and a configuration section, without touching core."""
import io
import json
import re

import pytest
from sqlalchemy import inspect, select

from app.customfields.models import CustomValue
from app.extensions import db
from tests.fixtures.plugins import plugin_app
from tests.plugin_fixtures.guide.example.models import ExampleCategory, ExampleRequest

PACKAGE = "tests.plugin_fixtures.guide"


@pytest.fixture(scope="module")
def app(app):
    yield from plugin_app(app, [PACKAGE], ["example"])


def _new_request(client, title, **extra):
    response = client.post("/admin/example_request/new/", {"title": title, **extra})
    assert response.status_code == 302, response.get_data(as_text=True)[-1500:]
    with client.app.app_context():
        return db.session.scalar(select(ExampleRequest.id).where(ExampleRequest.title == title))


def test_custom_field_and_workflow_of_a_plugin_entity(app, as_user, world):
    hr, pegawai, atasan = as_user("hr"), as_user("pegawai"), as_user("atasan")
    # HR defines a custom field on the plugin's entity (offered by the plugin, not by core).
    form = hr.get("/admin/custom_field/new/").get_data(as_text=True)
    assert 'value="example_request"' in form and "Permohonan contoh" in form
    response = hr.post("/admin/custom_field/new/", {
        "entity": "example_request", "label": "Nomor surat", "code": "nomor_surat",
        "field_type": "text", "position": "0", "active": "y"})
    assert response.status_code == 302, response.get_data(as_text=True)[-1500:]

    # The employee fills it in on their request and submits the request.
    request_id = _new_request(pegawai, "Cuti tahunan", cf_nomor_surat="800/12/2026")
    with app.app_context():
        assert db.session.scalar(select(CustomValue.value_text).where(
            CustomValue.record_id == request_id)) == "800/12/2026"
    page = pegawai.get(f"/admin/example_request/details/?id={request_id}").get_data(
        as_text=True)
    assert "800/12/2026" in page and 'data-transition="submit"' in page
    home = pegawai.get("/admin/").get_data(as_text=True)
    assert 'id="widget-example"' in home and "Permohonan contoh Anda" in home
    inbox = pegawai.get("/admin/inbox/").get_data(as_text=True)
    assert 'data-task="example:drafts">1<' in inbox            # the plugin's inbox source
    pegawai.post("/admin/example_request/transition/submit/", {"id": request_id})

    # The supervisor finds it in their inbox, follows the link and approves it.
    inbox = atasan.get("/admin/inbox/").get_data(as_text=True)
    assert 'data-task="example_request:approve">1<' in inbox
    # (one row per state: approve and reject share it, with its link to the list)
    link = re.search(r'data-task="example_request:approve">1<.*?<a href="([^"]+)"',
                     inbox, re.S).group(1).replace("&amp;", "&")
    assert "Cuti tahunan" in atasan.get(link).get_data(as_text=True)
    atasan.post("/admin/example_request/transition/approve/", {"id": request_id})
    with app.app_context():
        assert db.session.get(ExampleRequest, request_id).status == "approved"

    # The public page counts it, and the public home page links to it.
    public = app.test_client()
    assert 'data-link="example"' in public.get("/").get_data(as_text=True)
    summary = public.get("/example/").get_data(as_text=True)
    assert "Permohonan contoh dalam angka" in summary and 'data-count="None">1<' in summary


def test_contract_and_configuration_section(app, as_user, world):
    with app.app_context():
        db.session.add(ExampleCategory(code="cuti", label="Cuti"))
        db.session.commit()
    hr = as_user("hr")
    exported = json.loads(hr.get("/admin/configuration/export/").get_data(as_text=True))
    assert exported["example_categories"] == [{"code": "cuti", "label": "Cuti"}]
    workflow = next(w for w in exported["workflows"] if w["entity"] == "example_request")

    # Renaming a state the plugin relies on is refused, naming the plugin; nothing changes.
    workflow["states"][2]["code"] = "disetujui"
    for t in workflow["transitions"]:
        t["to_state"] = "disetujui" if t["to_state"] == "approved" else t["to_state"]
    exported["example_categories"].append({"code": "Dinas Luar", "label": "Dinas luar"})
    page = hr.post("/admin/configuration/", {
        "file": (io.BytesIO(json.dumps(exported).encode()), "konfigurasi.json")},
        content_type="multipart/form-data").get_data(as_text=True)
    assert 'id="config-errors"' in page
    assert "status approved tidak dapat dihapus atau diganti kodenya" in page
    assert "modul &#34;example&#34;" in page or 'modul "example"' in page
    assert "kategori ke-2: kode kategori harus berupa huruf kecil" in page
    with app.app_context():
        assert db.session.scalar(select(ExampleCategory.code).where(
            ExampleCategory.code != "cuti")) is None

    # Relabelling it and adding a category is free.
    workflow["states"][2]["code"] = "approved"
    workflow["states"][2]["label"] = "Diterima"
    for t in workflow["transitions"]:
        t["to_state"] = "approved" if t["to_state"] == "disetujui" else t["to_state"]
    exported["example_categories"][-1]["code"] = "dinas_luar"
    response = hr.post("/admin/configuration/", {
        "file": (io.BytesIO(json.dumps(exported).encode()), "konfigurasi.json")},
        content_type="multipart/form-data")
    assert 'id="config-errors"' not in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(ExampleCategory.label).where(
            ExampleCategory.code == "dinas_luar")) == "Dinas luar"


def test_the_plugin_migration_branch_builds_its_tables(app, tmp_path):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from flask_migrate import upgrade

    from app import create_app

    fresh = create_app("testing", SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'e.db'}",
                       PLUGIN_PACKAGES=[PACKAGE], PLUGINS=["example"])
    with fresh.app_context():
        upgrade(directory=fresh.extensions["migrate"].directory, revision="heads")
        with db.engine.connect() as conn:
            assert {"example_category", "example_request"} <= set(
                inspect(conn).get_table_names())
            diff = compare_metadata(MigrationContext.configure(conn), db.metadata)
        assert [d for d in diff if "example_" in repr(d)] == []
        db.engine.dispose()
