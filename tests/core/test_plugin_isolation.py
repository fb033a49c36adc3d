"""Isolation checked by code, and registries that refuse collisions: each small bad plugin in
tests/plugin_fixtures/isolation/ breaks one rule and stops start-up with a message naming it."""
import pytest

from app import create_app
from app.core.plugins import PluginError
from app.core.registry import RegistryError, named
from app.extensions import db

ISOLATION = "tests.plugin_fixtures.isolation"


@pytest.mark.no_db
@pytest.mark.parametrize("plugin,error,message", [
    # The table check runs after the plugin's models.py is imported (nothing else imports it).
    ("late", PluginError, "Plugin 'late': table 'stray_note' must start with 'late_'"),
    ("squatter", PluginError, "Plugin 'squatter': admin views 'user_list' must be named "
                              "'squatter' or start with 'squatter_'"),
    ("hijacker", PluginError, "Plugin 'hijacker': blueprints 'login_extra' must be named"),
    ("rolegrab", PluginError, "Plugin 'rolegrab': roles 'superuser' must be named"),
    ("skin", PluginError, "Plugin 'skin': template 'admin/master.html' must be under "
                          "'templates/skin/'"),
    ("clash", RegistryError, "dashboard widgets 'inbox' is contributed twice: by 'workflow' and "
                             "by 'clash'"),
    ("orphan", RegistryError, "Admin view 'orphan_fields' shows the custom fields of "
                              "'orphan_thing', which no module registers"),
])
def test_a_plugin_breaking_a_rule_stops_start_up(app, plugin, error, message):
    try:
        with pytest.raises(error) as raised:
            create_app("testing", SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"],
                       PLUGIN_PACKAGES=[ISOLATION], PLUGINS=[plugin])
        assert message in str(raised.value)
    finally:
        if "stray_note" in db.metadata.tables:   # keep the schema the migrations describe
            db.metadata.remove(db.metadata.tables["stray_note"])


@pytest.mark.no_db
def test_named_refuses_a_second_contributor():
    assert named("widgets", [("a", "one", 1), ("b", "two", 2)]) == {"one": 1, "two": 2}
    with pytest.raises(RegistryError) as raised:
        named("widgets", [("core", "inbox", 1), ("plugin", "inbox", 2)])
    assert str(raised.value) == ("widgets 'inbox' is contributed twice: by 'core' and by "
                                 "'plugin'. Rename one.")


@pytest.mark.no_db
def test_two_workflow_bindings_for_one_entity_are_refused(app):
    from app.core.registry import Module, collect
    from app.performance.workflow import binding

    class Twin(Module):
        name = "twin"

        def workflows(self):
            return [binding()]

    core = app.extensions["kinerja_modules"]
    with pytest.raises(RegistryError) as raised:
        collect([*core, Twin()])
    assert "workflows 'activity_report' is contributed twice: by 'performance' and by 'twin'" \
        in str(raised.value)
