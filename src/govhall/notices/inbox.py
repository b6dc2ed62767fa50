"""The person's in-app inbox as the pages show it: how many messages are unread (the badge in the menu and the bottom
bar), unread per case (我的办件), and reading a case's messages when its page is opened."""

from collections.abc import Iterable

from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import Count
from django.utils import timezone

from govhall.notices.models import Notification


def unread_count(user: AbstractBaseUser) -> int:
    return Notification.objects.filter(user_id=user.pk, read_at__isnull=True).count()


def unread_by_case(user: AbstractBaseUser, case_ids: Iterable[int]) -> dict[int, int]:
    """{case id: unread messages} for the given cases (cases with none are left out)."""
    rows = (
        Notification.objects.filter(user_id=user.pk, read_at__isnull=True, case_id__in=list(case_ids))
        .values("case_id")
        .annotate(n=Count("pk"))
    )
    return {row["case_id"]: row["n"] for row in rows}


def read_case_messages(user: AbstractBaseUser, case_id: int) -> int:
    """The person opened the case's page: its messages to them count as read. Returns how many were unread."""
    return Notification.objects.filter(user_id=user.pk, case_id=case_id, read_at__isnull=True).update(
        read_at=timezone.now()
    )
