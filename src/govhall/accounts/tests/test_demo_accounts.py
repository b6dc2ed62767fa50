"""The README's table of demo accounts is true of what `load_demo` creates: each staff account's role, departments,
TOTP seed and back-office access."""

import re

import pytest
from django.conf import settings

from govhall.accounts.demo import DEMO_PASSWORD, load_demo_accounts
from govhall.accounts.models import User
from govhall.organisations.constants import Role

README = settings.PROJECT_DIR / "README.md"
DEPARTMENT = re.compile(r"区[^\s,，()（）、]+")


def staff_rows() -> list[dict[str, object]]:
    """The staff rows of the README's demo account table (the rows with a TOTP seed)."""
    text = README.read_text(encoding="utf-8")
    section = text.split("### Demo accounts", 1)[1].split("\n#", 1)[0]
    rows, previous = [], set[str]()
    for line in section.splitlines():
        if not line.startswith("| `"):
            continue
        account, who, department, seed = (cell.strip() for cell in line.strip("|").split("|"))
        if not seed:
            continue
        departments = previous if department.startswith("the same") else set(DEPARTMENT.findall(department))
        if "and 7 more" in department:
            assert len(departments) == 8, department
        previous = departments
        rows.append(
            {
                "account": account.strip("`"),
                "role": next(label for label in who.split() if re.search(r"[\u4e00-\u9fff]", label)),
                "departments": departments,
                "seed": seed.strip("`"),
                "back_office": "back office" in who,
                "superuser": "superuser" in who,
            }
        )
    return rows


def test_readme_lists_the_six_staff_accounts():
    assert [row["account"] for row in staff_rows()] == [
        "clerk",
        "reviewer",
        "approver",
        "supervisor",
        "catalog",
        "operator",
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("row", staff_rows(), ids=lambda row: str(row["account"]))
def test_each_readme_staff_row_is_what_the_demo_loader_creates(row):
    load_demo_accounts()
    load_demo_accounts()  # idempotent: a second run adds nothing
    user = User.objects.get(username=row["account"])
    assert user.check_password(DEMO_PASSWORD)
    memberships = list(user.memberships.select_related("department"))
    roles = {Role(membership.role).label for membership in memberships}
    assert len(roles) == 1
    assert str(roles.pop()).startswith(str(row["role"]))
    assert {membership.department.name for membership in memberships} == row["departments"]
    assert len(memberships) == len(row["departments"])
    assert user.totp.secret == row["seed"]
    assert user.totp.confirmed_at is not None
    assert user.is_staff is row["back_office"]
    assert user.is_superuser is row["superuser"]
