"""Bearer credentials for the cases API: an app's access token acting for a person, a department system's API key."""

import uuid
from datetime import timedelta
from typing import Any

from django.utils import timezone
from oauth2_provider.models import get_access_token_model, get_application_model, set_token_value

from govhall.accounts.tokens import issue_api_key
from govhall.organisations.models import Department


def app_headers(user: Any, scope: str = "openid cases") -> dict[str, str]:
    application, _ = get_application_model().objects.get_or_create(
        name="办事 App",
        defaults={
            "client_type": "public",
            "authorization_grant_type": "authorization-code",
            "redirect_uris": "https://app.example/cb",
        },
    )
    raw = f"app-token-{uuid.uuid4().hex}"
    token = get_access_token_model()(
        user=user, application=application, scope=scope, expires=timezone.now() + timedelta(hours=1)
    )
    set_token_value(token, raw)
    token.save()
    return {"Authorization": f"Bearer {raw}"}


def system_headers(department: Department, *scopes: str, name: str = "部门业务系统") -> dict[str, str]:
    _, token = issue_api_key(
        name=name, department=department, scopes=list(scopes or ("cases:receive", "cases:decide")), actor=None
    )
    return {"Authorization": f"Bearer {token}"}
