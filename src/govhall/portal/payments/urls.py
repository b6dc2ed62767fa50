"""Money under /payments/ (namespace "payments"): gateways' notifications, the public receipt check and the
applicant's pay pages (pay_views)."""

from django.urls import path

from govhall.portal.payments import notify, pay_views, receipt_views

app_name = "payments"
urlpatterns = [
    path("notify/<str:channel>/", notify.notify, name="notify"),
    path("receipts/verify/", receipt_views.verify_receipt, name="verify_receipt"),
    path("mine/", pay_views.mine, name="mine"),
    path("<str:number>/", pay_views.pay, name="pay"),
    path("<str:number>/check/", pay_views.check, name="check"),
    path("<str:number>/status.json", pay_views.status, name="status"),
    path("<str:number>/receipt.pdf", pay_views.receipt, name="receipt"),
]
