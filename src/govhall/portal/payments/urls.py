"""Money under /payments/ (namespace "payments"): gateways' notifications and the public receipt check."""

from django.urls import path

from govhall.portal.payments import notify, receipt_views

app_name = "payments"
urlpatterns = [
    path("notify/<str:channel>/", notify.notify, name="notify"),
    path("receipts/verify/", receipt_views.verify_receipt, name="verify_receipt"),
]
