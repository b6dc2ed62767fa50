from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from govhall.catalog.exporting import published_guides, write_workbook


class Command(BaseCommand):
    help = "Exports every published guide to the XLSX template (import_items reads it back)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        guides = published_guides()
        write_workbook(guides, options["file"])
        self.stdout.write(f"已导出 {len(guides)} 项到 {options['file']}")
