"""智能导办 /assist/: a question box, the answer as a bubble quoting the guide, and "这个回答有帮助吗？". Works as plain
GET and POST forms; with htmx the answer is added to the conversation and the feedback form replaced in place."""

import secrets
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_POST, require_safe

from govhall.assist import services
from govhall.core.clients import client_address
from govhall.portal.forms import AssistFeedbackForm, AssistForm

CONSULT_SECTION = "#ask-title"  # the guide page's 咨询、投诉与救济 section


def consult_url(answer: services.Answer) -> tuple[str, bool]:
    """Where to ask a person, and whether it is the 咨询 form: the enquiries app's form (about the item) when it is
    installed, else the guide's 咨询方式 section."""
    try:
        url = reverse("enquiries:new")
    except NoReverseMatch:
        return (f"{answer.item.source}{CONSULT_SECTION}" if answer.item is not None else ""), False
    return (f"{url}?{urlencode({'item': answer.item.code})}" if answer.item is not None else url), True


def exchange_context(answer: services.Answer, *, thanks: bool = False) -> dict[str, object]:
    url, is_form = consult_url(answer)
    return {
        "answer": answer,
        "consult_url": url,
        "consult_is_form": is_form,
        "hotline": settings.GOVHALL_HOTLINE,
        "thanks": thanks,
        "exchange_id": secrets.token_hex(4),
    }


@require_safe
def assist(request: HttpRequest) -> HttpResponse:
    form = AssistForm(request.GET or None)
    context: dict[str, object] = {"form": form}
    status = 200
    if form.is_bound:
        if form.is_valid():
            try:
                answer = services.answer(form.cleaned_data["q"])
            except services.QuestionError as error:
                context["problems"], status = [str(error)], 400
            else:
                context.update(exchange_context(answer, thanks=bool(request.GET.get("thanks"))))
        else:
            context["problems"], status = [str(e) for errors in form.errors.values() for e in errors], 400
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "portal/assist/_exchange.html", context, status=status)
    return render(request, "portal/assist/page.html", context, status=status)


@require_POST
def feedback(request: HttpRequest) -> HttpResponse:
    form = AssistFeedbackForm(request.POST)
    if not form.is_valid():
        problems = [str(e) for errors in form.errors.values() for e in errors]
        return render(request, "portal/assist/page.html", {"form": AssistForm(), "problems": problems}, status=400)
    data = form.cleaned_data
    try:
        services.record_feedback(
            question=data["question"],
            item_code=data["item_code"],
            intent=data["intent"],
            confident=data["confident"],
            helpful=data["helpful"] == "yes",
            ip_address=client_address(request),
        )
    except services.QuestionError as error:
        status = 429 if isinstance(error, services.TooOften) else 400
        return render(
            request, "portal/assist/page.html", {"form": AssistForm(), "problems": [str(error)]}, status=status
        )
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "portal/assist/_thanks.html")
    return redirect(f"{reverse('portal:assist')}?{urlencode({'q': data['question'], 'thanks': 1})}")
