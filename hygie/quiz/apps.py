from django.apps import AppConfig


class QuizConfig(AppConfig):
    name = "hygie.quiz"
    verbose_name = "Cyberquiz"
    default_auto_field = "django.db.models.BigAutoField"
