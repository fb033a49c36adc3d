"""Plugins: discovery, validation, loading and isolation.

A plugin is a package exposing `plugin = XPlugin()` (a `Plugin` subclass). Packages are found
through the `kinerja.plugins` entry-point group (how an installed plugin is found, from any
working directory) and as sub-packages of every package named in the `PLUGIN_PACKAGES`
setting (default: the top-level `plugins` folder). Only names listed in `PLUGINS` load, ordered
so that each comes after the plugins it `requires`. A missing, duplicate or failing enabled
plugin stops start-up with a `PluginError` that names it and says why.

Isolation is checked by code: a plugin's models are imported first (`<package>.models`), then
its tables must start with `<name>_`; its templates must sit under `templates/<name>/`; and
every name it contributes (admin endpoints, blueprints, commands, roles, workflow entities,
custom-field entities, widgets, inbox sources, public links, configuration sections) must be
`<name>` or start with `<name>_`, so plugins never collide with core or each other.
"""
from __future__ import annotations

import importlib
import importlib.util
import pkgutil
import traceback
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from pathlib import Path

from app.core.registry import Module

ENTRY_POINT_GROUP = "kinerja.plugins"


class PluginError(RuntimeError):
    """An enabled plugin cannot be loaded; the message names it and says why."""


class Plugin(Module):
    """Base class of every plugin: a `Module` (see its hooks) with a name, a title, a version
    and the plugins it requires. `name` prefixes its tables, endpoints, templates, settings,
    migration branch and every name it contributes."""

    name: str = ""
    title = ""
    version: str = "0.0.0"
    requires: tuple[str, ...] = ()
    default_settings: dict = {}

    @property
    def menu_category(self):
        return self.title or None

    @property
    def path(self) -> Path:
        return Path(importlib.import_module(type(self).__module__).__file__).resolve().parent

    def translations_dir(self) -> Path | None:
        folder = self.path / "translations"
        return folder if folder.is_dir() else None

    def migrations_dir(self) -> Path | None:
        folder = self.path / "migrations"
        return folder if folder.is_dir() else None

    def templates_dir(self) -> Path | None:
        folder = self.path / "templates"
        return folder if folder.is_dir() else None


@dataclass
class Discovered:
    """A plugin found during discovery: loaded object or the reason it could not be imported."""

    name: str
    source: str
    plugin: Plugin | None = None
    error: str | None = None
    duplicates: list[str] = field(default_factory=list)

    @property
    def version(self) -> str:
        return self.plugin.version if self.plugin else "?"


def _candidates(packages) -> list[tuple[str, str, str]]:
    """(module path, object name, source description) of every plugin that can be found."""
    found = []
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        module, _sep, attr = ep.value.partition(":")
        found.append((module.strip(), attr.strip() or "plugin", f"entry point {ep.name}"))
    for package_name in packages:
        try:
            package = importlib.import_module(package_name)
        except ModuleNotFoundError:
            continue
        for info in pkgutil.iter_modules(getattr(package, "__path__", [])):
            if info.ispkg and not info.name.startswith("_"):
                found.append((f"{package_name}.{info.name}", "plugin",
                              f"folder {package_name}/{info.name}"))
    return found


def discover(packages) -> dict[str, Discovered]:
    """Import every candidate; never raises. Import failures are kept for `plugins list`.
    One package found twice (its entry point and its folder) is one plugin; two packages
    with one name are a duplicate."""
    result: dict[str, Discovered] = {}
    modules: dict[str, str] = {}   # plugin name -> the module that defines it
    for module_path, attr, source in _candidates(packages):
        guess = module_path.rsplit(".", 1)[-1]
        try:
            module = importlib.import_module(module_path)
            plugin = getattr(module, attr, None)
            if not isinstance(plugin, Plugin):
                raise TypeError(f"{module_path} has no `{attr} = ...Plugin()` object")
            if not plugin.name:
                raise TypeError(f"{module_path}: plugin has no name")
            item = Discovered(plugin.name, source, plugin)
        except Exception as exc:  # noqa: BLE001 - reported, and fatal only if enabled
            detail = "".join(traceback.format_exception_only(type(exc), exc)).strip()
            item = Discovered(guess, source, error=detail)
        if item.name in result:
            if modules[item.name] != module_path:
                result[item.name].duplicates.append(source)
            continue
        result[item.name], modules[item.name] = item, module_path
    return result


