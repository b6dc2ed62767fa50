from django.urls import path

from govhall.kiosk import case_views, instant_views, queue_views, views

app_name = "kiosk"
urlpatterns = [
    path("", views.home, name="home"),
    path("start/", views.start, name="start"),
    path("text/", views.toggle_text, name="toggle_text"),
    path("reset/", views.reset, name="reset"),
    path("alive/", views.alive, name="alive"),
    path("login/", views.sign_in, name="login"),
    path("login/card/", views.sign_in_card, name="login_card"),
    path("login/qr/", views.sign_in_qr, name="login_qr"),
    path("ticket/", queue_views.take_ticket, name="ticket"),
    path("ticket/taken/", queue_views.ticket_taken, name="ticket_taken"),
    path("check-in/", queue_views.check_in, name="check_in"),
    path("progress/", case_views.progress, name="progress"),
    path("cases/<str:number>/", case_views.case_detail, name="case"),
    path("cases/<str:number>/print/", case_views.print_document, name="print"),
    path("cases/<str:number>/rate/", case_views.rate, name="rate"),
    path("rate/", case_views.rate_list, name="rate_list"),
    path("instant/", instant_views.items, name="instant"),
    path("instant/<str:code>/", instant_views.apply, name="instant_apply"),
]
