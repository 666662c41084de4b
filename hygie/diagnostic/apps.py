from django.apps import AppConfig


class DiagnosticConfig(AppConfig):
    name = "hygie.diagnostic"
    verbose_name = "Diagnostic d'hygiène numérique"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from hygie.diagnostic.actions import follow_time_zone
        from hygie.orgs.signals import time_zone_changed

        time_zone_changed.connect(follow_time_zone, dispatch_uid="diagnostic.follow_time_zone")
