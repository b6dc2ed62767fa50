"""System checks on the secrets. They run at every start: `manage.py check`, `migrate`, `runserver`, the task worker
(`db_worker`), `run_periodic`, and wsgi.py (gunicorn does not run system checks itself); an Error stops the start."""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, register, run_checks
from django.core.exceptions import ImproperlyConfigured

KEYS = "govhall_keys"


@register(KEYS)
def secrets_configured(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    """With DEBUG off every secret must be the deployment's own, not a development value."""
    if settings.DEBUG:
        return []
    return [
        Error(
            f"{name} 未设置：DEBUG 关闭时必须提供这项密钥（环境变量 {name}，或 {name}_FILE 指向保存它的文件）。",
            hint="见 docs/deployment.md 第 3 节（Secrets and keys）；开发时设 DEBUG=true 使用开发用密钥。",
            id="govhall.E001",
        )
        for name in settings.DEVELOPMENT_SECRETS
    ]


@register(KEYS)
def keys_match_database(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    """The field and blind-index keys are the ones this database was written with."""
    from govhall.core.keys import key_problems

    return key_problems()


def verify_keys_at_start() -> None:
    """Refuse to start (ImproperlyConfigured, logged by gunicorn) when a key check fails."""
    errors = [message for message in run_checks(tags=[KEYS]) if message.is_serious()]
    if errors:
        raise ImproperlyConfigured("GovHall 不能启动：\n" + "\n".join(str(error) for error in errors))


@register(deploy=True)
def static_files_collected(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    """With DEBUG off pages name the hashed static files from collectstatic's manifest: without it every page is a
    500 ("Missing staticfiles manifest entry")."""
    if settings.DEBUG:
        return []
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    if manifest.exists():
        return []
    return [
        Error(
            f"静态文件尚未收集：{manifest} 不存在，所有页面都会出错（500）。",
            hint="运行 manage.py collectstatic --noinput（每次发布和在新的 GOVHALL_VAR_DIR 上恢复之后），再重启 web 服务。",
            id="govhall.E005",
        )
    ]
