from hygie.lib.commands import DatabaseCommand
from hygie.lib.french import count
from hygie.rights.actions import purge


class Command(DatabaseCommand):
    help = (
        "Demandes de patients. « hygie droits purger » supprime les demandes closes "
        "conservées au-delà de la durée fixée par leur organisation (aussi fait chaque "
        "heure par « hygie rappels --loop »)."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["purger"])

    def handle(self, *args, **options):
        removed = purge()
        self.stdout.write(
            f"{count(removed, 'demande close supprimée', 'demandes closes supprimées')}."
        )
