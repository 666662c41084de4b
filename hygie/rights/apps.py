from django.apps import AppConfig

from hygie.lib import plugins

TILE = plugins.Tile(
    "droits",
    "Droits des patients",
    "Les demandes d'accès au dossier et leurs délais légaux, sans rien oublier.",
    permission="rights.view",
    url_name="rights:dashboard",
    full="rights.decide",
    limited=plugins.Limited("Enregistrez les demandes des patients et suivez leurs délais légaux."),
)

JOURNAL_LABELS = {
    "rights.recue": "Demande de patient reçue",
    "rights.identite": "Identité du demandeur vérifiée",
    "rights.en_cours": "Demande de patient prise en charge",
    "rights.prolongee": "Prolongation d'une demande annoncée",
    "rights.repondue": "Réponse à une demande envoyée",
    "rights.refusee": "Refus motivé d'une demande envoyé",
    "rights.courrier": "Courrier d'une demande produit",
    "rights.note": "Note ajoutée à une demande",
    "rights.retention": "Conservation des demandes closes fixée",
    "rights.purged": "Demandes closes supprimées au terme de leur conservation",
}


class RightsConfig(AppConfig):
    name = "hygie.rights"
    verbose_name = "Droits des patients"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from hygie.orgs.signals import time_zone_changed
        from hygie.rights import demo
        from hygie.rights.actions import follow_time_zone, purge

        time_zone_changed.connect(follow_time_zone, dispatch_uid="rights.follow_time_zone")
        # Housekeeping: the closed requests kept beyond their organisation's stated period.
        plugins.register(
            self.label,
            tile=TILE,
            housekeeping=purge,
            demo=demo.create,
            journal_labels=JOURNAL_LABELS,
        )
