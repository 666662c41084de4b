from django.apps import AppConfig


class AwarenessConfig(AppConfig):
    """The public awareness pages: the six cyber réflexes, MSSanté, USB keys,
    updates, backups, travel and Wi-Fi, AI tools and patient photos, each
    printable with its sources and the resources the official bodies offer."""

    name = "hygie.awareness"
    label = "awareness"
    verbose_name = "Fiches de sensibilisation"
    default_auto_field = "django.db.models.BigAutoField"
