from django.apps import AppConfig


class RegisterConfig(AppConfig):
    name = "hygie.register"
    label = "rgpd_register"
    verbose_name = "Registre RGPD"
    default_auto_field = "django.db.models.BigAutoField"
