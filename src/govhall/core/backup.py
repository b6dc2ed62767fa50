"""Backing up and restoring a GovHall installation: the database and the uploaded files (MEDIA_ROOT), with a manifest
holding the sha256 of every file and the migration state.

A backup is a folder: database.dump (PostgreSQL, pg_dump custom format) or database.sqlite3 (SQLite's online backup),
media.tar, and manifest.json written last (a folder without it is an unfinished backup). A restore goes into an empty
database and an empty MEDIA_ROOT, checks every sha256 before it changes anything and again after, and refuses a
backup from a newer GovHall (migrations this code does not know)."""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from govhall.core import audit

FORMAT = "govhall-backup/1"
MANIFEST = "manifest.json"
MEDIA_TAR = "media.tar"
DATABASE_FILES = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}


class BackupError(RuntimeError):
    """The backup or restore cannot go on; the message says why."""


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _engine() -> str:
    if connection.vendor not in DATABASE_FILES:
        raise BackupError(f"不支持备份 {connection.vendor} 数据库（只支持 PostgreSQL 与 SQLite）。")
    return connection.vendor


def _applied_migrations() -> list[str]:
    return sorted(f"{app}.{name}" for app, name in MigrationRecorder(connection).applied_migrations())


def _pg_command(program: str) -> tuple[list[str], dict[str, str]]:
    """The program with the connection's host, port and user, and an environment holding its password."""
    path = shutil.which(program)
    if path is None:
        raise BackupError(f"找不到 {program}：请安装 PostgreSQL 客户端（Debian: apt-get install postgresql-client）。")
    db = connection.settings_dict
    command = [path]
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if db.get(key):
            command += [option, str(db[key])]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    if db.get("OPTIONS", {}).get("sslmode"):
        env["PGSSLMODE"] = str(db["OPTIONS"]["sslmode"])
    return command, env


def _run(command: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} 失败（退出码 {done.returncode}）：{done.stderr.strip()}")


# Backup ---------------------------------------------------------------------------------------------------------


