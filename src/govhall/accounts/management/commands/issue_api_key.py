from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from govhall.accounts.tokens import API_SCOPES, issue_api_key
from govhall.organisations.models import Department


class Command(BaseCommand):
    help = "Issues an API key to a department system and prints it once."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--name", required=True)
        parser.add_argument("--department", required=True, help="the department's name")
        parser.add_argument("--scope", action="append", required=True, dest="scopes", choices=sorted(API_SCOPES))

    def handle(self, *args: Any, **options: Any) -> None:
        department = Department.objects.filter(name=options["department"]).first()
        if department is None:
            raise CommandError(f"没有名为“{options['department']}”的部门")
        _, token = issue_api_key(name=options["name"], department=department, scopes=options["scopes"], actor=None)
        self.stdout.write(f"api_key: {token}")
        self.stdout.write("（密钥只显示这一次，请妥善保存；撤销请在管理后台“接口密钥”中操作）")
