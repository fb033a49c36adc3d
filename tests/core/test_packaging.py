"""The plugins are packaged: found through their `kinerja.plugins` entry points from any
working directory; and an app without plugins is whole (every core page works, no plugin
endpoint is left behind)."""
import subprocess
import sys
from importlib.metadata import entry_points

import pytest
from flask import url_for
from flask_admin.model import BaseModelView

from app import create_app
from config import Config
from tests.fixtures.core import Client


@pytest.mark.no_db
def test_the_appraisal_plugin_has_an_entry_point():
    found = {ep.name: ep.value for ep in entry_points(group="kinerja.plugins")}
    assert found.get("appraisal") == "plugins.appraisal:plugin"


@pytest.mark.no_db
def test_create_app_finds_appraisal_through_its_entry_point(app):
    plugged = create_app("testing", SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"],
                         PLUGIN_PACKAGES=[])
    state = plugged.extensions["kinerja_plugins"]
    assert [p.name for p in state["enabled"]] == Config.PLUGINS  # every one by entry point
    assert state["found"]["appraisal"].source == "entry point appraisal"
    assert state["found"]["forum"].source == "entry point forum"
    assert state["found"]["training"].source == "entry point training"


@pytest.mark.no_db
def test_an_installed_plugin_is_found_from_another_directory(tmp_path):
    script = ("from app import create_app\n"
              "app = create_app('testing', SQLALCHEMY_DATABASE_URI='sqlite://')\n"
              "print(','.join(p.name for p in app.extensions['kinerja_plugins']['enabled']))\n"
              "print(app.extensions['kinerja_plugins']['found']['appraisal'].source)\n")
    result = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, capture_output=True,
                            text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.splitlines() == [",".join(Config.PLUGINS), "entry point appraisal"]


def test_a_core_only_app_serves_every_core_page(app, world, monkeypatch):
    monkeypatch.setenv("KINERJA_PLUGINS", "")
    core = create_app("testing", SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"],
                      UPLOAD_DIR=app.config["UPLOAD_DIR"])
    assert core.extensions["kinerja_plugins"]["enabled"] == []
    leaked = [r.endpoint for r in core.url_map.iter_rules() if r.endpoint.startswith("appraisal")]
    assert leaked == []
    registry = core.extensions["kinerja_registry"]
    assert not any(name.startswith("appraisal") for kind in (
        registry.workflows, registry.dashboard_widgets, registry.admin_views,
        registry.config_sections) for name in kind)

    hr = Client(core)
    assert hr.login("hr").status_code == 302
    pages = ["/", "/healthz", "/admin/", "/admin/inbox/", "/admin/configuration/",
             "/admin/configuration/export/"]
    forms = []
    with core.test_request_context():
        for endpoint, view in registry.admin_views.items():
            model = isinstance(view, BaseModelView)
            pages.append(url_for(f"{endpoint}.index_view" if model else f"{endpoint}.index"))
            if model:
                forms.append(url_for(f"{endpoint}.create_view"))
    status = {page: hr.get(page).status_code for page in pages}
    assert {p: s for p, s in status.items() if s != 200} == {}
    status = {page: hr.get(page).status_code for page in forms}   # (302: no create for HR)
    assert {p: s for p, s in status.items() if s not in (200, 302)} == {}
    # The configuration is the core's: no plugin part, no unbound workflow.
    exported = hr.get("/admin/configuration/export/").get_data(as_text=True)
    assert '"activity_report"' in exported and "appraisal" not in exported
    # The workflow editor offers the core's bound entities only.
    form = hr.get("/admin/workflow/new/").get_data(as_text=True)
    assert 'value="activity_report"' in form and 'value="appraisal_skp"' not in form