def resolve(enabled: list[str], found: dict[str, Discovered]) -> list[Plugin]:
    """The enabled plugins in dependency order, or PluginError naming the first problem."""
    for name in enabled:
        item = found.get(name)
        if item is None:
            raise PluginError(f"Plugin '{name}' is enabled in PLUGINS but was not found "
                              f"(looked in the '{ENTRY_POINT_GROUP}' entry points and plugin "
                              f"folders).")
        if item.duplicates:
            raise PluginError(f"Plugin '{name}' is defined twice: {item.source} and "
                              f"{', '.join(item.duplicates)}. Remove one.")
        if item.error:
            raise PluginError(f"Plugin '{name}' ({item.source}) failed to import: {item.error}")
    ordered: list[Plugin] = []
    visiting: set[str] = set()

    def visit(name: str, chain: tuple[str, ...]) -> None:
        if any(p.name == name for p in ordered):
            return
        if name in visiting:
            raise PluginError(f"Plugins require each other in a cycle: "
                              f"{' -> '.join(chain + (name,))}.")
        plugin = found[name].plugin
        visiting.add(name)
        for needed in plugin.requires:
            if needed not in enabled:
                raise PluginError(f"Plugin '{name}' requires '{needed}', which is not enabled "
                                  f"in PLUGINS.")
            visit(needed, chain + (name,))
        visiting.discard(name)
        ordered.append(plugin)

    for name in enabled:
        visit(name, ())
    for plugin in ordered:
        _import_models(plugin)
        _check_tables(plugin)
        _check_templates(plugin)
    return ordered


def owns(plugin_name: str, name: str) -> bool:
    """Whether `name` is in the plugin's namespace: the plugin's name, or it and `_` (or `-`
    in command names) and more."""
    return name == plugin_name or name.startswith((f"{plugin_name}_", f"{plugin_name}-"))


def _package(plugin: Plugin) -> str:
    return type(plugin).__module__


def _import_models(plugin: Plugin) -> None:
    """Import `<package>.models` when the plugin has one: its tables exist only after that (a
    check that runs before the models are imported sees nothing)."""
    name = f"{_package(plugin)}.models"
    try:
        found = importlib.util.find_spec(name)
    except ModuleNotFoundError:  # pragma: no cover - a plugin module, not a package
        found = None
    if found is None:
        return
    try:
        importlib.import_module(name)
    except Exception as exc:  # noqa: BLE001 - reported with the plugin's name
        detail = "".join(traceback.format_exception_only(type(exc), exc)).strip()
        raise PluginError(f"Plugin '{plugin.name}': its models failed to import: "
                          f"{detail}") from exc


def _check_tables(plugin: Plugin) -> None:
    """A plugin's tables carry its name as prefix."""
    from app.extensions import db

    package = _package(plugin)
    for mapper in db.Model.registry.mappers:
        module = mapper.class_.__module__
        table = getattr(mapper.local_table, "name", "")
        if (module == package or module.startswith(f"{package}.")) \
                and not table.startswith(f"{plugin.name}_"):
            raise PluginError(f"Plugin '{plugin.name}': table '{table}' must start with "
                              f"'{plugin.name}_'.")


def _check_templates(plugin: Plugin) -> None:
    """Templates share one namespace with core's: a plugin's sit under `templates/<name>/`,
    so `templates/admin/master.html` in a plugin cannot replace core's."""
    folder = plugin.templates_dir()
    if folder is None:
        return
    for path in sorted(folder.rglob("*")):
        if path.is_file() and path.relative_to(folder).parts[0] != plugin.name:
            raise PluginError(f"Plugin '{plugin.name}': template "
                              f"'{path.relative_to(folder).as_posix()}' must be under "
                              f"'templates/{plugin.name}/'.")


def check_names(plugins, registry) -> None:
    """Every name a plugin contributes is in its namespace (see `owns`)."""
    names = {p.name for p in plugins}
    for (kind, name), owner in registry.owners.items():
        if owner in names and not owns(owner, name):
            raise PluginError(f"Plugin '{owner}': {kind.replace('_', ' ')} '{name}' must be "
                                f"named '{owner}' or start with '{owner}_'.")


def enabled_names(value) -> list[str]:
    """PLUGINS may be a list or a comma-separated string (from the environment)."""
    if isinstance(value, str):
        return [n.strip() for n in value.split(",") if n.strip()]
    return list(value or [])
