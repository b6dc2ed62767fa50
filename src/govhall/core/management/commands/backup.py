from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from govhall.core.backup import BackupError, backup


class Command(BaseCommand):
    help = (
        "Backs up the database (PostgreSQL: pg_dump custom format; SQLite: the online backup API) and MEDIA_ROOT into "
        "DEST, a new folder, with manifest.json holding the sha256 of every file and the applied migrations. "
        "The keys are not in the backup: keep them apart (docs/deployment.md)."
    )
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("destination", help="a new (or empty) folder for this backup")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            manifest = backup(Path(options["destination"]), progress=self.stdout.write)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"backup written to {options['destination']}: {len(manifest['media'])} media files, "
                f"{len(manifest['migrations'])} migrations"
            )
        )
