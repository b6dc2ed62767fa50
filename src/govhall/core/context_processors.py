from django.conf import settings
from django.http import HttpRequest

LARGE_TEXT_COOKIE = "govhall_large_text"


def display(request: HttpRequest) -> dict[str, object]:
    """Display preferences every page needs: the large-text high-contrast mode (适老化) and the hotline."""
    return {
        "large_text": request.COOKIES.get(LARGE_TEXT_COOKIE) == "1",
        "hotline": settings.GOVHALL_HOTLINE,
    }
