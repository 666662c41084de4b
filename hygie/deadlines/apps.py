from django.apps import AppConfig


class DeadlinesConfig(AppConfig):
    name = "hygie.deadlines"
    label = "deadlines"
    verbose_name = "Échéances"
