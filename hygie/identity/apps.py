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
    "identity.reports_purged": "Rapports d'audit d'identités supprimés au terme de leur conservation",
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
        from hygie.identity.actions import housekeeping

        # Housekeeping: the uploads and results older than an hour, the kept
        # reports older than IDENTITY_REPORT_KEEP_DAYS.
        plugins.register(
            self.label, tile=TILE, housekeeping=housekeeping, journal_labels=JOURNAL_LABELS
        )
