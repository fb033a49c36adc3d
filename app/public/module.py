"""Core module: public pages and /healthz."""
from app.core.registry import Module


class PublicModule(Module):
    name = "public"

    def blueprints(self):
        from app.public.views import bp

        return [bp]


module = PublicModule()
