"""Core module: the plugin registry's back-office page ("Modul") and `flask plugins list`."""
import click
from flask import current_app
from flask.cli import with_appcontext

from app.core.registry import Module


@click.group("plugins")
def plugins_cli():
    """Plugin tools."""


@plugins_cli.command("list")
@with_appcontext
def list_command():
    """Show discovered plugins: version, source, whether enabled, and why one failed."""
    state = current_app.extensions["kinerja_plugins"]
    enabled = {p.name for p in state["enabled"]}
    if not state["found"]:
        click.echo("No plugins found.")
    for name, item in sorted(state["found"].items()):
        status = "enabled" if name in enabled else ("FAILED" if item.error else "available")
        click.echo(f"{name:20} {item.version:10} {status:10} {item.source}")
        if item.error:
            click.echo(f"    {item.error}")


class CoreModule(Module):
    name = "core"

    def admin_views(self):
        from app.core.admin import PluginsPage

        return [PluginsPage()]

    def cli(self):
        return [plugins_cli]


module = CoreModule()
