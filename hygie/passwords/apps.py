from django.apps import AppConfig

from hygie.lib import plugins

TILE = plugins.Tile(
    "mots-de-passe",
    "Mots de passe",
    "Testez un mot de passe dans votre navigateur et créez des phrases de passe.",
    permission="passwords.use",
    url_name="passwords:org",
)


class PasswordsConfig(AppConfig):
    """Mots de passe: the checker that runs in the browser, the renewal check,
    the passphrase generator and the cards on managers, MFA and PIN codes."""

    name = "hygie.passwords"
    label = "passwords"
    verbose_name = "Mots de passe"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from hygie.passwords import cards

        plugins.register(self.label, tile=TILE, measure_links=cards.measure_links)
