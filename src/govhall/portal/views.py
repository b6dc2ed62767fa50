"""Portal pages: thin views that parse, call a selector, render. Bad input gets a 400 page that says what is wrong."""

from typing import Any
from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from govhall.bundles import selectors as bundle_selectors
from govhall.catalog import blank_forms, search_log, selectors
from govhall.catalog.models import Item, LifeEvent, Theme
from govhall.catalog.search import QueryError
from govhall.core.context_processors import LARGE_TEXT_COOKIE
from govhall.core.downloads import as_download
from govhall.organisations import hours
from govhall.portal.forms import LocationForm, SearchForm
from govhall.portal.search_views import give_visitor_token

PAGE_SIZE = 20


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    context = {
        "person_themes": selectors.themes("person"),
        "legal_themes": selectors.themes("legal"),
        "popular": selectors.popular_items(12),
        "life_events": selectors.life_events(),
        "bundles": bundle_selectors.active_bundles(),
        "stats": selectors.catalog_stats(),
        "form": SearchForm(),
    }
    return render(request, "portal/home.html", context)


def _invalid(request: HttpRequest, form: SearchForm) -> HttpResponse:
    messages = [str(error) for errors in form.errors.values() for error in errors]
    return render(request, "portal/search.html", {"form": form, "problems": messages}, status=400)


