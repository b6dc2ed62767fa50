"""The person's appointment pages under /appointments/ (namespace "appointments")."""

from django.urls import path

from govhall.portal.appointments import views

app_name = "appointments"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("book/<str:code>/", views.book, name="book"),
    path("<str:code>/", views.detail, name="detail"),
    path("<str:code>/cancel/", views.cancel, name="cancel"),
    path("<str:code>/reschedule/", views.reschedule, name="reschedule"),
]
