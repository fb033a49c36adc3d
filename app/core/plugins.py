"""Plugins: discovery, validation and loading.

A plugin is a package exposing `plugin = XPlugin()` (a `Plugin` subclass). Packages are found
through the `kinerja.plugins` entry-point group and as sub-packages of every package named in
the `PLUGIN_PACKAGES` setting (default: the top-level `plugins` folder). Only names listed in
`PLUGINS` load, ordered so that each comes after the plugins it `requires`. A missing, duplicate
or failing enabled plugin stops start-up with a `PluginError` that names it and says why.
"""
from __future__ import annotations

import importlib
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
    """Base class of every plugin. `name` prefixes its tables, endpoints, settings and branch."""

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

    def public_links(self) -> list:
        """(label, endpoint) pairs shown on the public pages."""
        return []

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


def _candidates(packages) -> list[tuple[str, str]]:
    """(module path, source description) of every plugin package that can be found."""
    found = []
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        found.append((ep.value.split(":")[0], f"entry point {ep.name}"))
    for package_name in packages:
        try:
            package = importlib.import_module(package_name)
        except ModuleNotFoundError:
            continue
        for info in pkgutil.iter_modules(getattr(package, "__path__", [])):
            if info.ispkg and not info.name.startswith("_"):
                found.append((f"{package_name}.{info.name}", f"folder {package_name}/{info.name}"))
    return found


def discover(packages) -> dict[str, Discovered]:
    """Import every candidate; never raises. Import failures are kept for `plugins list`."""
    result: dict[str, Discovered] = {}
    for module_path, source in _candidates(packages):
        guess = module_path.rsplit(".", 1)[-1]
        try:
            module = importlib.import_module(module_path)
            plugin = getattr(module, "plugin", None)
            if not isinstance(plugin, Plugin):
                raise TypeError(f"{module_path} has no `plugin = ...Plugin()` object")
            if not plugin.name:
                raise TypeError(f"{module_path}: plugin has no name")
            item = Discovered(plugin.name, source, plugin)
        except Exception as exc:  # noqa: BLE001 - reported, and fatal only if enabled
            detail = "".join(traceback.format_exception_only(type(exc), exc)).strip()
            item = Discovered(guess, source, error=detail)
        if item.name in result:
            if result[item.name].source != source:
                result[item.name].duplicates.append(source)
            continue
        result[item.name] = item
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
        _check_table_prefix(plugin)
    return ordered


def _check_table_prefix(plugin: Plugin) -> None:
    """A plugin's tables carry its name as prefix, so plugins never collide with core or each
    other."""
    from app.extensions import db

    package = type(plugin).__module__
    for mapper in db.Model.registry.mappers:
        table = getattr(mapper.class_, "__tablename__", "")
        if mapper.class_.__module__.startswith(package) and not table.startswith(
                f"{plugin.name}_"):
            raise PluginError(f"Plugin '{plugin.name}': table '{table}' must start with "
                              f"'{plugin.name}_'.")


def enabled_names(value) -> list[str]:
    """PLUGINS may be a list or a comma-separated string (from the environment)."""
    if isinstance(value, str):
        return [n.strip() for n in value.split(",") if n.strip()]
    return list(value or [])
