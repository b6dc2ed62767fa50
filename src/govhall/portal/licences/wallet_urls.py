"""我的证照 under /licences/ (namespace "wallet")."""

from django.urls import path

from govhall.portal.licences import grant_views, wallet_views

app_name = "wallet"
urlpatterns = [
    path("", wallet_views.wallet, name="home"),
    path("<id:licence_id>/document.pdf", wallet_views.document, name="document"),
    path("<id:licence_id>/show/", wallet_views.show, name="show"),
    path("<id:licence_id>/grant/", grant_views.grant, name="grant"),
    path("<id:licence_id>/grants/<id:grant_id>/revoke/", grant_views.revoke, name="revoke_grant"),
    path("shown/<str:token>/", wallet_views.shown, name="shown"),
    path("granted/<id:grant_id>/", grant_views.granted, name="granted"),
    path("granted/<id:grant_id>/document.pdf", grant_views.granted_document, name="granted_document"),
]
