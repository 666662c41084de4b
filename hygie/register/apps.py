from django.apps import AppConfig


class RegisterConfig(AppConfig):
    name = "hygie.register"
    label = "rgpd_register"
    verbose_name = "Registre RGPD"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from hygie.orgs.signals import time_zone_changed
        from hygie.register.actions import follow_time_zone

        time_zone_changed.connect(follow_time_zone, dispatch_uid="register.follow_time_zone")
