"""The OAuth2/OIDC endpoints GovHall mounts under /o/, on django-oauth-toolkit's views, narrowed:

- the consent form's answer is checked again (client, redirect URI) before any redirect;
- only the protocol endpoints of the code flow (authorize, token, revoke, introspect, discovery, JWKS, userinfo,
  logout): no device flow, no self-service application pages (operators register clients with a command);
- discovery advertises only what is supported: response type `code`, RS256, PKCE S256;
- userinfo takes the access token from the Authorization header only, never from the address;
- introspection is a POST by an authenticated client, about its own tokens only (any other token is `active: false`),
  never a GET with the token in the address."""

import hashlib
import json
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.urls import URLPattern, path, re_path
from django.utils.decorators import method_decorator
from django.views.decorators.csrf import csrf_exempt
from oauth2_provider import views
from oauth2_provider.models import get_access_token_model, get_application_model
from oauthlib.common import Request as OauthlibRequest

from govhall.accounts.oidc import redirect_uri_acceptable


class AuthorizationView(views.AuthorizationView):
    """The consent form's answer is checked again before anything is redirected: the toolkit would send a refusal
    (拒绝) to whatever client and redirect URI the posted hidden fields name, or fail on an unknown client."""

    def form_valid(self, form: Any) -> HttpResponse:
        application = get_application_model().objects.filter(client_id=form.cleaned_data.get("client_id", "")).first()
        redirect_uri = form.cleaned_data.get("redirect_uri") or ""
        if application is None or not (
            application.redirect_uri_allowed(redirect_uri) and redirect_uri_acceptable(application, redirect_uri)
        ):
            problem = {"error": "invalid_request", "description": "授权请求中的应用或回调地址无效。"}
            return self.render_to_response({"error": problem}, status=400)
        return super().form_valid(form)


# The toolkit exempts these endpoints from CSRF on its own `dispatch`; a subclass that overrides `dispatch` loses the
# exemption (Django reads it from the view class's own dispatch), and every client's POST would get the CSRF page.
# They take no cookie session: the caller is the bearer token or the client's credentials.
@method_decorator(csrf_exempt, name="dispatch")
class UserInfoView(views.UserInfoView):
    """Userinfo with the access token in the Authorization header only (RFC 9700 §4.3.2: never in the address, where
    logs and Referer headers keep it); the toolkit's gate does not cover this endpoint."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if "access_token" in request.GET:
            problem = {"error": "invalid_request", "error_description": "请在 Authorization 请求头中发送访问令牌。"}
            return JsonResponse(problem, status=400)
        return super().dispatch(request, *args, **kwargs)


class DiscoveryView(views.ConnectDiscoveryInfoView):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().get(request, *args, **kwargs)
        data = json.loads(response.content)
        data["id_token_signing_alg_values_supported"] = ["RS256"]
        data["code_challenge_methods_supported"] = ["S256"]
        data["response_types_supported"] = ["code"]
        data["grant_types_supported"] = ["authorization_code", "refresh_token"]
        data["prompt_values_supported"] = ["none", "login"]
        answer = JsonResponse(data)
        answer["Access-Control-Allow-Origin"] = "*"
        return answer


@method_decorator(csrf_exempt, name="dispatch")
class OwnTokenIntrospectView(views.IntrospectTokenView):
    http_method_names = ["post", "options"]

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method not in {"POST", "OPTIONS"}:
            return HttpResponseNotAllowed(["POST"])  # before authentication: a GET would carry the token in the address
        return super().dispatch(request, *args, **kwargs)

    def authenticate_client(self, request: HttpRequest) -> bool:
        """The toolkit's client authentication, keeping which client it was."""
        core = self.get_oauthlib_core()
        uri, method, body, headers = core._extract_params(request)
        oauth_request = OauthlibRequest(uri, method, body, headers)
        valid = bool(core.server.request_validator.authenticate_client(oauth_request))
        request.introspecting_application = oauth_request.client if valid else None  # type: ignore[attr-defined]
        return valid

    def verify_request(self, request: HttpRequest) -> tuple[bool, Any]:
        valid, oauth_request = super().verify_request(request)
        token = getattr(oauth_request, "access_token", None)
        request.introspecting_application = token.application if valid and token else None  # type: ignore[attr-defined]
        return valid, oauth_request

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        value = request.POST.get("token")
        if value is None:
            return self.get_token_response(None)
        caller = getattr(request, "introspecting_application", None)
        owner = (
            get_access_token_model()
            .objects.filter(token_checksum=hashlib.sha256(value.encode()).hexdigest())
            .values_list("application_id", flat=True)
            .first()
        )
        if caller is None or owner != caller.pk:
            return JsonResponse({"active": False})
        return self.get_token_response(value)


oidc_endpoints: list[URLPattern] = [
    path("authorize/", AuthorizationView.as_view(), name="authorize"),
    path("token/", views.TokenView.as_view(), name="token"),
    path("revoke_token/", views.RevokeTokenView.as_view(), name="revoke-token"),
    path("introspect/", OwnTokenIntrospectView.as_view(), name="introspect"),
    re_path(r"^\.well-known/openid-configuration/?$", DiscoveryView.as_view(), name="oidc-connect-discovery-info"),
    path(".well-known/jwks.json", views.JwksInfoView.as_view(), name="jwks-info"),
    path("userinfo/", UserInfoView.as_view(), name="user-info"),
    path("logout/", views.RPInitiatedLogoutView.as_view(), name="rp-initiated-logout"),
]
