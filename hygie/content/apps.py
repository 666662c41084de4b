from django.apps import AppConfig


class ContentConfig(AppConfig):
    name = "hygie.content"
    label = "content"
    verbose_name = "Bibliothèque de contenus"
