from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "govhall.organisations"
    verbose_name = "部门与岗位"
