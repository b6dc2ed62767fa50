"""E-licence verification (电子证照验证), public and read-only: a licence's status and the exact signed bytes with
their SM3, SM2 signature and public key, enough to check it with any SM2 library; and the issuers' public keys."""

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.errors import HttpError

from govhall.api.errors import errors
from govhall.licences import identifiers, selectors

router = Router(tags=["licences"])


class VerificationOut(Schema):
    identifier: str = Field(description="电子证照标识（GB/T 36904）")
    status: str = Field(description="valid / suspended / revoked / expired / replaced")
    status_label: str = Field(description="状态的中文名称")
    type: str = Field(description="证照类型名称")
    issuer: str = Field(description="颁证单位")
    holder_masked: str = Field(description="持证主体（个人姓名与证件号码已脱敏）")
    issued_at: str = Field(description="颁证时间，ISO 8601")
    valid_until: str | None = Field(description="有效期至；null 为长期有效")
    canonical: str = Field(description="签名原文（规范编码，见 docs/licences.md）的 Base64")
    sm3: str = Field(description="签名原文的 SM3（十六进制）")
    signature: str = Field(description="SM2 签名 r‖s（十六进制，用户标识 1234567812345678）")
    public_key: str = Field(description="签名公钥，未压缩点 04‖x‖y 的十六进制")
    key_id: str = Field(description="公钥标识：公钥的 SM3 前 16 位十六进制")
    log_index: int | None = Field(description="可信存证日志中的序号，可据此向 /api/v1/log/proof/inclusion 取证明")


class KeyOut(Schema):
    key_id: str
    public_key: str = Field(description="未压缩点 04‖x‖y 的十六进制")
    current: bool = Field(description="是否为当前签名密钥（其余为仍用于验证的旧密钥）")


class IssuerKeysOut(Schema):
    uscc: str = Field(description="颁证单位统一社会信用代码")
    name: str
    external: bool = Field(description="由其他系统颁发")
    keys: list[KeyOut]


class KeysOut(Schema):
    issuers: list[IssuerKeysOut]


@router.get("/keys", response={200: KeysOut}, summary="The issuing departments' SM2 public keys")
def keys(request: HttpRequest) -> KeysOut:
    return KeysOut.model_validate({"issuers": selectors.issuer_keys()})


@router.get(
    "/verify/{identifier}",
    response={200: VerificationOut, **errors(404)},
    summary="Verify a licence by its identifier",
)
def verify(request: HttpRequest, identifier: str) -> VerificationOut:
    if not identifiers.is_valid(identifier):
        raise HttpError(404, _("电子证照标识格式不正确或校验位有误，请核对后重试。"))
    licence = selectors.by_identifier(identifier)
    if licence is None:
        raise HttpError(404, _("未找到该电子证照：标识有效，但本库中没有这张证照。"))
    return VerificationOut.model_validate(selectors.verification(licence))