@require_safe
def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET)
    if not form.is_valid():
        return _invalid(request, form)
    page = form.cleaned_data.get("page") or 1
    try:
        result = selectors.search_items(
            form.cleaned_data["q"], form.filters(), limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE
        )
    except QueryError as error:
        return render(request, "portal/search.html", {"form": form, "problems": [str(error)]}, status=400)
    pages = max(1, -(-result.count // PAGE_SIZE))
    text = form.cleaned_data["q"]
    # Result links go through the click redirect, carrying the query and the one typed before it.
    click = urlencode({"q": text, "prev": form.cleaned_data.get("prev") or ""}) if text else ""
    context = {
        "form": form,
        "result": result,
        "page": page,
        "pages": pages,
        "departments": selectors.department_choices(),
        "querystring": _without_page(request),
        # 一件事 whose name or keywords match: a block of their own above the items, not ranked among them
        "bundles": bundle_selectors.matching_bundles(form.cleaned_data["q"] or "") if page == 1 else [],
        "click_query": click,
        "position_base": (page - 1) * PAGE_SIZE,
    }
    htmx = request.htmx  # type: ignore[attr-defined]
    if text and page == 1 and not htmx:  # a search typed by a person (filters and pages are not new searches)
        search_log.record_search(text, result.count)
    response = render(request, "portal/_results.html" if htmx else "portal/search.html", context)
    if text:
        give_visitor_token(request, response)
    return response


def _without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    params.pop("prev", None)
    return params.urlencode()


@require_safe
def guide(request: HttpRequest, code: str) -> HttpResponse:
    if len(code) > 80:
        raise Http404(_("没有该事项。"))
    item = selectors.guide_item(code)
    if item is None or item.current_version is None:
        raise Http404(_("没有该事项。"))
    version = item.current_version
    form_materials = [material for material in version.materials.all() if blank_forms.is_form(material)]
    licence_types = [kind.name for kind in item.licence_types.filter(active=True)]  # the result, as an e-licence
    context = {"item": item, "guide": version, "form_materials": form_materials, "licence_types": licence_types}
    return render(request, "portal/guide.html", context)


@require_safe
def material_form(request: HttpRequest, code: str, material_id: int, kind: str) -> HttpResponse:
    """The blank form or the filled sample of one material of an item's published guide (XLSX)."""
    item = selectors.guide_item(code[:80])
    version = item.current_version if item is not None else None
    if item is None or version is None or kind not in ("blank", "sample"):
        raise Http404(_("没有该表格。"))
    material = next((m for m in version.materials.all() if m.pk == material_id), None)
    if material is None or not blank_forms.is_form(material):
        raise Http404(_("没有该表格。"))
    content = blank_forms.build_form(item, version, material, sample=kind == "sample")
    suffix = _("示例样表") if kind == "sample" else _("空白表格")
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    as_download(response, f"{material.name}-{suffix}.xlsx", personal=False)
    return response


@require_safe
def departments(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "portal/departments.html",
        {"departments": selectors.departments_with_counts(), "types": selectors.type_counts()},
    )


@require_safe
def theme(request: HttpRequest, slug: str) -> HttpResponse:
    found = get_object_or_404(Theme, slug=slug)
    items = Item.objects.filter(themes=found, current_version__isnull=False).select_related("department")
    return render(request, "portal/theme.html", {"theme": found, "items": items.order_by("-popularity", "name")[:200]})


@require_safe
def life_event(request: HttpRequest, slug: str) -> HttpResponse:
    event = get_object_or_404(LifeEvent, slug=slug)
    items = event.items.filter(current_version__isnull=False).select_related("department", "current_version")
    bundle = bundle_selectors.bundle_for_life_event(event.pk)
    return render(request, "portal/life_event.html", {"event": event, "items": items, "bundle": bundle})


# The demo district drawn under the service map: its boundary (a simplified GeoJSON of 广安市's districts, see
# docs/service-map.md) and the one the halls serve, highlighted.
DISTRICT_MAP = {"geo": "geo/511600-guangan.json", "name": "广安区", "code": "511602"}


@require_safe
def halls(request: HttpRequest) -> HttpResponse:
    form = LocationForm(request.GET)
    if not form.is_valid():
        return render(request, "portal/halls.html", {"form": form, "entries": [], "map_data": []}, status=400)
    entries = selectors.halls_by_distance(form.cleaned_data.get("lat"), form.cleaned_data.get("lng"))
    now = timezone.now()
    open_now = {entry.hall.pk: hours.is_open_at(entry.hall, now) for entry in entries}
    map_data = [
        {
            "name": entry.hall.name,
            "value": [float(entry.hall.longitude), float(entry.hall.latitude)],
            "open": open_now[entry.hall.pk],
            "status": _("办公中") if open_now[entry.hall.pk] else _("未在办公时间"),
            "km": entry.km,
            "anchor": f"hall-{entry.hall.slug}",
        }
        for entry in entries
    ]
    you = (
        [float(form.cleaned_data["lng"]), float(form.cleaned_data["lat"])]
        if form.cleaned_data.get("lat") is not None and form.cleaned_data.get("lng") is not None
        else None
    )
    context = {
        "form": form,
        "entries": entries,
        "open_now": open_now,
        "map_data": {"halls": map_data, "you": you, "district": DISTRICT_MAP["name"]},
        "district_geo": DISTRICT_MAP["geo"],
    }
    return render(request, "portal/halls.html", context)


@require_POST
def toggle_large_text(request: HttpRequest) -> HttpResponse:
    target = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    response = HttpResponseRedirect(target)
    if request.COOKIES.get(LARGE_TEXT_COOKIE) == "1":
        response.delete_cookie(LARGE_TEXT_COOKIE)
    else:
        response.set_cookie(LARGE_TEXT_COOKIE, "1", max_age=365 * 24 * 3600, samesite="Lax", httponly=True)
    return response


def _error(request: HttpRequest, status: int, title: str, message: str) -> HttpResponse:
    if request.path_info.startswith("/api/"):  # the API answers JSON even when Django itself refuses the request
        return JsonResponse({"detail": message}, status=status, json_dumps_params={"ensure_ascii": False})
    context: dict[str, Any] = {"title": title, "message": message, "status": status}
    return render(request, "portal/error.html", context, status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, 400, _("请求有误"), _("请求的内容有误，请检查后重试。"))


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, 403, _("无权访问"), _("您没有访问该页面的权限。"))


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, 404, _("页面不存在"), _("您要找的页面或事项不存在，可以试试搜索。"))


def server_error(request: HttpRequest) -> HttpResponse:
    return _error(request, 500, _("系统繁忙"), _("系统暂时出了问题，请稍后再试，或拨打服务热线。"))
