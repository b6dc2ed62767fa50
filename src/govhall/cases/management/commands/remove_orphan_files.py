"""`manage.py remove_orphan_files [--dry-run]`: remove stored material and document files that no row names (left by
a process killed between storing a file and committing its row); see govhall.cases.orphans."""

from typing import Any

from django.core.management.base import BaseCommand

from govhall.cases.orphans import orphan_files, remove_orphan_files


class Command(BaseCommand):
    help = "Remove stored files older than a day that no material or document row names."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--dry-run", action="store_true", help="list them only")

    def handle(self, *args: Any, **options: Any) -> None:
        names = orphan_files() if options["dry_run"] else remove_orphan_files()
        for name in names:
            self.stdout.write(name)
        self.stdout.write(f"{len(names)} file(s) {'without a row' if options['dry_run'] else 'removed'}")
