"""Public licence verification under /verify/ (namespace "verify")."""

from django.urls import path

from govhall.portal.licences import verify_views

app_name = "verify"
urlpatterns = [
    path("", verify_views.verify_form, name="form"),
    path("keys/", verify_views.issuer_keys, name="keys"),
    path("<str:identifier>", verify_views.verify_licence, name="licence"),
    path("<str:identifier>/", verify_views.verify_licence),
]
