"""The example plugin of docs/plugins.md: requests that an employee writes and their
supervisor approves (a workflow with a contract), with HR's custom fields (a custom-field
entity of its own), categories as configuration, a dashboard card, an inbox source and a
public page. It touches no core file."""
from app.core.hooks import ConfigSection, CustomEntity, InboxSource, PublicLink, Widget
from app.core.plugins import Plugin
from app.i18n import _l


class ExamplePlugin(Plugin):
    name = "example"
    title = _l("Example")
    version = "1.0.0"

    def admin_views(self):
        from tests.plugin_fixtures.guide.example.admin import CategoryView, RequestView

        return [RequestView(), CategoryView()]

    def blueprints(self):
        from tests.plugin_fixtures.guide.example.views import bp

        return [bp]

    def workflows(self):
        from tests.plugin_fixtures.guide.example.workflows import binding

        return [binding()]

    def custom_field_entities(self):
        return [CustomEntity("example_request", _l("Example requests"))]

    def dashboard_widgets(self):
        from tests.plugin_fixtures.guide.example.views import widget

        return [Widget("example", widget)]

    def inbox_sources(self):
        from tests.plugin_fixtures.guide.example.views import drafts_to_submit

        return [InboxSource("example", drafts_to_submit)]

    def public_links(self):
        return [PublicLink("example", _l("Example requests in numbers"),
                           "example.public_summary")]

    def config_sections(self) -> list[ConfigSection]:
        from tests.plugin_fixtures.guide.example.config import section

        return [section()]


plugin = ExamplePlugin()
