"""Plugin discovery and loading: alone, together, and every way loading can fail."""
import pytest

from app import create_app
from app.core.plugins import PluginError

GOOD = "tests.plugin_fixtures.good"
BAD = "tests.plugin_fixtures.bad"
CYCLE = "tests.plugin_fixtures.cycle"


def make(app, packages, plugins):
    return create_app("testing", SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"],
                      PLUGIN_PACKAGES=packages, PLUGINS=plugins)


def test_sample_plugin_alone_contributes_everything(app, world):
    from tests.plugin_fixtures.good.sample import created

    plugged = make(app, [GOOD], ["sample"])
    assert created and created[-1] == plugged.name            # app-created signal
    assert plugged.config["SAMPLE_GREETING"] == "selamat pagi"
    client = plugged.test_client()
    assert b'<p id="greeting">selamat pagi</p>' in client.get("/sample/").data
    result = plugged.test_cli_runner().invoke(args=["sample-hello"])
    assert result.output.strip() == "hello from sample"
    admin = plugged.extensions["kinerja_admin"]
    page = next(v for v in admin._views if v.endpoint == "sample_page")
    assert page.category == "Contoh"                            # grouped under its title
    listing = plugged.test_cli_runner().invoke(args=["plugins", "list"]).output
    assert "sample" in listing and "1.2.3" in listing and "enabled" in listing
    assert "needs_sample" in listing and "available" in listing


def test_plugins_together_load_in_requires_order(app):
    plugged = make(app, [GOOD], ["needs_sample", "sample"])
    names = [p.name for p in plugged.extensions["kinerja_plugins"]["enabled"]]
    assert names == ["sample", "needs_sample"]


def test_plugin_settings_can_be_overridden(app):
    plugged = create_app("testing", SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"],
                         PLUGIN_PACKAGES=[GOOD], PLUGINS="sample", SAMPLE_GREETING="halo")
    assert plugged.config["SAMPLE_GREETING"] == "halo"


@pytest.mark.parametrize("packages,plugins,message", [
    ([GOOD], ["missing"], "'missing' is enabled in PLUGINS but was not found"),
    ([GOOD], ["needs_sample"], "'needs_sample' requires 'sample', which is not enabled"),
    ([GOOD, BAD], ["sample"], "'sample' is defined twice"),
    ([BAD], ["broken"], "'broken' (folder tests.plugin_fixtures.bad/broken) failed to import"),
    ([BAD], ["not_a_plugin"], "has no `plugin = ...Plugin()` object"),
    ([CYCLE], ["alpha", "beta"], "in a cycle"),
])
def test_every_loading_failure_stops_start_up_with_a_clear_message(app, packages, plugins,
                                                                    message):
    with pytest.raises(PluginError) as error:
        make(app, packages, plugins)
    assert message in str(error.value)


def test_a_broken_plugin_that_is_not_enabled_is_listed_as_failed(app, as_user):
    plugged = make(app, [GOOD, "tests.plugin_fixtures.cycle"], ["sample"])
    found = plugged.extensions["kinerja_plugins"]["found"]
    assert set(found) >= {"sample", "needs_sample", "alpha", "beta"}
    hr = as_user("hr")
    page = hr.get("/admin/modules/")
    assert page.status_code == 200
    assert as_user("pegawai").get("/admin/modules/").status_code == 403


def test_failed_import_of_a_disabled_plugin_is_shown_not_fatal(app):
    plugged = make(app, [BAD], [])
    listing = plugged.test_cli_runner().invoke(args=["plugins", "list"]).output
    assert "broken" in listing and "FAILED" in listing
    assert "module_that_does_not_exist" in listing


def test_plugin_migrations_are_their_own_branch_applied_by_upgrade_heads(app, tmp_path):
    from flask_migrate import upgrade
    from sqlalchemy import inspect

    from app.extensions import db

    plugged = create_app("testing", SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'p.db'}",
                         PLUGIN_PACKAGES=[GOOD], PLUGINS=["sample"])
    with plugged.app_context():
        upgrade(directory=plugged.extensions["migrate"].directory, revision="heads")
        tables = set(inspect(db.engine).get_table_names())
        assert {"sample_note", "employee", "workflow_definition"} <= tables
        db.engine.dispose()


def test_a_plugin_table_without_its_prefix_is_refused(app):
    from app.extensions import db

    try:
        with pytest.raises(PluginError) as error:
            make(app, ["tests.plugin_fixtures.misnamed"], ["note"])
        assert "table 'misnamed_table' must start with 'note_'" in str(error.value)
    finally:
        # Keep the session's schema as the migrations describe it.
        if "misnamed_table" in db.metadata.tables:
            db.metadata.remove(db.metadata.tables["misnamed_table"])


def test_plugin_catalogue_is_merged(app):
    from pathlib import Path

    from tests.fixtures.plugins import compile_catalogues

    compile_catalogues(Path(__file__).parents[1] / "plugin_fixtures/good/sample")
    plugged = make(app, [GOOD], ["sample"])
    client = plugged.test_client()
    assert client.get("/sample/greeting").get_data(as_text=True) == "Salam dari plugin contoh"
    assert client.get("/login").status_code == 200  # core catalogues still there
    assert "Masuk" in client.get("/login").get_data(as_text=True)
