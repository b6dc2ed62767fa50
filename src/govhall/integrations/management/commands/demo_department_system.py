import threading
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from govhall.accounts.models import ApiKey
from govhall.integrations.demo import DemoDepartmentSystem, DemoServer
from govhall.integrations.services import register_endpoint


class Command(BaseCommand):
    help = (
        "Runs a demo department system on 127.0.0.1: it verifies GovHall's signed webhooks and pushes a decision back "
        "through the API with its key (accept each newly submitted case)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=8090)
        parser.add_argument("--api-key", required=True, help="the department's key (scopes cases:receive cases:decide)")
        parser.add_argument("--secret", default="", help="the endpoint's signing secret (from register_endpoint)")
        parser.add_argument(
            "--register", action="store_true", help="register this server as an endpoint of the key's department"
        )
        parser.add_argument("--govhall", default="http://127.0.0.1:8000", help="GovHall's address for the API")
        parser.add_argument("--decision", default="accept", help="act pushed back on a new case ('' for none)")

    def handle(self, *args: Any, **options: Any) -> None:
        port, secret = options["port"], options["secret"]
        if options["register"]:
            secret = self._register(options["api_key"], port)
        if not secret:
            raise CommandError("请用 --secret 给出签名密钥，或用 --register 登记本演示系统。")
        system = DemoDepartmentSystem(
            secret=secret, api_key=options["api_key"], govhall_url=options["govhall"], decision=options["decision"]
        )

        def push() -> None:
            for number, status, answer in system.push_decisions():
                self.stdout.write(f"{number}: {system.decision} → HTTP {status} {answer.get('state', answer)}")

        server = DemoServer(
            system,
            ("127.0.0.1", port),
            on_received=lambda: threading.Thread(target=push, daemon=True).start(),
            verbose=True,
        )
        self.stdout.write(f"demo department system: {server.url} (Ctrl-C stops it)")
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            server.server_close()

    def _register(self, api_key: str, port: int) -> str:
        prefix = api_key.split("_")[1] if api_key.startswith("ghk_") and api_key.count("_") >= 2 else ""
        key = ApiKey.objects.filter(prefix=prefix, revoked_at__isnull=True).select_related("department").first()
        if key is None:
            raise CommandError("没有该接口密钥（或已撤销）。")
        endpoint, secret = register_endpoint(
            department=key.department,
            name=f"{key.name}（演示）",
            url=f"http://127.0.0.1:{port}/webhook",
            acts=[],
            actor=None,
            channel="system",
        )
        self.stdout.write(f"registered endpoint {endpoint.pk} for {key.department.name}: {endpoint.url}")
        return secret
