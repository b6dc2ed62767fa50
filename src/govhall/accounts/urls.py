from django.urls import path

from govhall.accounts import qr_views, staff_views, views

app_name = "accounts"
urlpatterns = [
    path("register/", views.register, name="register"),
    path("code/", views.send_code, name="send_code"),
    path("login/", views.login_password, name="login"),
    path("login/sms/", views.login_sms, name="login_sms"),
    path("password/reset/", views.reset_password, name="password_reset"),
    path("login/qr/status/", qr_views.qr_status, name="qr_status"),
    path("login/qr/finish/", qr_views.qr_finish, name="qr_finish"),
    path("qr/<str:token>/", qr_views.qr_confirm, name="qr_confirm"),
    path("login/totp/", views.totp, name="totp"),
    path("login/totp/setup/", views.totp_setup, name="totp_setup"),
    path("logout/", views.logout_view, name="logout"),
    path("me/", views.me, name="me"),
    path("me/activity/", views.my_activity, name="activity"),
    path("me/organisations/", views.organisations, name="organisations"),
    path("me/organisations/<id:organisation_id>/agents/", views.agents, name="agents"),
    path("me/authorisations/<id:authorisation_id>/revoke/", views.revoke, name="revoke"),
    path("me/act-as/", views.act_as, name="act_as"),
    path("me/addresses/", views.addresses, name="addresses"),
    path("me/addresses/<id:address_id>/delete/", views.delete_address, name="delete_address"),
    path("staff/people/", staff_views.person_lookup, name="person_lookup"),
    path("staff/people/<id:person_id>/reveal/", staff_views.reveal, name="reveal"),
]
