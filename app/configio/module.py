"""Core module: `flask config export|import FILE` and the back-office Configuration page."""
import json
import sys

import click
from flask.cli import with_appcontext

from app.core.registry import Module


@click.group("config")
def config_cli():
    """Move the low-code configuration between servers as one JSON file."""


@config_cli.command("export")
@click.argument("path", type=click.Path(dir_okay=False, writable=True))
@with_appcontext
def export_command(path):
    """Write indicators, custom fields, workflows and bands to PATH."""
    from app.configio.transfer import export_config

    data = export_config()
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(data, fh, ensure_ascii=False, indent=2, default=str)
    click.echo(f"Exported {len(data['indicators'])} indicators, {len(data['custom_fields'])} "
               f"custom fields, {len(data['workflows'])} workflows, "
               f"{len(data['capaian_bands'])} bands to {path}.")


@config_cli.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@with_appcontext
def import_command(path):
    """Validate PATH completely, then apply it; nothing changes if any part is invalid."""
    from app.configio.transfer import ConfigErrors, import_config

    try:
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
        counts = import_config(data)
    except (ValueError, ConfigErrors) as error:
        click.echo(f"Nothing was imported:\n{error}", err=True)
        sys.exit(1)
    click.echo("Imported: " + ", ".join(f"{v} {k}" for k, v in counts.items()) + ".")


class ConfigModule(Module):
    name = "configio"

    def admin_views(self):
        from app.configio.admin import ConfigPage

        return [ConfigPage()]

    def cli(self):
        return [config_cli]


module = ConfigModule()
