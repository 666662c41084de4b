from django.apps import AppConfig


class DeadlinesConfig(AppConfig):
    name = "hygie.deadlines"
    label = "deadlines"
    verbose_name = "Échéances"

    def ready(self):
        from hygie.deadlines.actions import keep_wall_clock
        from hygie.orgs.signals import time_zone_changed

        time_zone_changed.connect(keep_wall_clock, dispatch_uid="deadlines.keep_wall_clock")
