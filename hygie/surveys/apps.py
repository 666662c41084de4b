from django.apps import AppConfig

from hygie.lib import plugins

JOURNAL_LABELS: dict[str, str] = {
    "surveys.results_published": "Résultats d'enquête publiés",
    "surveys.results_unpublished": "Publication des résultats d'enquête retirée",
    "surveys.window_excluded": "Réponses d'une période écartées (afflux)",
    "surveys.window_reintegrated": "Réponses d'une période réintégrées",
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
        plugins.register(self.label, journal_labels=JOURNAL_LABELS)
