from django.urls import path

from govhall.cases import views

app_name = "cases"
urlpatterns = [
    path("apply/<str:code>/", views.apply, name="apply"),
    path("mine/", views.my_cases, name="mine"),
    path("<str:number>/", views.detail, name="detail"),
    path("<str:number>/withdraw/", views.withdraw, name="withdraw"),
]
