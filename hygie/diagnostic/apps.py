from django.apps import AppConfig


class DiagnosticConfig(AppConfig):
    name = "hygie.diagnostic"
    verbose_name = "Diagnostic d'hygiène numérique"
    default_auto_field = "django.db.models.BigAutoField"
