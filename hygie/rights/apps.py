from django.apps import AppConfig


class RightsConfig(AppConfig):
    name = "hygie.rights"
    verbose_name = "Droits des patients"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from hygie.orgs.signals import time_zone_changed
        from hygie.rights.actions import follow_time_zone

        time_zone_changed.connect(follow_time_zone, dispatch_uid="rights.follow_time_zone")
