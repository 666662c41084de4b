from django.apps import AppConfig

from hygie.lib import plugins

TILE = plugins.Tile(
    "cyberquiz",
    "Cyberquiz",
    "Un quiz en direct pour sensibiliser une équipe ou une salle.",
    permission="quiz.host",
    url_name="quiz:home",
)

JOURNAL_LABELS = {
    "quiz.created": "Quiz composé",
    "quiz.changed": "Quiz modifié",
    "quiz.duplicated": "Quiz dupliqué",
    "quiz.shared": "Quiz partagé avec l'équipe",
    "quiz.unshared": "Quiz réservé à son auteur",
    "quiz.question_created": "Question du cyberquiz ajoutée",
    "quiz.game_launched": "Partie de cyberquiz lancée",
    "quiz.results_exported": "Résultats d'une partie de cyberquiz exportés",
    "quiz.players_purged": "Pseudonymes d'une partie supprimés au terme de leur conservation",
}


class QuizConfig(AppConfig):
    name = "hygie.quiz"
    verbose_name = "Cyberquiz"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from hygie.quiz.engine import purge

        # Housekeeping: the pseudonyms and answers of old games.
        plugins.register(self.label, tile=TILE, housekeeping=purge, journal_labels=JOURNAL_LABELS)
