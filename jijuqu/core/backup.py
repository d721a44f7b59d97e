"""Backups: one archive file with the database and the uploaded files, taken while the server runs.

The archive is a .tar.gz holding `manifest.json` (format, database engine, applied migrations, and per
table its row count and a digest of its rows), the database (`database.sqlite3`, copied through SQLite's
online backup API, or `database.pgdump`, pg_dump's custom format) and `media/` (the uploads).

A restore reads and checks the whole archive before it changes anything: a file that is not a jijuqu
backup, is cut short or corrupt, comes from the other database engine or from a newer jijuqu is refused
with a Chinese message and the database and uploads are left as they were. Afterwards every table's
rows are checked against the manifest.
"""

from __future__ import annotations

import datetime as dt
import glob
import hashlib
import io
import json
import logging
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection, connections
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone
from django.utils.translation import gettext as _

log = logging.getLogger(__name__)

FORMAT = "jijuqu-backup"
VERSION = 1
MANIFEST = "manifest.json"
SQLITE_MEMBER = "database.sqlite3"
PG_MEMBER = "database.pgdump"


class BackupError(Exception):
    """A backup or restore that could not be done; the message is for the operator, in Chinese."""


@dataclass
class Restored:
    tables: int
    rows: int
    media_files: int


def engine() -> str:
    vendor = connection.vendor
    if vendor not in ("sqlite", "postgresql"):
        raise BackupError(_("Backups support SQLite and PostgreSQL, not %(vendor)s.") % {"vendor": vendor})
    return vendor


# --- table fingerprints ------------------------------------------------------------------------------


def _digest_rows(cursor) -> tuple[int, str]:
    """Row count and an order-independent digest of the rows (a sum of per-row hashes)."""
    count, total = 0, 0
    while rows := cursor.fetchmany(2000):
        for row in rows:
            count += 1
            total += int.from_bytes(hashlib.sha256(repr(tuple(row)).encode()).digest()[:16], "big")
    return count, f"{total % (1 << 128):032x}"


def sqlite_fingerprints(db: sqlite3.Connection) -> dict[str, dict]:
    names = [
        name
        for (name,) in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
    ]
    result = {}
    for name in names:
        count, digest = _digest_rows(db.execute(f'SELECT * FROM "{name}"'))
        result[name] = {"rows": count, "digest": digest}
    return result


def pg_fingerprints(cursor) -> dict[str, dict]:
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename")
    names = [name for (name,) in cursor.fetchall()]
    result = {}
    for name in names:
        cursor.execute(f'SELECT * FROM "{name}"')
        count, digest = _digest_rows(cursor)
        result[name] = {"rows": count, "digest": digest}
    return result


# --- PostgreSQL tools ----------------------------------------------------------------------------------


def pg_program(name: str) -> str:
    """pg_dump / pg_restore: from JIJUQU_PG_BIN, else the newest Debian PostgreSQL (pg_dump must be at
    least the server's version), else the PATH."""
    configured = os.getenv("JIJUQU_PG_BIN")
    candidates = [str(Path(configured) / name)] if configured else []
    candidates += sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), key=_version_key, reverse=True)
    candidates += [found] if (found := shutil.which(name)) else []
    for candidate in candidates:
        if os.access(candidate, os.X_OK):
            return candidate
    raise BackupError(
        _("%(program)s was not found: install PostgreSQL's client programs or set JIJUQU_PG_BIN.")
        % {"program": name}
    )


def _version_key(path: str) -> int:
    try:
        return int(Path(path).parts[-3])
    except (ValueError, IndexError):
        return 0


def pg_env() -> dict[str, str]:
    db = connection.settings_dict
    env = {
        **os.environ,
        "PGDATABASE": db["NAME"],
        "PGUSER": db.get("USER") or "",
        "PGHOST": db.get("HOST") or "",
    }
    if db.get("PORT"):
        env["PGPORT"] = str(db["PORT"])
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return env


def pg_connect():
    import psycopg

    db = connection.settings_dict
    params = {"dbname": db["NAME"], "user": db.get("USER") or None, "password": db.get("PASSWORD") or None}
    params.update(host=db.get("HOST") or None, port=db.get("PORT") or None)
    return psycopg.connect(**{k: v for k, v in params.items() if v is not None})


