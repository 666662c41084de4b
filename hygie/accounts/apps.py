from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "hygie.accounts"
    label = "accounts"
    verbose_name = "Comptes"

    def ready(self):
        from hygie.accounts.models import SentMail
        from hygie.lib import emails

        emails.count_sent_in(SentMail)
