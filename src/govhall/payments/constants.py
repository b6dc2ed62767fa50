"""Money states and the ways of paying (统一公共支付, DOMAIN.md "Payments"). Amounts are integer fen everywhere."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PaymentChannel(models.TextChoices):
    """Who takes the money. The first three are gateways (providers: payments.gateways); cash and POS are recorded at
    the window by the clerk."""

    WECHAT = "wechat", _("微信支付")
    ALIPAY = "alipay", _("支付宝")
    NON_TAX = "non_tax", _("非税缴款码（银行柜台/网银）")
    CASH = "cash", _("窗口现金")
    POS = "pos", _("窗口刷卡（POS）")


GATEWAY_CHANNELS = (PaymentChannel.WECHAT, PaymentChannel.ALIPAY, PaymentChannel.NON_TAX)
WINDOW_CHANNELS = (PaymentChannel.CASH, PaymentChannel.POS)


class CheckoutMethod(models.TextChoices):
    """How the payer pays through a gateway: a QR on a desktop, a jump on a phone, a payment code at a bank."""

    WECHAT_NATIVE = "wechat_native", _("微信扫码支付")
    WECHAT_H5 = "wechat_h5", _("微信 H5 支付")
    ALIPAY_PAGE = "alipay_page", _("支付宝网页支付")
    ALIPAY_QR = "alipay_qr", _("支付宝扫码支付")
    NON_TAX_CODE = "non_tax_code", _("非税缴款码")


METHOD_CHANNEL = {
    CheckoutMethod.WECHAT_NATIVE: PaymentChannel.WECHAT,
    CheckoutMethod.WECHAT_H5: PaymentChannel.WECHAT,
    CheckoutMethod.ALIPAY_PAGE: PaymentChannel.ALIPAY,
    CheckoutMethod.ALIPAY_QR: PaymentChannel.ALIPAY,
    CheckoutMethod.NON_TAX_CODE: PaymentChannel.NON_TAX,
}


class PaymentPurpose(models.TextChoices):
    FEE = "fee", _("行政事业性收费")
    POSTAGE = "postage", _("邮费")


class OrderState(models.TextChoices):
    PENDING = "pending", _("待支付")
    PAID = "paid", _("已支付")
    CLOSED = "closed", _("已关闭")
    PARTIALLY_REFUNDED = "part_refunded", _("部分退款")
    REFUNDED = "refunded", _("已全额退款")


class RefundState(models.TextChoices):
    REQUESTED = "requested", _("待审批")
    REJECTED = "rejected", _("已驳回")
    PROCESSING = "processing", _("退款中")
    SUCCEEDED = "succeeded", _("已退款")
    FAILED = "failed", _("退款失败")


class TradeStatus(models.TextChoices):
    """A gateway's word for a trade, mapped from its own codes (WeChat trade_state, Alipay trade_status)."""

    UNPAID = "unpaid", _("未支付")
    PAID = "paid", _("已支付")
    CLOSED = "closed", _("已关闭")
    REFUNDED = "refunded", _("转入退款")
