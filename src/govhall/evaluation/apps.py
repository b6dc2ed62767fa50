from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "govhall.evaluation"
    verbose_name = "好差评"
