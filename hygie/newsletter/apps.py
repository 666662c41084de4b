from django.apps import AppConfig

from hygie.lib import plugins

JOURNAL_LABELS: dict[str, str] = {}


class NewsletterConfig(AppConfig):
    """A regional body's newsletter: composed from blocks, previewed, sent to
    the territory's subscribers (double opt-in, one-click unsubscribe) in
    batches by the background loop, exactly once each."""

    name = "hygie.newsletter"
    label = "newsletter"
    verbose_name = "Lettre d'information"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        plugins.register(self.label, journal_labels=JOURNAL_LABELS)
