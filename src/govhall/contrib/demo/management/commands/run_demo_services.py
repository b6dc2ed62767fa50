import contextlib
import signal
import threading
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from govhall.contrib.demo.clamd import DemoClamd
from govhall.contrib.demo.hotline import DemoHotline
from govhall.contrib.demo.outside import OutsideWorld


class Command(BaseCommand):
    help = (
        "开发用：在本机启动演示外部系统（短信网关、身份核验、快递下单、数据共享、微信支付、支付宝 HTTP 服务、clamd "
        "病毒扫描和 12345 热线），Ctrl-C 停止。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=8470, help="the HTTP services' port (SMS, identity, courier)")
        parser.add_argument("--clamd-port", type=int, default=3311, help="the clamd peer's port")
        parser.add_argument("--hotline-port", type=int, default=8471, help="the demo 12345 hotline's port")
        parser.add_argument(
            "--govhall-url", default="http://127.0.0.1:8000", help="where the demo 12345 hotline sends its work orders"
        )
        parser.add_argument(
            "--shared-data-down",
            action="append",
            default=[],
            metavar="PROVIDER",
            help="a shared-data source that fails",
        )
        parser.add_argument(
            "--shared-data-slow", action="append", default=[], metavar="PROVIDER", help="a shared-data source too slow"
        )
        parser.add_argument(
            "--notify-retry-seconds", type=float, default=5.0, help="how often the payment gateways retry notifications"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        trouble = dict.fromkeys(options["shared_data_down"], "down")
        trouble |= dict.fromkeys(options["shared_data_slow"], "slow")
        outside = OutsideWorld(options["port"], shared_data_trouble=trouble).start()
        clamd = DemoClamd(options["clamd_port"]).start()
        hotline = DemoHotline(
            options["hotline_port"], secret=settings.HOTLINE_SECRET, govhall_url=options["govhall_url"]
        ).start()
        self.stdout.write(
            f"demo outside world on {outside.url} (/sms/send, /identity/verify, /courier/…, /shared/…, "
            f"/wechatpay/…, /alipay/…, /finance/counter); "
            f"demo clamd on 127.0.0.1:{clamd.port}; demo 12345 hotline on 127.0.0.1:{hotline.port} (/notify, /dispatch)"
        )
        stopped = threading.Event()
        # The payment gateways retry the notifications GovHall has not accepted yet.
        for gateway in (outside.wechatpay, outside.alipay):
            gateway.outbox.retry_every(options["notify_retry_seconds"], stopped)
        signal.signal(signal.SIGTERM, lambda *_: stopped.set())
        with contextlib.suppress(KeyboardInterrupt):
            stopped.wait()
        outside.stop()
        clamd.stop()
        hotline.stop()
