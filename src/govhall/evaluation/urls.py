from django.urls import path

from govhall.evaluation import staff_views, views, window_views

app_name = "evaluation"
urlpatterns = [
    # The applicant (case page forms).
    path("cases/<str:number>/rate/", views.rate, name="rate"),
    path("cases/<str:number>/satisfaction/", views.satisfaction, name="satisfaction"),
    # The window: 请评价 and the rating screen.
    path("window/", window_views.screen_link, name="screen_link"),
    path("window/<str:number>/request/", window_views.request_rating, name="request_rating"),
    path("screen/<str:token>/", window_views.screen, name="screen"),
    path("screen/<str:token>/pending/", window_views.screen_pending, name="screen_pending"),
    path("screen/<str:token>/rate/<id:request_id>/", window_views.screen_rate, name="screen_rate"),
    # The department: rectifications, one rating's page, call-back, reply, appeal.
    path("rectifications/", staff_views.rectifications, name="rectifications"),
    path("department/", staff_views.department_ratings, name="department_ratings"),
    path("department/<id:rating_id>/", staff_views.rating_page, name="rating"),
    path("department/<id:rating_id>/call-back/", staff_views.call_back, name="call_back"),
    path("department/<id:rating_id>/resolve/", staff_views.resolve, name="resolve"),
    path("department/<id:rating_id>/appeal/", staff_views.appeal, name="appeal_file"),
    # Supervisors: appeals and comment moderation.
    path("appeals/", staff_views.appeals, name="appeals"),
    path("appeals/<id:appeal_id>/", staff_views.appeal_decision, name="appeal"),
    path("moderation/", staff_views.moderation_queue, name="moderation"),
    path("moderation/<id:rating_id>/", staff_views.moderate, name="moderate"),
]
