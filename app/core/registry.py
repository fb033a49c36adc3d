"""The small protocol every core module and plugin exposes to the app factory and `build_admin`."""


class Module:
    """A feature module. Core modules and plugins register the same way."""

    name: str = ""
    # Admin views without their own category are grouped under this menu heading.
    menu_category = None

    def init_app(self, app) -> None:  # pragma: no cover - default does nothing
        """Hook run once the app is configured and Babel is set up."""

    def admin_views(self) -> list:
        """Flask-Admin views this module contributes, in menu order."""
        return []

    def blueprints(self) -> list:
        """Flask blueprints this module contributes."""
        return []

    def cli(self) -> list:
        """Click commands this module adds to `flask`."""
        return []

    def workflows(self) -> list[dict]:
        """Default workflow definitions (seed data) this module ships."""
        return []

    def demo_data(self) -> None:
        """Add this module's demo data (called by `flask demo` after the core demo; must be
        idempotent)."""

    def dashboard_widgets(self) -> list:
        """Callables `widget(user) -> dict | None` rendered on the back-office home page."""
        return []
