"""Reads: which source gives a material, and a person's trail of accesses to their data."""

from django.db.models import Q, QuerySet

from govhall.accounts.models import User
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
    return DataAccess.objects.filter(about).select_related("resource", "department", "actor").order_by("-at", "-pk")
