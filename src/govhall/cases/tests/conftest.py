"""The real SMTP server fixture (notices.tests.mail) for the notice tests."""

from govhall.notices.tests.mail import smtp  # noqa: F401 - a fixture
