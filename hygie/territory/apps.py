from django.apps import AppConfig

from hygie.lib import plugins

TILE = plugins.Tile(
    "sensibilisation",
    "Sensibilisation et territoire",
    "Enquêtes, indicateurs anonymes du territoire et fiches réflexes.",
    url_name="territory:home",
)

JOURNAL_LABELS: dict[str, str] = {
    "territory.link_created": "Lien d'adhésion au territoire créé",
    "territory.link_revoked": "Lien d'adhésion au territoire retiré",
    "territory.link_sent": "Lien d'adhésion au territoire envoyé",
    "territory.joined": "Structure entrée dans le territoire",
    "territory.left": "Structure sortie du territoire",
    "territory.exported": "Tableau du territoire exporté",
}


class TerritoryConfig(AppConfig):
    """A regional body's territory: the practices that join it share
    aggregated indicators only, and the body sees distributions where every
    group under five practices is suppressed."""

    name = "hygie.territory"
    label = "territory"
    verbose_name = "Territoire"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from hygie.territory import actions, demo

        plugins.register(
            self.label,
            tile=TILE,
            tick=actions.tick,
            demo_region=demo.create,
            journal_labels=JOURNAL_LABELS,
        )
