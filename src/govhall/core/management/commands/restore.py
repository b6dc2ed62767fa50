from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from govhall.core.backup import BackupError, restore
from govhall.core.keys import key_problems


class Command(BaseCommand):
    help = (
        "Restores a backup made by `manage.py backup` into the configured database and MEDIA_ROOT, which must be "
        "empty (--force: drop the database's tables and move the old MEDIA_ROOT aside). Every file's sha256 is "
        "checked before anything changes and after; then the keys are compared with the restored database."
    )
    requires_system_checks: list[str] = []  # the target is empty until the restore has run

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("source", help="the backup folder (with manifest.json)")
        parser.add_argument("--force", action="store_true", help="overwrite a database or MEDIA_ROOT that is not empty")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            manifest = restore(Path(options["source"]), force=options["force"], progress=self.stdout.write)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(f"restored the backup of {manifest['created_at']} ({len(manifest['media'])} files)")
        )
        errors = [problem for problem in key_problems() if problem.is_serious()]
        if errors:
            raise CommandError(
                "数据已恢复，但当前配置的密钥打不开它，服务不会启动：\n"
                + "\n".join(f"{problem.msg} {problem.hint or ''}" for problem in errors)
            )
