from django.apps import AppConfig

from hygie.lib import plugins

JOURNAL_LABELS: dict[str, str] = {
    "newsletter.drafted": "Lettre d'information créée",
    "newsletter.queued": "Lettre d'information envoyée aux abonnés",
    "newsletter.resent": "Envois incertains de la lettre relancés",
    "newsletter.subscribers_added": "Adresses invitées à s'abonner à la lettre",
    "newsletter.subscriber_removed": "Abonné retiré de la lettre",
}


class NewsletterConfig(AppConfig):
    """A regional body's newsletter: composed from blocks, previewed, sent to
    the territory's subscribers (double opt-in, one-click unsubscribe) in
    batches by the background loop, exactly once each."""

    name = "hygie.newsletter"
    label = "newsletter"
    verbose_name = "Lettre d'information"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from hygie.newsletter.demo import create_region_demo
        from hygie.newsletter.sending import send_batch
        from hygie.newsletter.subscribers import forget_unconfirmed

        plugins.register(
            self.label,
            journal_labels=JOURNAL_LABELS,
            tick=send_batch,
            housekeeping=forget_unconfirmed,
            demo_region=create_region_demo,
        )
