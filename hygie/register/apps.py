from django.apps import AppConfig

from hygie.lib import plugins

TILE = plugins.Tile(
    "registre",
    "Registre RGPD",
    "Votre registre des traitements et l'information des patients.",
    permission="register.view",
    url_name="register:home",
    full="register.read",
    limited=plugins.Limited(
        "Les traitements de données du registre RGPD dans lesquels vous travaillez."
    ),
)

JOURNAL_LABELS = {
    "register.changed": "Registre RGPD modifié",
    "questionnaire.sent": "Questionnaire fournisseur envoyé",
    "questionnaire.returned": "Questionnaire fournisseur retourné signé",
}


def create_demo(org, owner, secretary) -> None:
    from hygie.register import demo

    demo.create(org, owner)


class RegisterConfig(AppConfig):
    name = "hygie.register"
    label = "rgpd_register"
    verbose_name = "Registre RGPD"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from hygie.orgs.signals import time_zone_changed
        from hygie.register.actions import follow_time_zone

        time_zone_changed.connect(follow_time_zone, dispatch_uid="register.follow_time_zone")
        plugins.register(self.label, tile=TILE, demo=create_demo, journal_labels=JOURNAL_LABELS)