def backup(destination: Path, *, progress: Callable[[str], None] = lambda line: None) -> dict[str, Any]:
    """Write a backup of the database and MEDIA_ROOT into `destination` (a new or empty folder)."""
    engine = _engine()
    if destination.exists() and any(destination.iterdir()):
        raise BackupError(f"{destination} 不是空文件夹：请给每份备份一个新的文件夹。")
    destination.mkdir(parents=True, exist_ok=True)
    migrations = _applied_migrations()
    database = destination / DATABASE_FILES[engine]
    if engine == "postgresql":
        command, env = _pg_command("pg_dump")
        _run([*command, "--format=custom", "--file", str(database), str(connection.settings_dict["NAME"])], env)
    else:
        connection.ensure_connection()
        target = sqlite3.connect(database)
        try:
            connection.connection.backup(target)  # the online backup API: consistent while the site is in use
        finally:
            target.close()
    progress(f"database: {database.name} ({database.stat().st_size:,} bytes)")
    media_root = Path(settings.MEDIA_ROOT)
    media_files: dict[str, str] = {}
    with tarfile.open(destination / MEDIA_TAR, "w") as archive:
        if media_root.is_dir():
            for path in sorted(p for p in media_root.rglob("*") if p.is_file()):
                name = path.relative_to(media_root).as_posix()
                media_files[name] = sha256_of(path)
                archive.add(path, arcname=name, recursive=False)
    progress(f"media: {len(media_files)} files in {MEDIA_TAR}")
    manifest = {
        "format": FORMAT,
        "created_at": timezone.now().isoformat(),
        "engine": engine,
        "files": {
            name: {"sha256": sha256_of(destination / name), "size": (destination / name).stat().st_size}
            for name in (database.name, MEDIA_TAR)
        },
        "media": media_files,
        "migrations": migrations,
    }
    (destination / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
    audit.record(actor=None, action="core.backup", detail={"folder": str(destination), "media": len(media_files)})
    return manifest


# Restore --------------------------------------------------------------------------------------------------------


def read_manifest(source: Path) -> dict[str, Any]:
    path = source / MANIFEST
    if not path.is_file():
        raise BackupError(f"{source} 中没有 {MANIFEST}：这不是一份完整的 GovHall 备份。")
    manifest = json.loads(path.read_text(encoding="utf-8"))
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{path} 的格式 {manifest.get('format')!r} 不是 {FORMAT}。")
    for name, expected in manifest["files"].items():
        if not (source / name).is_file():
            raise BackupError(f"备份缺少文件 {name}。")
        if sha256_of(source / name) != expected["sha256"]:
            raise BackupError(f"备份文件 {name} 的 sha256 与清单不符：文件已损坏或被改动。")
    return manifest


def _check_migrations(manifest: dict[str, Any]) -> None:
    known = {f"{app}.{name}" for app, name in MigrationLoader(None, ignore_no_migrations=True).disk_migrations}
    unknown = sorted(set(manifest["migrations"]) - known)
    if unknown:
        raise BackupError(
            f"备份来自更新版本的 GovHall（本版本没有这些迁移：{', '.join(unknown[:5])}）：请先升级代码再恢复。"
        )


def _database_is_empty() -> bool:
    with connection.cursor() as cursor:
        return not connection.introspection.table_names(cursor)


def _media_is_empty(media_root: Path) -> bool:
    return not media_root.exists() or not any(media_root.iterdir())


def restore(
    source: Path, *, force: bool = False, progress: Callable[[str], None] = lambda line: None
) -> dict[str, Any]:
    """Restore the backup in `source` into the configured database and MEDIA_ROOT, which must be empty unless
    `force` (then the database's tables are dropped and the old MEDIA_ROOT is moved aside, not deleted)."""
    manifest = read_manifest(source)
    engine = _engine()
    if manifest["engine"] != engine:
        raise BackupError(f"这是 {manifest['engine']} 数据库的备份，不能恢复到 {engine} 数据库。")
    _check_migrations(manifest)
    media_root = Path(settings.MEDIA_ROOT)
    if not force and not _database_is_empty():
        raise BackupError("目标数据库不是空的：请恢复到一个新建的空数据库，或加 --force 覆盖它。")
    if not force and not _media_is_empty(media_root):
        raise BackupError(
            f"MEDIA_ROOT（{media_root}）不是空的：请指向一个空文件夹，或加 --force（旧文件会被移到一旁）。"
        )
    database = source / DATABASE_FILES[engine]
    if engine == "postgresql":
        _restore_postgresql(database, force=force)
    else:
        _restore_sqlite(database, force=force)
    progress(f"database: restored from {database.name}")
    _restore_media(source / MEDIA_TAR, media_root, manifest["media"])
    progress(f"media: {len(manifest['media'])} files restored, every sha256 verified")
    connection.close()
    restored = _applied_migrations()
    if restored != manifest["migrations"]:
        raise BackupError("恢复后的迁移状态与清单不符：恢复不完整。")
    audit.record(
        actor=None, action="core.restore", detail={"folder": str(source), "backup_created_at": manifest["created_at"]}
    )
    return manifest


def _restore_postgresql(dump: Path, *, force: bool) -> None:
    if force:
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE")
            cursor.execute("CREATE SCHEMA public")
    connection.close()
    command, env = _pg_command("pg_restore")
    _run(
        [
            *command,
            "--dbname",
            str(connection.settings_dict["NAME"]),
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            str(dump),
        ],
        env,
    )


def _restore_sqlite(copy: Path, *, force: bool) -> None:
    connection.close()
    target = Path(str(connection.settings_dict["NAME"]))
    if force:
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
    target.parent.mkdir(parents=True, exist_ok=True)
    source = sqlite3.connect(f"file:{copy}?mode=ro", uri=True)
    destination = sqlite3.connect(target)
    try:
        source.backup(destination)
    except sqlite3.Error:
        destination.close()
        target.unlink(missing_ok=True)
        raise
    finally:
        source.close()
        destination.close()


def _restore_media(archive_path: Path, media_root: Path, expected: dict[str, str]) -> None:
    if media_root.exists() and any(media_root.iterdir()):
        aside = media_root.with_name(f"{media_root.name}.before-restore-{datetime.now().strftime('%Y%m%d%H%M%S')}")  # noqa: DTZ005
        media_root.rename(aside)
    media_root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(archive_path, "r") as archive:
        archive.extractall(media_root, filter="data")
    found = {p.relative_to(media_root).as_posix() for p in media_root.rglob("*") if p.is_file()}
    if found != set(expected):
        raise BackupError(
            f"恢复的文件与清单不符：缺少 {sorted(set(expected) - found)[:5]}，多出 {sorted(found - set(expected))[:5]}。"
        )
    for name, digest in expected.items():
        if sha256_of(media_root / name) != digest:
            raise BackupError(f"恢复的文件 {name} 的 sha256 与清单不符。")
