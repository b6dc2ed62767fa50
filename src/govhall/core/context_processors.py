from django.conf import settings
from django.http import HttpRequest

LARGE_TEXT_COOKIE = "govhall_large_text"


def display(request: HttpRequest) -> dict[str, object]:
    """What every page needs: the large-text high-contrast mode (适老化), the hotline and the site's name."""
    return {
        "large_text": request.COOKIES.get(LARGE_TEXT_COOKIE) == "1",
        "hotline": settings.GOVHALL_HOTLINE,
        "site_name": settings.SITE_NAME,
    }
