"""Make and restore a backup of the running installation (database + upload folder), and
record both in the audit trail."""
from __future__ import annotations

import tempfile
from datetime import datetime, timezone
from pathlib import Path

from flask import current_app

from app.audit.trail import record
from app.backup import archive, engines
from app.backup.archive import BackupError, Manifest
from app.extensions import db

PREFIX = "kinerja-"
SUFFIX = ".tar"


def archive_name(now: datetime | None = None) -> str:
    """`kinerja-YYYYMMDDTHHMMSSZ.tar` (UTC: the names sort in time order)."""
    return f"{PREFIX}{(now or datetime.now(timezone.utc)):%Y%m%dT%H%M%SZ}{SUFFIX}"


def make_backup(target: Path | None = None) -> tuple[Path, Manifest]:
    """Dump the database and the upload folder into one archive; return its path and
    manifest. The audit event comes after the dump, so it names the archive's checksum."""
    engine = db.engine
    db.session.remove()
    target = Path(target or current_app.config["BACKUP_DIR"])
    if target.is_dir() or not target.suffix:
        target = target / archive_name()
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".kinerja-backup-") as work:
        member = engines.member_name(engine)
        dump = Path(work) / member
        tables = engines.table_counts(engine)  # just before: a busy server may dump a few more
        engines.dump(engine, dump)
        manifest = Manifest(created_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
                            dialect=engine.dialect.name, database_member=member,
                            database_sha256=archive.sha256_file(dump),
                            revisions=engines.revisions(engine), tables=tables)
        archive.write(target, manifest, dump, Path(current_app.config["UPLOAD_DIR"]))
    record("backup", "backup", None, file=target.name, sha256=archive.sha256_file(target),
           bytes=target.stat().st_size, tables=len(manifest.tables), rows=manifest.rows,
           files=manifest.files)
    db.session.commit()
    return target, manifest


def prune(folder: Path, keep: int) -> list[Path]:
    """Delete all but the newest `keep` archives named by `archive_name` in `folder`."""
    archives = sorted(folder.glob(f"{PREFIX}*{SUFFIX}"))
    doomed = archives[:-keep] if keep > 0 else []
    for path in doomed:
        path.unlink()
    return doomed


def what_restore_replaces(source: Path) -> str:
    """The operator's warning: what the archive holds and what it will replace."""
    manifest = archive.read_manifest(source)
    now = engines.table_counts(db.engine)
    db.session.remove()
    folder = Path(current_app.config["UPLOAD_DIR"])
    files = len(archive.upload_files(folder))
    return (
        f"{source.name} was made {manifest.created_at} from {manifest.dialect} "
        f"(revisions: {', '.join(manifest.revisions) or 'none recorded'}): "
        f"{len(manifest.tables)} tables, {manifest.rows} rows, {manifest.files} uploaded files.\n"
        f"Restoring it REPLACES, with no way back except another backup:\n"
        f"  - the whole database {db.engine.url.render_as_string(hide_password=True)}: "
        f"{len(now)} tables, {sum(now.values())} rows now (users, reports, the audit trail, "
        f"everything written since the backup is lost);\n"
        f"  - every file in {folder}: {files} files now.\n"
        "Stop the web and worker services first (docs/deployment.md, Restore)."
    )


def restore_backup(source: Path) -> Manifest:
    """Replace the database and the upload folder with the archive's; then note it in the
    (restored) audit trail. Checks the archive fully before changing anything."""
    source = Path(source)
    manifest = archive.read_manifest(source)
    engine = db.engine
    dialect = engines.supported(engine)
    if manifest.dialect != dialect:
        raise BackupError(f"{source.name} is a {manifest.dialect} backup and this installation "
                          f"runs on {dialect}: restore it into a {manifest.dialect} database "
                          "(moving between the two is not supported).")
    archive.check_uploads(source)
    db.session.remove()
    folder = Path(engine.url.database).parent if dialect == "sqlite" else None
    with tempfile.TemporaryDirectory(dir=folder, prefix=".kinerja-restore-") as work:
        dump = archive.extract_database(source, manifest, Path(work))
        engines.restore(engine, dump)
    files = archive.replace_uploads(source, Path(current_app.config["UPLOAD_DIR"]))
    record("restore", "backup", None, file=source.name, sha256=archive.sha256_file(source),
           made_at=manifest.created_at, tables=len(manifest.tables), rows=manifest.rows,
           files=files)
    db.session.commit()
    return manifest