def _run(command: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(
            _("%(program)s failed: %(error)s")
            % {"program": Path(command[0]).name, "error": result.stderr.strip()}
        )


# --- backup ------------------------------------------------------------------------------------------


def default_path() -> Path:
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    return Path(settings.DATA_DIR) / "backups" / f"jijuqu-{stamp}.tar.gz"


def applied_migrations() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        return [f"{app}.{name}" for app, name in cursor.fetchall()]


def backup(out: Path | None = None) -> tuple[Path, dict]:
    """Write the archive (to a temporary name first, so a failed backup leaves no half file)."""
    kind = engine()
    out = Path(out) if out else default_path()
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".partial")
    with tempfile.TemporaryDirectory(prefix="jijuqu-backup-", dir=out.parent) as work:
        if kind == "sqlite":
            member, tables = SQLITE_MEMBER, _backup_sqlite(Path(work) / SQLITE_MEMBER)
        else:
            member, tables = PG_MEMBER, _backup_pg(Path(work) / PG_MEMBER)
        media = Path(settings.MEDIA_ROOT)
        media_files = (
            sorted(p for p in media.rglob("*") if p.is_file() and not p.is_symlink())
            if media.exists()
            else []
        )
        manifest = {
            "format": FORMAT,
            "version": VERSION,
            "engine": kind,
            "created": timezone.now().isoformat(),
            "migrations": applied_migrations(),
            "tables": tables,
            "media_files": len(media_files),
        }
        try:
            with tarfile.open(partial, "w:gz") as archive:
                data = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size, info.mtime = len(data), int(dt.datetime.now().timestamp())
                archive.addfile(info, io.BytesIO(data))
                archive.add(Path(work) / member, arcname=member)
                for path in media_files:
                    archive.add(path, arcname=f"media/{path.relative_to(media).as_posix()}", recursive=False)
            os.replace(partial, out)
        finally:
            partial.unlink(missing_ok=True)
    log.info("backup written to %s (%s tables, %s uploaded files)", out, len(tables), len(media_files))
    return out, manifest


def _backup_sqlite(target: Path) -> dict[str, dict]:
    """SQLite's online backup API: a consistent copy while the server goes on reading and writing."""
    source = sqlite3.connect(connection.settings_dict["NAME"], timeout=60)
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)
        return sqlite_fingerprints(copy)
    finally:
        copy.close()
        source.close()


def _backup_pg(target: Path) -> dict[str, dict]:
    """pg_dump in custom format, and the fingerprints read in the very snapshot pg_dump dumps."""
    with pg_connect() as db:
        db.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        (snapshot,) = db.execute("SELECT pg_export_snapshot()").fetchone()
        _run(
            [pg_program("pg_dump"), "--format=custom", f"--snapshot={snapshot}", f"--file={target}"], pg_env()
        )
        with db.cursor() as cursor:
            tables = pg_fingerprints(cursor)
        db.rollback()
    return tables


# --- restore -----------------------------------------------------------------------------------------


def not_a_backup(path: Path) -> BackupError:
    return BackupError(
        _("%(file)s is not a jijuqu backup, or it is damaged or incomplete. Nothing was changed.")
        % {"file": path}
    )


