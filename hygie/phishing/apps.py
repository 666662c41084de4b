from django.apps import AppConfig


class PhishingConfig(AppConfig):
    """Messages suspects: the offline analysis of e-mails, SMS and links."""

    name = "hygie.phishing"
    label = "phishing"
    verbose_name = "Messages suspects"
    default_auto_field = "django.db.models.BigAutoField"
