from django.apps import AppConfig

from hygie.lib import plugins

TILE = plugins.Tile(
    "identitovigilance",
    "Identitovigilance",
    "Vérifiez un NIR ou un matricule INS, le statut d'une identité, et vos doublons.",
    permission="identity.check",
    url_name="identity:home",
)

JOURNAL_LABELS = {
    "identity.audit_ran": "Audit d'un fichier d'identités (nombres seulement)",
    "identity.report_kept": "Rapport d'audit d'identités conservé",
    "identity.report_deleted": "Rapport d'audit d'identités supprimé",
}


class IdentityConfig(AppConfig):
    """Identitovigilance: NIR and INS checks, RNIV statuses, the patient's
    MSSanté address, and the audit of an identity file for doublons and
    collisions."""

    name = "hygie.identity"
    label = "identity"
    verbose_name = "Identitovigilance"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from hygie.identity.uploads import purge

        plugins.register(self.label, tile=TILE, housekeeping=purge, journal_labels=JOURNAL_LABELS)
