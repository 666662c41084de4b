from django.apps import AppConfig

from hygie.lib import plugins

TILE = plugins.Tile(
    "messages",
    "Messages suspects",
    "Analysez un e-mail ou un SMS douteux avant de cliquer.",
    permission="phishing.analyse",
    url_name="phishing:analyse",
)

JOURNAL_LABELS = {
    "phishing.report_kept": "Rapport d'analyse d'un message suspect conservé",
    "phishing.report_deleted": "Rapport d'analyse d'un message suspect supprimé",
    "phishing.reports_purged": "Rapports d'analyse de messages supprimés au terme de leur conservation",
}


class PhishingConfig(AppConfig):
    """Messages suspects: the offline analysis of e-mails, SMS and links."""

    name = "hygie.phishing"
    label = "phishing"
    verbose_name = "Messages suspects"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from hygie.phishing.actions import purge

        # Housekeeping: the kept reports older than PHISHING_KEEP_DAYS.
        plugins.register(self.label, tile=TILE, housekeeping=purge, journal_labels=JOURNAL_LABELS)
