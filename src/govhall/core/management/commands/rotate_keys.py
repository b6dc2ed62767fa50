from typing import Any

from django.core.management.base import BaseCommand, CommandError

from govhall.core.keys import KeyMismatch, rotate_keys


class Command(BaseCommand):
    help = (
        "Re-encrypts personal data with the first FIELD_ENCRYPTION_KEYS key and recomputes blind indexes with the "
        "first BLIND_INDEX_KEYS key (keep the old keys listed after the new ones until it has finished). Idempotent; "
        "run it again after an interruption. Stop the web servers first when the blind-index key changes."
    )
    requires_system_checks: list[str] = []  # it is what clears the "rotation not finished" check

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--batch-size", type=int, default=500, help="rows per transaction (default 500)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            counts = rotate_keys(batch_size=options["batch_size"], progress=self.stdout.write)
        except KeyMismatch as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"keys rotated: {counts['re_encrypted']} rows re-encrypted, {counts['re_indexed']} indexes recomputed"
            )
        )
