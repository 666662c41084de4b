"""The `hygie` command: Hygie's own commands and Django's management commands.

Every command that needs the database refuses to run on one that is not
prepared, and says in French what to run (hygie/lib/commands.py): Hygie's own
commands check it themselves; Django's that need it (createsuperuser,
changepassword) would only print an English warning, then a traceback, so
they are checked here.
"""

import os
import sys


def unprepared(argv: list[str]) -> str | None:
    """For a Django command that declares it needs the migrations applied,
    what to run first when the database is not prepared."""
    from django.core.management import get_commands, load_command_class

    from hygie.lib.commands import database_problem

    name = argv[1] if len(argv) > 1 else ""
    app = get_commands().get(name)
    if not isinstance(app, str) or app.startswith("hygie."):
        return None
    if not load_command_class(app, name).requires_migrations_checks:
        return None
    return database_problem()


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hygie.settings")
    import django
    from django.core.management import execute_from_command_line

    django.setup()
    if problem := unprepared(sys.argv):
        # The same form as the errors of every other command.
        sys.exit(f"CommandError: {problem}")
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
