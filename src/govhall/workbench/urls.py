"""The workbench under /workbench/ (namespace "workbench")."""

from django.urls import path

from govhall.workbench import (
    appointment_views,
    delivery_views,
    enquiry_views,
    finance_views,
    instant_views,
    licence_views,
    money_views,
    queue_views,
    search_views,
    views,
    window_views,
)

app_name = "workbench"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("cases/<str:number>/", views.handle, name="handle"),
    path("cases/<str:number>/act/", views.perform, name="perform"),
    path("cases/<str:number>/claim/", views.claim, name="claim"),
    path("cases/<str:number>/reveal/", views.reveal, name="reveal"),
    path("cases/<str:number>/assign/", views.assign, name="assign"),
    path("receive/", window_views.receive, name="receive"),
    path("queue/", queue_views.window_screen, name="queue"),
    path("appointments/", appointment_views.hall_day, name="appointments"),
    path("queue/<id:window_id>/<str:act>/", queue_views.act, name="queue_act"),
    path("instant/", instant_views.audit_queue, name="instant_audit"),
    path("enquiries/", enquiry_views.queue, name="enquiries"),
    path("enquiries/<id:enquiry_id>/", enquiry_views.detail, name="enquiry"),
    path("enquiries/<id:enquiry_id>/<slug:act>/", enquiry_views.act, name="enquiry_act"),
    path("search-report/", search_views.search_report, name="search_report"),
    path("search-report/alias/", search_views.add_alias, name="search_add_alias"),
    path("search-report/synonym/", search_views.add_synonym, name="search_add_synonym"),
    path("instant/<id:decision_id>/review/", instant_views.review, name="instant_review"),
    path("receive/<str:number>/", window_views.receive_case, name="receive_case"),
    path("cases/<str:number>/at-once/", window_views.decide_at_once, name="decide_at_once"),
    path("cases/<str:number>/post-check/", window_views.post_check, name="post_check"),
    path("cases/<str:number>/documents/<str:kind>/", views.staff_document, name="document"),
    path("cases/<str:number>/post/", delivery_views.post_result, name="post_result"),
    path("cases/<str:number>/waybill/", delivery_views.enter_waybill, name="enter_waybill"),
    path(
        "cases/<str:number>/shipments/<id:shipment_id>/cancel/", delivery_views.cancel_shipment, name="cancel_shipment"
    ),
    path("cases/<str:number>/shipments/<id:shipment_id>/label/", delivery_views.print_label, name="print_label"),
    path("cases/<str:number>/shipments/<id:shipment_id>/tracking/", delivery_views.track_by_hand, name="track_by_hand"),
    path("licences/verify/", licence_views.verify, name="licence_verify"),
    path("licences/grants/<id:grant_id>/", licence_views.grant, name="licence_grant"),
    path("licences/grants/<id:grant_id>/document.pdf", licence_views.grant_document, name="licence_grant_document"),
    path("cases/<str:number>/fees/", money_views.fix_fees, name="fix_fees"),
    path("payments/<str:number>/window/", money_views.window_payment, name="window_payment"),
    path("payments/<str:number>/refunds/", money_views.request_refund, name="request_refund"),
    path("refunds/", finance_views.refunds, name="refunds"),
    path(
        "refunds/<id:refund_id>/approve/", finance_views.decide_refund, {"decision": "approve"}, name="approve_refund"
    ),
    path("refunds/<id:refund_id>/reject/", finance_views.decide_refund, {"decision": "reject"}, name="reject_refund"),
    path("reconciliation/", finance_views.reconciliation, name="reconciliation"),
    path("reconciliation/run/", finance_views.run_reconciliation, name="run_reconciliation"),
    path("reconciliation/differences/<id:difference_id>/resolve/", finance_views.resolve, name="resolve_difference"),
]
