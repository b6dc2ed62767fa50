"""A real SMTP server (aiosmtpd on a free port) for the notices' tests and the cases' notice tests."""

import socket

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message


def smtp_mailer(port: int) -> dict:
    options = {"host": "127.0.0.1", "port": port, "timeout": 2}
    return {"default": {"BACKEND": "django.core.mail.backends.smtp.EmailBackend", "OPTIONS": options}}


class Inbox(Message):
    def __init__(self) -> None:
        super().__init__()
        self.messages: list = []

    def handle_message(self, message) -> None:
        self.messages.append(message)


@pytest.fixture
def smtp(settings):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    handler = Inbox()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    settings.MAILERS = smtp_mailer(port)  # the test runner swaps in an in-memory mailer
    yield handler
    controller.stop()
