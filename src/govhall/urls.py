from django.contrib import admin
from django.urls import include, path

from govhall.api.router import api

admin.site.site_header = "GovHall 一网通办 管理后台"
admin.site.site_title = "GovHall 管理后台"
admin.site.index_title = "事项库与运营管理"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("govhall.portal.urls")),
]

handler400 = "govhall.portal.views.bad_request"
handler403 = "govhall.portal.views.forbidden"
handler404 = "govhall.portal.views.not_found"
handler500 = "govhall.portal.views.server_error"
