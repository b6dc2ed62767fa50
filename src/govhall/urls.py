from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.urls import include, path, reverse

from govhall.accounts.oidc_views import oidc_endpoints
from govhall.api.router import api
from govhall.portal import delivery_views

admin.site.site_header = "GovHall 一网通办 管理后台"
admin.site.site_title = "GovHall 管理后台"
admin.site.index_title = "事项库与运营管理"


def admin_login(request: HttpRequest, extra_context: object = None) -> HttpResponse:
    """The back office signs in through GovHall's own login (password, lockout and, for staff, TOTP)."""
    return redirect_to_login(request.GET.get("next") or reverse("admin:index"), reverse("accounts:login"))


admin.site.login = admin_login  # type: ignore[method-assign]

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("govhall.accounts.urls")),
    path("cases/", include("govhall.portal.cases.urls")),
    path("appointments/", include("govhall.portal.appointments.urls")),
    path("licences/", include("govhall.portal.licences.wallet_urls")),
    path("verify/", include("govhall.portal.licences.verify_urls")),
    path("payments/", include("govhall.portal.payments.urls")),
    path("workbench/", include("govhall.workbench.urls")),
    path("kiosk/", include("govhall.kiosk.urls")),
    path("ratings/", include("govhall.evaluation.urls")),
    path("enquiries/", include("govhall.portal.enquiry_urls")),
    path("supervision/", include("govhall.supervision.urls")),
    path("outreach/", include("govhall.outreach.urls")),
    path("o/", include((oidc_endpoints, "oauth2_provider"))),
    path("api/v1/", api.urls),
    path("delivery/notify/<slug:carrier>/", delivery_views.notify, name="delivery_notify"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("govhall.portal.urls")),
]

handler400 = "govhall.portal.views.bad_request"
handler403 = "govhall.portal.views.forbidden"
handler404 = "govhall.portal.views.not_found"
handler500 = "govhall.portal.views.server_error"
