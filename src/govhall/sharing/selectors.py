"""Reads: which source gives a material, and a person's trail of accesses to their data."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q, QuerySet

from govhall.accounts.models import User
from govhall.core.crypto import mask_name
from govhall.sharing.models import DataAccess, MaterialSource


def source_of(item_id: int, material_name: str) -> MaterialSource | None:
    """Where the system takes `material_name` of the item from (admin: 材料数据来源), if anywhere."""
    return (
        MaterialSource.objects.select_related("resource__department")
        .filter(item_id=item_id, material_name=material_name, resource__active=True)
        .first()
    )


def sources_of(item_id: int) -> dict[str, MaterialSource]:
    """Every configured source of the item's materials, by material name."""
    rows = MaterialSource.objects.select_related("resource__department").filter(item_id=item_id, resource__active=True)
    return {row.material_name: row for row in rows}


def trail_of(user: User) -> QuerySet[DataAccess]:
    """Every access to data about `user` (谁查看/调用了我的数据): rows about their own document number, or linked to
    them through the case that was the purpose; newest first."""
    about = Q(subject_user=user)
    person = getattr(user, "person", None)
    if person is not None:
        about |= Q(subject_index=person.document_index)
    return (
        DataAccess.objects.filter(about)
        .select_related("resource__department", "department", "actor__person")
        .order_by("-at", "-pk")
    )


@dataclass(frozen=True)
class TrailRow:
    """One line of a person's trail, as they may see it: who (department, staff masked, or 系统), what, why, when."""

    at: datetime
    resource: str
    resource_department: str
    kind: str
    department: str
    purpose: str
    staff: str  # the staff member's masked name, or 系统
    outcome: str
    fields: list[str]


def trail_rows(accesses: Iterable[DataAccess]) -> list[TrailRow]:
    return [
        TrailRow(
            at=access.at,
            resource=access.resource.name,
            resource_department=access.resource.department.name,
            kind=access.get_kind_display(),
            department=access.department.name,
            purpose=access.purpose,
            staff=mask_name(access.actor.display_name) if access.actor is not None else "系统",
            outcome=access.get_outcome_display(),
            fields=[access.resource.field_labels().get(key, key) for key in access.fields_returned],
        )
        for access in accesses
    ]
