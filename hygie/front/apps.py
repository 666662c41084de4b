from django.apps import AppConfig

from hygie.lib import plugins


class FrontConfig(AppConfig):
    name = "hygie.front"
    label = "front"
    verbose_name = "Pages"

    def ready(self):
        plugins.register(
            self.label, journal_labels={"demo.created": "Organisation de démonstration créée"}
        )
