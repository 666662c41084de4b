from django.apps import AppConfig


class RightsConfig(AppConfig):
    name = "hygie.rights"
    verbose_name = "Droits des patients"
    default_auto_field = "django.db.models.BigAutoField"
