from django.apps import AppConfig


class JournalConfig(AppConfig):
    name = "hygie.journal"
    label = "journal"
    verbose_name = "Journal d'audit"

    def ready(self):
        from hygie.journal import checks  # noqa: F401 (registers the deployment check)
