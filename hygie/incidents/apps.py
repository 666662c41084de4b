from django.apps import AppConfig


class IncidentsConfig(AppConfig):
    name = "hygie.incidents"
    verbose_name = "Incidents et violations de données"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from hygie.incidents.verify import timeline_differences
        from hygie.incidents.zones import follow_time_zone
        from hygie.journal.verify import COPY_CHECKS
        from hygie.orgs.signals import time_zone_changed

        if timeline_differences not in COPY_CHECKS:
            COPY_CHECKS.append(timeline_differences)
        time_zone_changed.connect(follow_time_zone, dispatch_uid="incidents.follow_time_zone")
