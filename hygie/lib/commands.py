"""What Hygie's commands share: they run on a prepared database, or say in
French what to run first, instead of a Python traceback.

Preparing is left to the person: a command that reads or checks data (the
journal's verification on a restored copy, the list of loaded content) must
not quietly create an empty database where it expected one. `hygie serve`
alone prepares the database, as it always did.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.migrations.executor import MigrationExecutor

PREPARE = (
    "lancez « hygie migrate » puis « hygie contenu charger » "
    "(« hygie serve » le fait aussi à chaque démarrage)"
)
# Databases found prepared in this process: a long-running command checks once.
_prepared: set[tuple[str, str]] = set()


def database_problem(using: str = DEFAULT_DB_ALIAS) -> str | None:
    """Why the database cannot serve Hygie yet, in French; None once every
    migration is applied."""
    connection = connections[using]
    identity = (using, str(connection.settings_dict["NAME"]))
    if identity in _prepared:
        return None
    try:
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DatabaseError as error:
        return (
            f"Impossible de lire la base de données ({error}). Vérifiez HYGIE_DATABASE_URL, "
            "ou le dossier de données (HYGIE_DATA_DIR)."
        )
    if not plan:
        _prepared.add(identity)
        return None
    if not executor.loader.applied_migrations:
        return f"La base de données n'a pas encore été préparée : {PREPARE}."
    count = f"{len(plan)} migration{'s' if len(plan) > 1 else ''}"
    return f"La base de données attend {count} (Hygie a été mis à jour) : {PREPARE}."


class DatabaseCommand(BaseCommand):
    """A Hygie command that reads or writes the database: it refuses to run,
    with what to do in French, until the database is prepared."""

    def needs_database(self, options: dict) -> bool:
        return True

    def execute(self, *args, **options):
        if self.needs_database(options) and (problem := database_problem()):
            raise CommandError(problem)
        return super().execute(*args, **options)
