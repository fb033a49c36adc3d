"""The module protocol and the registries it fills.

Core modules and plugins are `Module`s: the app factory calls each hook once, at start-up and
without touching the database, and gathers what every module returns into one registry per
kind. A registry maps a name to one contribution and refuses a second contribution under the
same name, naming both contributors (a plain dict, where the last writer wins, hides such
bugs). Read them with `registry(app).workflows` etc.; the objects to return live in
`app.core.hooks` (and `app.workflow.engine.Binding` for workflows).
"""
from __future__ import annotations

from dataclasses import dataclass, field


class Module:
    """A feature module. Core modules and plugins register the same way: override the hooks
    you need; each returns a list (empty by default) and is called once per app."""

    name: str = ""
    # Admin views without their own category are grouped under this menu heading.
    menu_category = None

    def init_app(self, app) -> None:  # pragma: no cover - default does nothing
        """Run once the app is configured, the registries are built and Babel is set up:
        connect signal receivers here (with `weak=False`)."""

    def admin_views(self) -> list:
        """Flask-Admin views, in menu order. Unique key: the view's `endpoint`."""
        return []

    def blueprints(self) -> list:
        """Flask blueprints (public pages and other routes). Unique key: the blueprint name."""
        return []

    def cli(self) -> list:
        """Click commands or groups added to `flask`. Unique key: the command name."""
        return []

    def roles(self) -> dict:
        """Roles this module introduces: {name: translated label}. Unique key: the name.
        Transitions and views may require them; `flask workflows seed` creates their rows."""
        return {}

    def workflows(self) -> list:
        """`app.workflow.engine.Binding`s: an entity's model, its default definition (seed
        data HR may change) and the states and transitions its code relies on. Unique key:
        `Binding.entity`."""
        return []

    def custom_field_entities(self) -> list:
        """`hooks.CustomEntity`s: data on which HR may define custom fields. Unique key: name
        (the view that shows the fields sets `custom_entity` to it)."""
        return []

    def dashboard_widgets(self) -> list:
        """`hooks.Widget`s: cards of the back-office home page, in this order. Unique key:
        name."""
        return []

    def inbox_sources(self) -> list:
        """`hooks.InboxSource`s: what awaits a user in "My tasks" and on the dashboard's task
        card. Unique key: name."""
        return []

    def public_links(self) -> list:
        """`hooks.PublicLink`s: links on the public home page to this module's public pages
        (served by one of its `blueprints()`). Unique key: name."""
        return []

    def transparency_sections(self) -> list:
        """`hooks.TransparencySection`s: parts of the public transparency page and its open
        data, in this order. Unique key: name."""
        return []

    def report_links(self) -> list:
        """`hooks.ReportLink`s: what a daily activity report serves, picked on its form (e.g.
        an RHK of the author's SKP). Unique key: name."""
        return []

    def config_sections(self) -> list:
        """`hooks.ConfigSection`s: parts of the configuration file (`flask config
        export|import`, the Export and import page). Unique key: name (the file's key)."""
        return []

    def audit_labels(self) -> list:
        """`hooks.AuditLabels`: how the audit trail names a table no admin view shows (nor
        edits inline), its fields and coded values. Unique key: the table name."""
        return []

    def demo_data(self) -> None:
        """Add this module's demo data (called by `flask demo` after the core demo; must be
        idempotent)."""


class RegistryError(RuntimeError):
    """Two modules contributed one name, or a contribution breaks a rule; stops start-up."""


def named(kind: str, contributions) -> dict:
    """{name: object} from (contributor, name, object) triples; raises RegistryError when two
    contributors use one name."""
    result: dict = {}
    owners: dict[str, str] = {}
    for owner, name, item in contributions:
        if name in result:
            raise RegistryError(f"{kind} '{name}' is contributed twice: by '{owners[name]}' and "
                                f"by '{owner}'. Rename one.")
        result[name], owners[name] = item, owner
    return result


# The hooks gathered into registries, and how each contribution is named.
HOOKS = {
    "roles": None,  # a dict: the key is the name
    "workflows": lambda binding: binding.entity,
    "custom_field_entities": lambda item: item.name,
    "dashboard_widgets": lambda item: item.name,
    "inbox_sources": lambda item: item.name,
    "public_links": lambda item: item.name,
    "config_sections": lambda item: item.name,
    "transparency_sections": lambda item: item.name,
    "report_links": lambda item: item.name,
    "audit_labels": lambda item: item.name,
    "blueprints": lambda blueprint: blueprint.name,
    "cli": lambda command: command.name,
}


@dataclass
class Registry:
    """What every module contributes, by kind: {name: object}. `owners` maps (kind, name) to
    the contributing module's name."""

    roles: dict = field(default_factory=dict)
    workflows: dict = field(default_factory=dict)
    custom_field_entities: dict = field(default_factory=dict)
    dashboard_widgets: dict = field(default_factory=dict)
    inbox_sources: dict = field(default_factory=dict)
    public_links: dict = field(default_factory=dict)
    config_sections: dict = field(default_factory=dict)
    transparency_sections: dict = field(default_factory=dict)
    report_links: dict = field(default_factory=dict)
    audit_labels: dict = field(default_factory=dict)
    blueprints: dict = field(default_factory=dict)
    cli: dict = field(default_factory=dict)
    admin_views: dict = field(default_factory=dict)
    owners: dict = field(default_factory=dict)

    def add(self, kind: str, triples) -> None:
        """Fill the registry `kind` from (contributor, name, object) triples."""
        triples = list(triples)
        setattr(self, kind, named(kind.replace("_", " "), triples))
        self.owners.update({(kind, name): owner for owner, name, _item in triples})


def collect(modules) -> Registry:
    """Call every hook of every module once and gather the results."""
    result = Registry()
    for kind, key in HOOKS.items():
        triples = []
        for module in modules:
            items = getattr(module, kind)()
            pairs = items.items() if key is None else ((key(i), i) for i in items)
            triples.extend((module.name, name, item) for name, item in pairs)
        result.add(kind, triples)
    return result


def registry(app=None) -> Registry:
    """The registries of `app` (default: the current app)."""
    if app is None:
        from flask import current_app

        app = current_app
    return app.extensions["kinerja_registry"]
