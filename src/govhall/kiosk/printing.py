"""The kiosk's printer, a provider (core.providers kind "printer", PRINTER_PROVIDER). `HttpPrinter` POSTs a print job
to PRINTER_URL/jobs, signed with the access key (core.providers.signed_request): {"device", "title", "pdf" (base64)};
the print service answers {"job_id", "state": "printed"}. `govhall.contrib.demo` plays the printer over loopback and
keeps each PDF under PRINTER_OUTBOX_DIR as <job_id>.pdf."""

import base64

from django.conf import settings

from govhall.core import providers
from govhall.core.providers import Provider, ProviderError


class PrintError(Exception):
    """The printer did not take the job; the message is for the person at the kiosk."""


class Printer(Provider):
    def print_pdf(self, *, device: str, title: str, pdf: bytes) -> str:
        """Print `pdf` on the kiosk's printer; the printer's job id."""
        raise NotImplementedError


class HttpPrinter(Printer):
    name = "http"
    required_settings = ("PRINTER_URL", "PRINTER_KEY_ID", "PRINTER_KEY_SECRET")

    def print_pdf(self, *, device: str, title: str, pdf: bytes) -> str:
        try:
            answer = providers.signed_request(
                f"{settings.PRINTER_URL}/jobs",
                key_id=settings.PRINTER_KEY_ID,
                secret=settings.PRINTER_KEY_SECRET,
                payload={"device": device, "title": title, "pdf": base64.b64encode(pdf).decode()},
            )
        except ProviderError as error:
            raise PrintError("打印机暂时无法使用，请稍后再试或在手机上下载。") from error
        job_id = str(answer.get("job_id", ""))
        if answer.get("state") != "printed" or not job_id:
            raise PrintError("打印未完成，请检查出纸口或联系大厅工作人员。")
        return job_id[:64]


def printer() -> Printer:
    return providers.get("printer", Printer)
