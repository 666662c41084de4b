from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "hygie.accounts"
    label = "accounts"
    verbose_name = "Comptes"
