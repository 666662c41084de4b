"""A subcommand of `hygie identite` (see management/commands/identite.py)."""

from django.core.management.base import CommandError

HELP = "En préparation."


def add_arguments(parser) -> None:
    pass


def run(command, options) -> None:
    raise CommandError("Cette commande n'est pas encore disponible.")
