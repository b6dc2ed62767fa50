"""财政电子票据查验, public: the QR code on a receipt opens this page with its 票据代码, 票据号码 and 校验码; the
receipt's facts are shown when all three match (the payer's name masked)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from govhall.cases.fees import yuan
from govhall.core.crypto import mask_name
from govhall.payments import services


@require_safe
def verify_receipt(request: HttpRequest) -> HttpResponse:
    code, number, check = (request.GET.get(name, "")[:40] for name in ("code", "number", "check"))
    if not (code or number or check):
        return render(request, "portal/payments/receipt_verify.html", {"receipt": None, "asked": False})
    receipt = services.find_receipt(code=code, number=number, check=check)
    context = {
        "asked": True,
        "receipt": receipt,
        "payer": mask_name(receipt.payer_name) if receipt else "",
        "amount": yuan(receipt.amount_fen) if receipt else "",
        "lines": [{"name": line["name"], "yuan": yuan(int(line["amount_fen"]))} for line in receipt.lines]
        if receipt
        else [],
        "form": {"code": code, "number": number, "check": check},
    }
    return render(request, "portal/payments/receipt_verify.html", context, status=200 if receipt else 404)
