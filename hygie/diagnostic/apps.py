from django.apps import AppConfig

from hygie.lib import plugins

TILE = plugins.Tile(
    "diagnostic",
    "Diagnostic d'hygiène numérique",
    "Faites le point sur vos pratiques et repartez avec six actions prioritaires.",
    permission="diagnostic.plan",
    url_name="diagnostic:home",
    full="diagnostic.answer",
    limited=plugins.Limited(
        "Les actions du plan de sécurité qui vous sont confiées, avec leur date.",
        title="Mes actions du plan",
        url_name="diagnostic:plan",
    ),
)

JOURNAL_LABELS = {
    "diagnostic.started": "Diagnostic commencé",
    "diagnostic.profile_saved": "Profil du diagnostic enregistré",
    "diagnostic.completed": "Diagnostic terminé",
    "diagnostic.deleted": "Diagnostic en cours supprimé",
    "action.created": "Action ajoutée au plan",
    "action.changed": "Action du plan modifiée",
    "action.closed": "Action du plan close",
    "action.reopened": "Action du plan rouverte",
}


class DiagnosticConfig(AppConfig):
    name = "hygie.diagnostic"
    verbose_name = "Diagnostic d'hygiène numérique"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from hygie.diagnostic import demo
        from hygie.diagnostic.actions import follow_time_zone
        from hygie.orgs.signals import time_zone_changed

        time_zone_changed.connect(follow_time_zone, dispatch_uid="diagnostic.follow_time_zone")
        plugins.register(self.label, tile=TILE, demo=demo.create, journal_labels=JOURNAL_LABELS)
