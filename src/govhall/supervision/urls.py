from django.urls import path

from govhall.supervision import bundle_views, enquiry_views, money_views, queue_views, views

app_name = "supervision"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("figures.xlsx", views.export_figures, name="export_figures"),
    path("drill/<slug:figure>/<slug:part>/", views.drill, name="drill"),
    path("money/<slug:figure>/<slug:part>/", money_views.money_drill, name="money_drill"),
    path("overdue/", views.overdue, name="overdue"),
    path("queue/", queue_views.queue, name="queue"),
    path("enquiries/", enquiry_views.enquiries, name="enquiries"),
    path("bundles/", bundle_views.bundles, name="bundles"),
    path("rectifications/", views.rectifications, name="rectifications"),
    path("public/", views.public, name="public"),
]
