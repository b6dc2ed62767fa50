from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "govhall.cases"
    verbose_name = "办件"

    def ready(self) -> None:
        from govhall.cases import checks  # noqa: F401 - registers the system checks
