from django.urls import path

from govhall.outreach import views

app_name = "outreach"
urlpatterns = [
    path("", views.candidates, name="candidates"),
    path("campaigns/", views.campaign_list, name="campaigns"),
    path("campaigns/new/", views.start, name="start"),
    path("campaigns/<id:campaign_id>/", views.campaign, name="campaign"),
]