def _read_archive(path: Path, into: Path) -> dict:
    """Extract and check everything; BackupError (nothing changed) when anything is wrong."""
    if not path.is_file():
        raise BackupError(_("%(file)s does not exist. Nothing was changed.") % {"file": path})
    try:
        with tarfile.open(path, "r:gz") as archive:
            # The data filter refuses absolute paths, "..", links out of the tree and device files.
            archive.extractall(into, filter="data")
    except (tarfile.TarError, EOFError, OSError, ValueError) as err:
        log.warning("restore refused %s: %s: %s", path, type(err).__name__, err)
        raise not_a_backup(path) from err
    try:
        manifest = json.loads((into / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise not_a_backup(path) from err
    if (
        not isinstance(manifest, dict)
        or manifest.get("format") != FORMAT
        or not isinstance(manifest.get("tables"), dict)
    ):
        raise not_a_backup(path)
    if manifest.get("version") != VERSION:
        raise BackupError(
            _(
                "%(file)s is a backup of format %(version)s, which this jijuqu cannot read. Nothing was changed."
            )
            % {"file": path, "version": manifest.get("version")}
        )
    return manifest


def _check_compatible(path: Path, manifest: dict, kind: str) -> None:
    if manifest.get("engine") != kind:
        raise BackupError(
            _(
                "%(file)s is a backup of a %(theirs)s database, but this jijuqu runs on %(ours)s. "
                "Nothing was changed."
            )
            % {"file": path, "theirs": manifest.get("engine"), "ours": kind}
        )
    known = {
        f"{app}.{name}" for app, name in MigrationLoader(None, ignore_no_migrations=True).disk_migrations
    }
    newer = [name for name in manifest.get("migrations", []) if name not in known]
    if newer:
        raise BackupError(
            _(
                "%(file)s was made by a newer jijuqu (migrations %(names)s are unknown here): upgrade "
                "jijuqu first. Nothing was changed."
            )
            % {"file": path, "names": ", ".join(newer[:3])}
        )


def restore(path: Path) -> Restored:
    kind = engine()
    path = Path(path)
    media = Path(settings.MEDIA_ROOT)
    media.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="jijuqu-restore-", dir=media.parent) as work:
        work = Path(work)
        manifest = _read_archive(path, work)
        _check_compatible(path, manifest, kind)
        connections.close_all()
        if kind == "sqlite":
            tables = _restore_sqlite(path, work / SQLITE_MEMBER, manifest)
        else:
            tables = _restore_pg(path, work / PG_MEMBER)
        if tables != manifest["tables"]:
            differ = sorted(
                n for n in {*tables, *manifest["tables"]} if tables.get(n) != manifest["tables"].get(n)
            )
            raise BackupError(
                _("The restored tables differ from the backup: %(tables)s. Check the database.")
                % {"tables": ", ".join(differ[:5])}
            )
        files = _replace_media(work / "media", media)
    rows = sum(t["rows"] for t in tables.values())
    log.warning("restored %s: %s tables, %s rows, %s uploaded files", path, len(tables), rows, files)
    return Restored(tables=len(tables), rows=rows, media_files=files)


def _restore_sqlite(path: Path, copy: Path, manifest: dict) -> dict[str, dict]:
    if not copy.is_file():
        raise not_a_backup(path)
    try:
        source = sqlite3.connect(f"file:{copy}?mode=ro", uri=True)
        try:
            (check,) = source.execute("PRAGMA integrity_check").fetchone()
            if check != "ok" or sqlite_fingerprints(source) != manifest["tables"]:
                raise not_a_backup(path)
            # Written into the live file through the backup API: one step under SQLite's own lock, so a
            # running server sees the old database or the restored one, never a mixture.
            live = sqlite3.connect(connection.settings_dict["NAME"], timeout=60)
            try:
                source.backup(live)
                return sqlite_fingerprints(live)
            finally:
                live.close()
        finally:
            source.close()
    except sqlite3.DatabaseError as err:
        raise not_a_backup(path) from err


def _restore_pg(path: Path, dump: Path) -> dict[str, dict]:
    if not dump.is_file():
        raise not_a_backup(path)
    env = pg_env()
    listing = subprocess.run([pg_program("pg_restore"), "--list", str(dump)], env=env, capture_output=True)
    if listing.returncode != 0:
        raise not_a_backup(path)
    # One transaction: an error part-way rolls everything back and leaves the database as it was.
    _run(
        [
            pg_program("pg_restore"),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={env['PGDATABASE']}",
            str(dump),
        ],
        env,
    )
    with pg_connect() as db, db.cursor() as cursor:
        return pg_fingerprints(cursor)


def _replace_media(restored: Path, media: Path) -> int:
    """Make the upload directory hold exactly the backup's files. Its contents are replaced, not the
    directory itself, which may be a mount shared by several app servers."""
    media.mkdir(parents=True, exist_ok=True)
    wanted = (
        {p.relative_to(restored) for p in restored.rglob("*") if p.is_file()} if restored.exists() else set()
    )
    for existing in sorted(media.rglob("*"), reverse=True):
        relative = existing.relative_to(media)
        if existing.is_dir() and not existing.is_symlink():
            if not any(existing.iterdir()):
                existing.rmdir()
        elif relative not in wanted:
            existing.unlink()
    for relative in wanted:
        target = media / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(restored / relative, target)
    return len(wanted)
