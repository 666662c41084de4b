from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "hygie.orgs"
    label = "orgs"
    verbose_name = "Organisations"
