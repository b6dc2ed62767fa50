from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "govhall.core"
    verbose_name = "基础"

    def ready(self) -> None:
        from django.urls import register_converter

        from govhall.core import checks  # noqa: F401 - registers the system checks
        from govhall.core.bounds import IdConverter

        register_converter(IdConverter, "id")
