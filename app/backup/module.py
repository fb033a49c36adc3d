"""Core module: `flask backup` and `flask restore`."""
import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from app.core.registry import Module


@click.command("backup")
@click.argument("target", required=False, type=click.Path(dir_okay=True, path_type=Path))
@click.option("--keep", type=click.IntRange(min=1), default=None,
              help="Then delete all but the newest KEEP archives in BACKUP_DIR.")
@with_appcontext
def backup_command(target, keep):
    """Back up the database and the uploaded files into one archive: TARGET (a file name, or a
    folder: one that exists or a name without extension), by default BACKUP_DIR; in a folder
    the archive is named kinerja-<UTC time>.tar."""
    from app.backup.archive import BackupError
    from app.backup.service import make_backup, prune

    try:
        path, manifest = make_backup(target)
    except BackupError as error:
        click.echo(f"Backup failed: {error}", err=True)
        sys.exit(1)
    click.echo(f"Backup written: {path} ({len(manifest.tables)} tables, {manifest.rows} rows, "
               f"{manifest.files} uploaded files).")
    if keep:
        for old in prune(Path(current_app.config["BACKUP_DIR"]), keep):
            click.echo(f"Deleted old backup {old}")


@click.command("restore")
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Really replace the database and the uploaded files.")
@with_appcontext
def restore_command(source, yes):
    """Replace the database and the uploaded files with those of a backup archive."""
    from app.backup.archive import BackupError
    from app.backup.service import restore_backup, what_restore_replaces

    try:
        click.echo(what_restore_replaces(source))
        if not yes:
            click.echo("Nothing was changed. Run again with --yes to restore.", err=True)
            sys.exit(1)
        manifest = restore_backup(source)
    except BackupError as error:
        click.echo(f"Restore failed: {error}", err=True)
        sys.exit(1)
    click.echo(f"Restored {source.name}: {len(manifest.tables)} tables, {manifest.rows} rows, "
               f"{manifest.files} uploaded files. Next: flask db upgrade heads, then start "
               "the services.")


class BackupModule(Module):
    name = "backup"

    def cli(self):
        return [backup_command, restore_command]


module = BackupModule()
