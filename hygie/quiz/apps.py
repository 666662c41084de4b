from django.apps import AppConfig

from hygie.lib import plugins

TILE = plugins.Tile(
    "cyberquiz",
    "Cyberquiz",
    "Un quiz en direct pour sensibiliser une équipe ou une salle.",
    permission="quiz.host",
    url_name="quiz:home",
)


class QuizConfig(AppConfig):
    name = "hygie.quiz"
    verbose_name = "Cyberquiz"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from hygie.quiz.engine import purge

        # Housekeeping: the pseudonyms and answers of old games.
        plugins.register(self.label, tile=TILE, housekeeping=purge)
