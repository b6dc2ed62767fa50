"""The working-day reply limit of an enquiry: ENQUIRY_REPLY_DAYS per kind, counted from the day after it arrived
(core.workdays, like a case's limit); the reminder ENQUIRY_REMINDER_DAYS working days before."""

from datetime import date

from django.conf import settings

from govhall.core.workdays import add_working_days, working_days_between


def reply_days(kind: str) -> int:
    return int(settings.ENQUIRY_REPLY_DAYS[kind])


def due_on(kind: str, arrived: date) -> date:
    return add_working_days(arrived, reply_days(kind))


def reminder_due(due: date, today: date) -> bool:
    """Is `today` within ENQUIRY_REMINDER_DAYS working days of `due` (and not past it)?"""
    return today <= due and working_days_between(today, due) <= settings.ENQUIRY_REMINDER_DAYS
