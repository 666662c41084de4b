"""`hygie identite nir NUMERO [--json]` and `hygie identite auditer FICHIER [--sortie PAIRES.csv]`.

Each subcommand lives in its own module of hygie.identity, which declares its
arguments (`add_arguments(parser)`) and runs it (`run(command, options)`).
"""

from __future__ import annotations

from hygie.identity import audit_command, nir_command
from hygie.lib.commands import DatabaseCommand

SUBCOMMANDS = {"nir": nir_command, "auditer": audit_command}


class Command(DatabaseCommand):
    help = (
        "Identitovigilance. « hygie identite nir NUMERO » vérifie un NIR ou un matricule INS ; "
        "« hygie identite auditer FICHIER » cherche les doublons et collisions d'un fichier "
        "d'identités."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="{nir,auditer}")
        for name, module in SUBCOMMANDS.items():
            module.add_arguments(sub.add_parser(name, help=module.HELP))

    def needs_database(self, options: dict) -> bool:
        return getattr(SUBCOMMANDS[options["action"]], "NEEDS_DATABASE", True)

    def handle(self, *args, **options):
        return SUBCOMMANDS[options["action"]].run(self, options)
