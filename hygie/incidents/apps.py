from django.apps import AppConfig


class IncidentsConfig(AppConfig):
    name = "hygie.incidents"
    verbose_name = "Incidents et violations de données"
    default_auto_field = "django.db.models.BigAutoField"
