from django.apps import AppConfig


class FrontConfig(AppConfig):
    name = "hygie.front"
    label = "front"
    verbose_name = "Pages"
