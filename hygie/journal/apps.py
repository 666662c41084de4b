from django.apps import AppConfig


class JournalConfig(AppConfig):
    name = "hygie.journal"
    label = "journal"
    verbose_name = "Journal d'audit"
