"""Accounts API: who the bearer is. Apps use an OIDC access token (a person's); department systems use an API key."""

from django.http import HttpRequest
from ninja import Router, Schema

from govhall.accounts.access import organisations_for
from govhall.accounts.tokens import BearerAuth, Caller
from govhall.api.errors import errors

router = Router(tags=["accounts"])


class MeOut(Schema):
    username: str
    real_name: str | None
    id_type: str | None
    id_number_masked: str | None
    phone_masked: str
    organisations: list[str]


@router.get("/me", response=MeOut, auth=BearerAuth("profile"), summary="The person an OIDC access token acts for")
def me(request: HttpRequest) -> MeOut:
    caller: Caller = request.auth  # type: ignore[attr-defined]
    user = caller.user
    assert user is not None
    person = getattr(user, "person", None)
    return MeOut(
        username=user.get_username(),
        real_name=person.real_name if person else None,
        id_type=person.document_type if person else None,
        id_number_masked=person.masked_document if person else None,
        phone_masked=user.masked_phone,
        organisations=[organisation.name for organisation in organisations_for(user)],
    )


class SystemOut(Schema):
    name: str
    department: str
    scopes: list[str]


@router.get(
    "/system",
    response={200: SystemOut, **errors(403)},
    auth=BearerAuth("catalog:read"),
    summary="The department system an API key belongs to",
)
def system(request: HttpRequest) -> SystemOut:
    caller: Caller = request.auth  # type: ignore[attr-defined]
    key = caller.api_key
    if key is None:
        from ninja.errors import HttpError

        raise HttpError(403, "此接口只接受部门系统的接口密钥。")
    return SystemOut(name=key.name, department=key.department.name, scopes=sorted(caller.scopes))
