from django.apps import AppConfig

from hygie.lib import plugins

TILE = plugins.Tile(
    "sauvegardes",
    "Sauvegardes",
    "Votre plan de sauvegarde et les tests de restauration à ne pas oublier.",
    permission="backups.view",
    url_name="backups:home",
)

JOURNAL_LABELS: dict[str, str] = {
    "backups.plan_added": "Sauvegarde ajoutée au plan",
    "backups.plan_changed": "Sauvegarde du plan modifiée",
    "backups.plan_retired": "Sauvegarde retirée du plan",
    "backups.done": "Sauvegarde faite",
    "backups.done_deleted": "Sauvegarde notée par erreur, retirée du journal",
    "backups.restore_tested": "Test de restauration noté",
    "backups.destroyed": "Destruction de support ou de données notée",
}


class BackupsConfig(AppConfig):
    """Sauvegardes: the practice's backup plan, its log of backups, restore
    tests and destructions; and Hygie's own encrypted backup and verified
    restore (`hygie sauvegarde`)."""

    name = "hygie.backups"
    label = "backups"
    verbose_name = "Sauvegardes"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from hygie.backups import demo, status
        from hygie.backups.actions import follow_time_zone
        from hygie.backups.instance.schedule import tick
        from hygie.orgs.signals import time_zone_changed

        time_zone_changed.connect(follow_time_zone, dispatch_uid="backups.follow_time_zone")
        # evidence: a restore test logged answers the diagnostic's restauration-testee;
        # tick: the instance's scheduled backup, when one is configured.
        plugins.register(
            self.label,
            tile=TILE,
            demo=demo.create,
            journal_labels=JOURNAL_LABELS,
            evidence=status.evidence,
            tick=tick,
        )
