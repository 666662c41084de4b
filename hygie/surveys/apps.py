from django.apps import AppConfig

from hygie.lib import plugins

JOURNAL_LABELS = {
    "survey.created": "Enquête créée",
    "survey.edited": "Enquête modifiée",
    "survey.opened": "Enquête ouverte",
    "survey.closed": "Enquête fermée",
    "survey.invited": "Adresses invitées à une enquête",
    "survey.invitations_sent": "Invitations à une enquête envoyées",
    "survey.reminded": "Relance des invitations à une enquête",
    "survey.results_published": "Résultats d'enquête publiés",
    "survey.results_unpublished": "Publication des résultats d'enquête retirée",
    "survey.window_excluded": "Réponses d'une période écartées (afflux)",
    "survey.window_reintegrated": "Réponses d'une période réintégrées",
}


class SurveysConfig(AppConfig):
    """Anonymous surveys of a territory's professionals, run by a regional
    body's animateur: the ready-made « Pratiques et connaissances RGPD et
    cybersécurité » or one built from scratch, collected by public link or
    invitation, with charts and breakdowns that suppress small counts."""

    name = "hygie.surveys"
    label = "surveys"
    verbose_name = "Enquêtes"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from hygie.surveys.actions import purge_invitations
        from hygie.surveys.demo import create_region_demo

        # Housekeeping: the invitations' addresses, thirty days after closing.
        plugins.register(
            self.label,
            housekeeping=purge_invitations,
            demo_region=create_region_demo,
            journal_labels=JOURNAL_LABELS,
        )
