"""What payments' services raise when something cannot be done; the message says why, for the person acting."""


class PaymentError(Exception):
    """A payment act cannot be done now (the message, in Chinese, says why)."""


class PaymentNotAllowed(PaymentError):
    """The person may not do this (their role in the case's department does not allow it)."""
