"""The daily bills as the gateways write them (samples in their published formats, not made by our demo)."""

import io
import zipfile
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from govhall.payments import alipay, wechat

WECHAT_BILL = (
    "\ufeff交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,"
    "应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,商品名称,商户数据包,手续费,"
    "费率,订单金额,申请退款金额,费率备注\r\n"
    "`2026-12-03 09:15:02,`wx2421b1c4370ec43b,`1900000109,`0,`,`4200001234202612031234567890,`GH20261203000001,"
    "`oUpF8uMuAJO_M2pxb1Q9zNjWeS6o,`NATIVE,`SUCCESS,`OTHERS,`CNY,`12.30,`0.00,`0,`0,`0.00,`0.00,`,`,"
    "`食品经营许可证, 工本费,`,`0.07000,`0.60%,`12.30,`0.00,`\r\n"
    "`2026-12-03 10:01:44,`wx2421b1c4370ec43b,`1900000109,`0,`,`4200001234202612031234567890,`GH20261203000001,"
    "`oUpF8uMuAJO_M2pxb1Q9zNjWeS6o,`NATIVE,`REFUND,`OTHERS,`CNY,`0.00,`0.00,`50300012342026120312345678,`RF1,"
    "`5.00,`0.00,`ORIGINAL,`SUCCESS,`工本费,`,`-0.03000,`0.60%,`12.30,`5.00,`\r\n"
    "总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额\r\n"
    "`2,`12.30,`5.00,`0.00,`0.04000,`12.30,`5.00\r\n"
)


def test_the_wechat_trade_bill_is_read_line_by_line():
    payment, refund = wechat.parse_trade_bill(WECHAT_BILL)
    beijing = ZoneInfo("Asia/Shanghai")
    assert (payment.kind, payment.out_trade_no, payment.amount_fen) == ("payment", "GH20261203000001", 1230)
    assert payment.at == datetime(2026, 12, 3, 9, 15, 2, tzinfo=beijing)
    assert (refund.kind, refund.amount_fen, refund.out_refund_no) == ("refund", 500, "RF1")
    assert wechat.parse_trade_bill("") == []


def test_a_wechat_bill_amount_that_is_not_yuan_is_an_error():
    with pytest.raises(ValueError):
        wechat.parse_trade_bill(WECHAT_BILL.replace("`0.60%,`12.30,", "`0.60%,`12.3x,"))


def alipay_archive(name: str, text: str) -> bytes:
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as files:
        files.writestr(name, text.encode("gbk"))
        files.writestr("20880000000000000156_20261203_业务明细(汇总).csv", "#支付宝业务汇总查询\r\n".encode("gbk"))
    return archive.getvalue()


ALIPAY_BILL = (
    "#支付宝业务明细查询\r\n#账号：[20880000000000000156]\r\n#起始日期：[2026年12月03日 00:00:00]   终止日期：[2026年12月04日 00:00:00]\r\n"
    "#-----------------------------------------业务明细列表----------------------------------------\r\n"
    "支付宝交易号,商户订单号,业务类型,商品名称,创建时间,完成时间,门店编号,门店名称,操作员,终端号,对方账户,订单金额（元）,"
    "商家实收（元）,支付宝红包（元）,集分宝（元）,支付宝优惠（元）,商家优惠（元）,券核销金额（元）,券名称,商家红包消费金额（元）,"
    "卡消费金额（元）,退款批次号/请求号,服务费（元）,分润（元）,备注\r\n"
    "2026120322001400000000000001\t,GH20261203000002\t,交易,工本费,2026-12-03 09:00:00,2026-12-03 09:00:31,,,,,"
    "dem***@example.com,19.99,19.99,0.00,0.00,0.00,0.00,0.00,,0.00,0.00,,-0.12,0.00,\r\n"
    "2026120322001400000000000001\t,GH20261203000002\t,退款,工本费,2026-12-03 09:00:00,2026-12-03 11:20:00,,,,,"
    "dem***@example.com,19.99,-9.99,0.00,0.00,0.00,0.00,0.00,,0.00,0.00,RF1\t,0.06,0.00,\r\n"
    "#-----------------------------------------业务明细列表结束------------------------------------\r\n"
    "#交易合计：1笔，商家实收：19.99元，商家优惠：0.00元\r\n#退款合计：1笔，商家实收：-9.99元，商家优惠：0.00元\r\n"
)


def test_the_alipay_bill_is_read_from_its_archive():
    rows = alipay.parse_trade_bill(alipay_archive("20880000000000000156_20261203_业务明细.csv", ALIPAY_BILL))
    assert [(row.kind, row.out_trade_no, row.amount_fen, row.out_refund_no) for row in rows] == [
        ("payment", "GH20261203000002", 1999, ""),
        ("refund", "GH20261203000002", 999, "RF1"),
    ]
    assert rows[1].at == datetime(2026, 12, 3, 11, 20, tzinfo=ZoneInfo("Asia/Shanghai"))


def test_an_alipay_archive_without_the_detail_file_is_an_error():
    with pytest.raises(ValueError, match="业务明细"):
        alipay.parse_trade_bill(alipay_archive("something_else.csv", ALIPAY_BILL))
