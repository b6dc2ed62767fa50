from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from govhall.supervision import aggregates
from govhall.supervision.tasks import refresh_figures


class Command(BaseCommand):
    help = (
        "效能监察数据：把增量刷新排入任务队列（由 db_worker 执行；cron 或启动脚本定时调用），"
        "--now 立即增量刷新，--full 立即全量重建。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--full", action="store_true", help="立即重建全部月份")
        parser.add_argument("--now", action="store_true", help="立即增量刷新（不经任务队列）")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["full"] or options["now"]:
            log = aggregates.rebuild() if options["full"] else aggregates.refresh()
            self.stdout.write(
                f"{log.get_kind_display()}：{len(log.months)} 个月，{log.cells} 个单元，用时 {log.seconds:.1f} 秒"
            )
            return
        result = refresh_figures.enqueue()
        self.stdout.write(f"已排入任务队列：{result.id}")
