from django.apps import AppConfig

from hygie.lib import plugins

TILE = plugins.Tile(
    "sauvegardes",
    "Sauvegardes",
    "Votre plan de sauvegarde et les tests de restauration à ne pas oublier.",
    permission="backups.view",
    url_name="backups:home",
)

JOURNAL_LABELS: dict[str, str] = {}


class BackupsConfig(AppConfig):
    """Sauvegardes: the practice's backup plan, its log of backups, restore
    tests and destructions; and Hygie's own encrypted backup and verified
    restore (`hygie sauvegarde`)."""

    name = "hygie.backups"
    label = "backups"
    verbose_name = "Sauvegardes"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        plugins.register(self.label, tile=TILE, journal_labels=JOURNAL_LABELS)
