from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from govhall.cases.constants import Act
from govhall.integrations.services import register_endpoint
from govhall.organisations.models import Department


class Command(BaseCommand):
    help = "Registers a department system's webhook endpoint and prints its signing secret once."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--department", required=True, help="the department's name")
        parser.add_argument("--url", required=True, help="where the system receives case events (http or https)")
        parser.add_argument("--name", default="", help="the system's name (default: the department's name + 业务系统)")
        parser.add_argument(
            "--act", action="append", default=[], dest="acts", choices=Act.values, help="send only these acts"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        department = Department.objects.filter(name=options["department"]).first()
        if department is None:
            raise CommandError(f"没有名为“{options['department']}”的部门")
        try:
            endpoint, secret = register_endpoint(
                department=department,
                name=options["name"] or f"{department.name}业务系统",
                url=options["url"],
                acts=options["acts"],
                actor=None,
                channel="system",
            )
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"endpoint: {endpoint.pk} {endpoint.url}")
        self.stdout.write(f"secret: {secret}")
        self.stdout.write("（签名密钥只显示这一次，请交给部门系统妥善保存；更换请在管理后台操作）")
