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
    parts = [f"{len(rows)} {name}" for name, rows in data.items() if isinstance(rows, list)]
    click.echo(f"Exported {', '.join(parts)} to {path}.")


@config_cli.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@with_appcontext
def import_command(path):
    """Validate PATH completely, then apply it; nothing changes if any part is invalid."""
    from app.configio.transfer import ConfigErrors, import_config, read_document

    try:
        with open(path, "rb") as fh:
            counts = import_config(read_document(fh.read()))
    except ConfigErrors as error:
        click.echo("Nothing was imported:", err=True)
        for message in error.errors:
            click.echo(f"- {message}", err=True)
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
