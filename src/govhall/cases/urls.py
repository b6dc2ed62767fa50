from django.urls import path

from govhall.cases import apply_views, correction_views, document_views, views, window_views, workbench

app_name = "cases"
urlpatterns = [
    path("apply/<str:code>/", apply_views.apply, name="apply"),
    path("mine/", views.my_cases, name="mine"),
    path("progress/", views.progress, name="progress"),
    path("messages/", views.inbox, name="messages"),
    path("<str:number>/", views.detail, name="detail"),
    path("<str:number>/withdraw/", views.withdraw, name="withdraw"),
    path("<str:number>/correct/", correction_views.correct, name="correct"),
    path("<str:number>/documents/<str:kind>/", document_views.applicant_document, name="document"),
    path("<str:number>/materials/<id:material_id>/", workbench.material_file, name="material_file"),
    path("<str:number>/corrections/<id:document_id>/", correction_views.correction_file, name="correction_file"),
]

workbench_urlpatterns = [
    path("", workbench.inbox, name="inbox"),
    path("cases/<str:number>/", workbench.handle, name="handle"),
    path("cases/<str:number>/act/", workbench.perform, name="perform"),
    path("cases/<str:number>/claim/", workbench.claim, name="claim"),
    path("cases/<str:number>/reveal/", workbench.reveal, name="reveal"),
    path("cases/<str:number>/assign/", workbench.assign, name="assign"),
    path("receive/", window_views.receive, name="receive"),
    path("receive/<str:number>/", window_views.receive_case, name="receive_case"),
    path("cases/<str:number>/at-once/", window_views.decide_at_once, name="decide_at_once"),
    path("cases/<str:number>/post-check/", window_views.post_check, name="post_check"),
    path("cases/<str:number>/documents/<str:kind>/", document_views.staff_document, name="document"),
]
