"""The search result click redirect: counts which result a person opened for their query (anonymously, once a day per
browser) and sends them on to the item's guide. Works without JavaScript; only ever redirects to our own item pages."""

import secrets

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from govhall.catalog import search_log, selectors
from govhall.portal.forms import SearchClickForm

VISITOR_COOKIE = "gh_sv"
VISITOR_SALT = "search-visitor"
VISITOR_MAX_AGE = 24 * 3600


def visitor_token(request: HttpRequest) -> str:
    """The browser's random search token, if it carries a valid one (set by the search page)."""
    return str(request.get_signed_cookie(VISITOR_COOKIE, default="", salt=VISITOR_SALT, max_age=VISITOR_MAX_AGE))


def give_visitor_token(request: HttpRequest, response: HttpResponse) -> None:
    """A browser that searches gets a random token for a day: clicks count once per token and day. It carries nothing
    about the person."""
    if not visitor_token(request):
        response.set_signed_cookie(
            VISITOR_COOKIE,
            secrets.token_urlsafe(16),
            salt=VISITOR_SALT,
            max_age=VISITOR_MAX_AGE,
            samesite="Lax",
            httponly=True,
            secure=settings.SESSION_COOKIE_SECURE,
        )


@require_safe
def search_click(request: HttpRequest) -> HttpResponse:
    form = SearchClickForm(request.GET)
    if not form.is_valid():
        problems = [str(error) for errors in form.errors.values() for error in errors]
        return render(request, "portal/search.html", {"form": None, "problems": problems}, status=400)
    item = selectors.applicable_item(form.cleaned_data["item"])
    if item is None:
        raise Http404(_("没有该事项。"))
    if request.method == "GET":  # link prefetchers send HEAD: not a click
        search_log.record_click(
            query=form.cleaned_data["q"],
            item=item,
            position=form.cleaned_data.get("pos") or 0,
            after=form.cleaned_data.get("prev") or "",
            token=visitor_token(request),
        )
    response = HttpResponseRedirect(item.get_absolute_url())  # our own page, never an address from the request
    response["Cache-Control"] = "no-store"
    return response
