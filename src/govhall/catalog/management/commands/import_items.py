from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from govhall.catalog.importing import ImportFailed, import_file
from govhall.core.constants import Channel


class Command(BaseCommand):
    help = "Imports service items from the district list CSV or the full XLSX template. All or nothing."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="check and report, write nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"文件不存在：{path}")
        try:
            report = import_file(path, actor=None, channel=Channel.ADMIN, dry_run=options["dry_run"])
        except ImportFailed as failure:
            for problem in failure.problems:
                self.stderr.write(str(problem))
            raise CommandError(f"导入失败：{len(failure.problems)} 处错误，未写入任何数据。") from failure
        for warning in report.warnings:
            self.stdout.write(f"提示：{warning}")
        prefix = "（试运行，未写入）" if report.dry_run else ""
        self.stdout.write(
            f"{prefix}新增 {report.created} 项，更新 {report.updated} 项，未变 {report.unchanged} 项，"
            f"提示 {len(report.warnings)} 条。"
        )
