from django.apps import AppConfig

from hygie.lib import plugins

TILE = plugins.Tile(
    "incidents",
    "Incidents et violations de données",
    "Les premiers réflexes, les délais de 72 heures et les documents à produire.",
    permission="incidents.declare",
    url_name="incidents:list",
    full="incidents.view",
    limited=plugins.Limited("Signalez un incident et suivez pas à pas les premiers réflexes."),
)

JOURNAL_LABELS = {
    "incident.declared": "Incident déclaré",
    "incident.entry": "Entrée ajoutée à la chronologie d'un incident",
    "incident.register_policy": "Conservation du registre des violations fixée",
}


def create_demo(org, owner, secretary) -> None:
    from hygie.incidents import demo

    demo.create(org, secretary)


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
        plugins.register(self.label, tile=TILE, demo=create_demo, journal_labels=JOURNAL_LABELS)
