"""Core module: authentication, user management and the six roles."""
from app.core.registry import Module


class AuthModule(Module):
    name = "auth"

    def blueprints(self):
        from app.auth.views import bp

        return [bp]

    def admin_views(self):
        from app.auth.admin import UserView

        return [UserView()]

    def roles(self):
        from app.core.roles import ROLES

        return ROLES


module = AuthModule()
