"""The applicant's case pages under /cases/ (namespace "cases", as before the move to the portal)."""

from django.urls import path

from govhall.portal.cases import apply_views, correction_views, delivery_views, document_views, views
from govhall.portal.payments import pay_views

app_name = "cases"
urlpatterns = [
    path("apply/<str:code>/", apply_views.apply, name="apply"),
    path("mine/", views.my_cases, name="mine"),
    path("progress/", views.progress, name="progress"),
    path("messages/", views.inbox, name="messages"),
    path("<str:number>/", views.detail, name="detail"),
    path("<str:number>/pay/", pay_views.pay_case, name="pay"),
    path("<str:number>/withdraw/", views.withdraw, name="withdraw"),
    path("<str:number>/delete-draft/", views.delete_draft, name="delete_draft"),
    path("<str:number>/materials/", views.upload_material, name="upload_material"),
    path("<str:number>/correct/", correction_views.correct, name="correct"),
    path("<str:number>/pickup/", delivery_views.book_pickup, name="book_pickup"),
    path("<str:number>/shipments/<id:shipment_id>/cancel/", delivery_views.cancel_shipment, name="cancel_shipment"),
    path("<str:number>/documents/<str:kind>/", document_views.applicant_document, name="document"),
    path("<str:number>/materials/<id:material_id>/", document_views.material_file, name="material_file"),
    path("<str:number>/corrections/<id:document_id>/", correction_views.correction_file, name="correction_file"),
]
