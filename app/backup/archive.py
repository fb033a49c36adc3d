"""The backup archive: one uncompressed tar holding `manifest.json`, the database dump and the
upload folder (`uploads/...`).

One file is what an operator copies off the machine, checks and keeps; the database member is
already compressed (pg_dump's custom format) or small next to the evidence files (SQLite), and
evidence is mostly PDF and JPEG, so compressing the tar would cost time for little. The
manifest names the database dialect, the schema revisions, the row count of every table and a
SHA-256 of the database member, so a restore can refuse a damaged or mismatched archive before
it touches anything.
"""
from __future__ import annotations

import hashlib
import io
import json
import os
import posixpath
import shutil
import tarfile
from dataclasses import dataclass, field
from pathlib import Path

FORMAT = 1
MANIFEST = "manifest.json"
UPLOADS = "uploads"
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message says why and what to do."""


@dataclass
class Manifest:
    created_at: str
    dialect: str
    database_member: str
    database_sha256: str
    revisions: list[str] = field(default_factory=list)
    tables: dict[str, int] = field(default_factory=dict)
    files: int = 0
    file_bytes: int = 0
    format: int = FORMAT

    @property
    def rows(self) -> int:
        return sum(self.tables.values())

    def to_json(self) -> bytes:
        return json.dumps(self.__dict__, indent=2, sort_keys=True).encode()

    @classmethod
    def from_json(cls, data: bytes) -> "Manifest":
        values = json.loads(data)
        if values.get("format") != FORMAT:
            raise BackupError(f"Unknown backup format {values.get('format')!r} (this version "
                              f"reads format {FORMAT}).")
        return cls(**{k: values[k] for k in cls.__dataclass_fields__ if k in values})


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def upload_files(folder: Path) -> list[Path]:
    """The regular files under the upload folder, sorted (symbolic links are not followed:
    the app never makes them, and following one could pull in files from elsewhere)."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def write(target: Path, manifest: Manifest, database_file: Path, upload_folder: Path) -> None:
    """Write the archive to `target` atomically (a `.part` file renamed at the end), readable
    by its owner only: it holds password hashes and personal data."""
    files = upload_files(upload_folder)
    manifest.files = len(files)
    manifest.file_bytes = sum(p.stat().st_size for p in files)
    partial = target.with_name(target.name + ".part")
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(descriptor, "wb") as handle, tarfile.open(fileobj=handle, mode="w",
                                                               format=tarfile.PAX_FORMAT) as tar:
            info = tarfile.TarInfo(MANIFEST)
            data = manifest.to_json()
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
            tar.add(database_file, arcname=manifest.database_member, recursive=False)
            for path in files:
                name = posixpath.join(UPLOADS, path.relative_to(upload_folder).as_posix())
                tar.add(path, arcname=name, recursive=False)
        os.replace(partial, target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def read_manifest(archive: Path) -> Manifest:
    try:
        with tarfile.open(archive, mode="r:") as tar:
            member = tar.extractfile(MANIFEST)
            if member is None:
                raise KeyError(MANIFEST)
            return Manifest.from_json(member.read())
    except (tarfile.TarError, KeyError, ValueError, OSError) as error:
        raise BackupError(f"{archive} is not a readable backup of Portal Kinerja ASN "
                          f"({error}).") from error


def _safe_upload_name(name: str) -> str | None:
    """The path below the upload folder that a member stands for, or None when it is not an
    upload or would land outside the folder (an absolute path, `..`)."""
    if not name.startswith(UPLOADS + "/"):
        return None
    relative = posixpath.normpath(name[len(UPLOADS) + 1:])
    if relative.startswith(("/", "../")) or relative in ("..", ".") or "\\" in relative:
        return None
    return relative


def extract_database(archive: Path, manifest: Manifest, folder: Path) -> Path:
    """Extract the database member into `folder` and check it against the manifest's SHA-256."""
    target = folder / Path(manifest.database_member).name
    with tarfile.open(archive, mode="r:") as tar:
        source = tar.extractfile(manifest.database_member)
        if source is None:
            raise BackupError(f"{archive} has no database member {manifest.database_member}.")
        with open(target, "wb") as handle:
            shutil.copyfileobj(source, handle, CHUNK)
    if sha256_file(target) != manifest.database_sha256:
        raise BackupError(f"The database in {archive} does not match its checksum: the file is "
                          "damaged. Nothing was changed.")
    return target


def check_uploads(archive: Path) -> None:
    """Refuse an archive whose upload members are not plain files inside the folder, before
    anything is replaced."""
    with tarfile.open(archive, mode="r:") as tar:
        for member in tar:
            if member.name.startswith(UPLOADS + "/") and (
                    not (member.isfile() or member.isdir())
                    or _safe_upload_name(member.name) is None):
                raise BackupError(f"{archive} holds an unsafe upload entry {member.name!r}; "
                                  "nothing was changed.")


def replace_uploads(archive: Path, folder: Path) -> int:
    """Make the upload folder hold exactly the archive's files; return how many. The folder
    itself is kept (it may be a mount point): its content is replaced."""
    folder.mkdir(parents=True, exist_ok=True)
    staging = folder / ".restoring"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    count = 0
    with tarfile.open(archive, mode="r:") as tar:
        for member in tar:
            relative = _safe_upload_name(member.name)
            if relative is None or not member.isfile():
                continue
            path = staging / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            with tar.extractfile(member) as source, open(path, "wb") as handle:
                shutil.copyfileobj(source, handle, CHUNK)
            count += 1
    for entry in folder.iterdir():
        if entry != staging:
            shutil.rmtree(entry) if entry.is_dir() and not entry.is_symlink() else entry.unlink()
    for entry in staging.iterdir():
        entry.rename(folder / entry.name)
    staging.rmdir()
    return count
