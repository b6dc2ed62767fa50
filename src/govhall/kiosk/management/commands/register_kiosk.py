from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from govhall.kiosk.devices import register_device
from govhall.organisations.models import Hall


class Command(BaseCommand):
    help = "Registers a self-service kiosk in a hall (or gives an existing one a new key) and prints its key once."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--hall", required=True, help="the hall's slug")
        parser.add_argument("--code", required=True, help="the kiosk's code, e.g. gaq-1")
        parser.add_argument("--name", required=True, help="e.g. 一楼大厅 1 号自助终端")

    def handle(self, *args: Any, **options: Any) -> None:
        hall = Hall.objects.filter(slug=options["hall"]).first()
        if hall is None:
            raise CommandError(f"没有标识为“{options['hall']}”的大厅")
        device, key = register_device(hall=hall, code=options["code"], name=options["name"], actor=None)
        self.stdout.write(f"kiosk: {device.code}\nkey: {key}")
        self.stdout.write(f"在终端上打开 /kiosk/start/ 并输入编号和密钥（或 /kiosk/start/?device={device.code}&key=…）")
        self.stdout.write("（密钥只显示这一次；再次运行本命令会换新密钥，旧的随即失效）")
