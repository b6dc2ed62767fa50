from django.urls import path

from govhall.portal import (
    assist_views,
    benefit_views,
    bundle_views,
    pwa,
    queue_views,
    search_views,
    trail_views,
    views,
)

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    path("search/go/", search_views.search_click, name="search_click"),
    path("items/<str:code>/", views.guide, name="guide"),
    path("assist/", assist_views.assist, name="assist"),
    path("assist/feedback/", assist_views.feedback, name="assist_feedback"),
    path("items/<str:code>/materials/<id:material_id>/<str:kind>.xlsx", views.material_form, name="material_form"),
    path("departments/", views.departments, name="departments"),
    path("themes/<slug:slug>/", views.theme, name="theme"),
    path("life-events/<slug:slug>/", views.life_event, name="life_event"),
    path("bundles/<slug:slug>/", bundle_views.start, name="bundle"),
    path("bundles/<slug:slug>/apply/", bundle_views.apply, name="bundle_apply"),
    path("my-bundles/<str:number>/", bundle_views.bundle_case, name="bundle_case"),
    path("my-bundles/<str:number>/rate/", bundle_views.rate, name="bundle_rate"),
    path("halls/", views.halls, name="halls"),
    path("halls/<slug:hall>/ticket/", queue_views.take, name="take_ticket"),
    path("halls/<slug:hall>/calls/", queue_views.calls, name="hall_calls"),
    path("halls/<slug:hall>/calls/stream/", queue_views.call_stream, name="hall_call_stream"),
    path("tickets/<id:ticket_id>/", queue_views.ticket, name="ticket"),
    path("me/data-trail/", trail_views.data_trail, name="data_trail"),
    path("benefits/", benefit_views.benefits, name="benefits"),
    path("benefits/<id:offer_id>/answer/", benefit_views.answer, name="benefit_answer"),
    path("benefits/policies/<slug:code>/opt-out/", benefit_views.opt_out, name="benefit_opt_out"),
    path("manifest.webmanifest", pwa.manifest, name="manifest"),
    path("sw.js", pwa.service_worker, name="service_worker"),
    path("offline/", pwa.offline, name="offline"),
    path("favicon.ico", pwa.favicon, name="favicon"),
    path("display/large-text/", views.toggle_large_text, name="toggle_large_text"),
]
