"""`flask backup` / `flask restore`: the demo data and the uploaded files survive a backup, a
wipe and a restore row for row (a count and a checksum per table), on SQLite and PostgreSQL;
a restore without --yes changes nothing; both are noted in the audit trail, whose chain still
verifies."""
from __future__ import annotations

import hashlib
import tarfile
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from app.audit.models import AuditEvent
from app.audit.trail import verify
from app.extensions import db

FILES = {"a1b2.pdf": b"%PDF-1.4 evidence\n", "sub/dir/c3d4.png": b"\x89PNG\r\n\x1a\nimage",
         "empty.docx": b""}


def snapshot() -> dict[str, tuple[int, str]]:
    """Per table of the schema: the row count and a SHA-256 over its rows in key order."""
    result = {}
    for table in db.metadata.sorted_tables:
        order = list(table.primary_key.columns) or list(table.columns)
        digest = hashlib.sha256()
        count = 0
        for row in db.session.execute(select(table).order_by(*order)):
            digest.update(repr(tuple(row)).encode())
            count += 1
        result[table.name] = (count, digest.hexdigest())
    db.session.rollback()
    return result


def wipe(folder: Path) -> None:
    db.session.remove()
    with db.engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
        else:
            db.metadata.drop_all(conn)
    wipe_files(folder)


def wipe_files(folder: Path) -> None:
    for path in sorted(folder.rglob("*"), reverse=True):
        path.rmdir() if path.is_dir() else path.unlink()


def files_in(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in folder.rglob("*") if p.is_file()}


def test_backup_wipe_restore_finds_every_row_and_file(app, tmp_path):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["demo"]).exit_code == 0
    uploads = Path(app.config["UPLOAD_DIR"])
    for name, data in FILES.items():
        (uploads / name).parent.mkdir(parents=True, exist_ok=True)
        (uploads / name).write_bytes(data)
    files_before = files_in(uploads)   # (with what earlier tests of this worker uploaded)
    with app.app_context():
        before = snapshot()
        events_before = before["audit_event"][0]
    assert before["activity_report"][0] > 2000 and before["employee"][0] > 100

    result = runner.invoke(args=["backup", str(tmp_path)])
    assert result.exit_code == 0, result.output
    (archive,) = tmp_path.glob("kinerja-*.tar")
    assert archive.stat().st_mode & 0o077 == 0  # password hashes inside: owner only
    with tarfile.open(archive) as tar:
        assert {"manifest.json", "uploads/a1b2.pdf", "uploads/sub/dir/c3d4.png"} <= set(
            tar.getnames())

    with app.app_context():
        wipe(uploads)
    (uploads / "written-after-backup.pdf").write_bytes(b"gone after the restore")

    refused = runner.invoke(args=["restore", str(archive)])
    assert refused.exit_code == 1
    assert "REPLACES" in refused.output and "--yes" in refused.output
    assert "written-after-backup.pdf" in files_in(uploads)  # nothing changed

    result = runner.invoke(args=["restore", "--yes", str(archive)])
    assert result.exit_code == 0, result.output
    with app.app_context():
        after = snapshot()
        # Every table is back row for row; the trail has one event more: the restore.
        assert {k: v for k, v in after.items() if k != "audit_event"} == \
            {k: v for k, v in before.items() if k != "audit_event"}
        assert after["audit_event"][0] == events_before + 1
        newest = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())
                                    .limit(2)).all()
        assert newest[0].action == "restore" and archive.name in newest[0].changes
        assert newest[1].action != "backup"  # the backup's own event came after the dump
        assert verify(db.session).ok
        db.session.rollback()
    assert files_in(uploads) == files_before and FILES.items() <= files_before.items()
    wipe_files(uploads)


def test_backup_is_audited_and_a_damaged_archive_changes_nothing(app, world, tmp_path):
    runner = app.test_cli_runner()
    target = tmp_path / "one.tar"
    assert runner.invoke(args=["backup", str(target)]).exit_code == 0
    with app.app_context():
        event = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
        assert event.action == "backup" and "one.tar" in event.changes
        count = db.session.scalar(select(func.count()).select_from(AuditEvent))
    # Flip bytes in the middle of the database member: the checksum refuses it.
    data = bytearray(target.read_bytes())
    with tarfile.open(target) as tar:
        member = next(m for m in tar if m.name.startswith("database."))
    middle = member.offset_data + member.size // 2
    data[middle:middle + 8] = b"\xff" * 8
    damaged = tmp_path / "damaged.tar"
    damaged.write_bytes(bytes(data))
    result = runner.invoke(args=["restore", "--yes", str(damaged)])
    assert result.exit_code == 1 and "damaged" in result.output
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(AuditEvent)) == count
    not_a_backup = tmp_path / "x.tar"
    not_a_backup.write_bytes(b"hello")
    result = runner.invoke(args=["restore", "--yes", str(not_a_backup)])
    assert result.exit_code == 1 and "not a readable backup" in result.output


def test_unsafe_upload_member_is_refused(app, tmp_path):
    import io
    import json

    from app.backup.archive import BackupError, check_uploads

    evil = tmp_path / "evil.tar"
    with tarfile.open(evil, "w") as tar:
        for name, data in {"manifest.json": json.dumps({"format": 1}).encode(),
                           "uploads/../../etc/x": b"x"}.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    with pytest.raises(BackupError, match="unsafe"):
        check_uploads(evil)


def test_prune_keeps_the_newest(app, tmp_path):
    from app.backup.service import prune

    names = [f"kinerja-2026120{d}T010000Z.tar" for d in range(1, 6)]
    for name in names:
        (tmp_path / name).write_bytes(b"")
    (tmp_path / "other.tar").write_bytes(b"")
    assert [p.name for p in prune(tmp_path, 2)] == names[:3]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(names[3:] + ["other.tar"])


def test_missing_postgresql_client_is_a_clear_message(monkeypatch):
    from app.backup import engines
    from app.backup.archive import BackupError

    monkeypatch.setattr(engines.shutil, "which", lambda name: None)
    with pytest.raises(BackupError, match="pg_dump is not installed.*postgresql-client"):
        engines._program("pg_dump")


def test_a_backup_of_the_other_database_kind_is_refused(app, tmp_path):
    from app.backup import archive
    from app.backup.archive import Manifest

    with app.app_context():
        other = "sqlite" if db.engine.dialect.name == "postgresql" else "postgresql"
    dump = tmp_path / "database.x"
    dump.write_bytes(b"not a database")
    manifest = Manifest(created_at="2026-12-01T00:00:00+00:00", dialect=other,
                        database_member="database.x",
                        database_sha256=archive.sha256_file(dump))
    target = tmp_path / "other.tar"
    archive.write(target, manifest, dump, tmp_path / "no-uploads")
    result = app.test_cli_runner().invoke(args=["restore", "--yes", str(target)])
    assert result.exit_code == 1
    assert f"is a {other} backup" in result.output


def test_default_folder_and_keep(app, monkeypatch, tmp_path):
    folder = tmp_path / "backups"  # made at the first backup
    monkeypatch.setitem(app.config, "BACKUP_DIR", str(folder))
    old = ["kinerja-20260101T010000Z.tar", "kinerja-20260102T010000Z.tar"]
    folder.mkdir()
    for name in old:
        (folder / name).write_bytes(b"")
    result = app.test_cli_runner().invoke(args=["backup", "--keep", "2"])
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in folder.iterdir())
    assert len(names) == 2 and names[0] == old[1] and names[1].startswith("kinerja-2026")
    assert f"Deleted old backup {folder / old[0]}" in result.output
