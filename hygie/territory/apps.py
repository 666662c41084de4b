from django.apps import AppConfig

from hygie.lib import plugins

TILE = plugins.Tile(
    "sensibilisation",
    "Sensibilisation et territoire",
    "Enquêtes, indicateurs anonymes du territoire et fiches réflexes.",
    url_name="territory:home",
)

JOURNAL_LABELS: dict[str, str] = {}


class TerritoryConfig(AppConfig):
    """A regional body's territory: the practices that join it share
    aggregated indicators only, and the body sees distributions where every
    group under five practices is suppressed."""

    name = "hygie.territory"
    label = "territory"
    verbose_name = "Territoire"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        plugins.register(self.label, tile=TILE, journal_labels=JOURNAL_LABELS)
