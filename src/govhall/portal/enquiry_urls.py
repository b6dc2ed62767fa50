from django.urls import path

from govhall.portal import enquiry_views

app_name = "enquiries"
urlpatterns = [
    path("", enquiry_views.mine, name="mine"),
    path("new/", enquiry_views.new, name="new"),
    path("<id:enquiry_id>/", enquiry_views.detail, name="detail"),
    path("<id:enquiry_id>/rate/", enquiry_views.rate, name="rate"),
]
