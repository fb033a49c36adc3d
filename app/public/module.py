"""Core module: public pages and /healthz."""
from app.core.hooks import PublicLink
from app.core.registry import Module
from app.i18n import _l


class PublicModule(Module):
    name = "public"

    def blueprints(self):
        from app.public import transparency  # noqa: F401 - its routes join the blueprint
        from app.public.views import bp

        return [bp]

    def public_links(self):
        return [PublicLink("public_transparency", _l("Transparency: performance and public "
                                                     "service in numbers"),
                           "public.transparency",
                           _l("Per unit and for the regency, with open data (CSV, JSON).")),
                PublicLink("public_open_data", _l("Open data"), "public.open_data")]


module = PublicModule()
