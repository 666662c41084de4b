import os

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from hygie.content.loader import ContentLoadError, load
from hygie.deadlines.management.commands.rappels import start_in_thread
from hygie.front.demo import create_demo, format_logins, saved_logins
from hygie.front.serving import WEBSOCKET_OPTIONS, serve
from hygie.lib.env import local_url, site_url
from hygie.orgs.models import Organisation


def use_address(host: str, port: int) -> str:
    """Make the links Hygie writes (e-mails, calendar, cyberquiz) lead where it
    listens, unless HYGIE_SITE_URL names another address (a proxy's); return
    the address to open.

    The workers are fresh interpreters that read their settings again: they
    learn the address from HYGIE_HOST and HYGIE_PORT (lib/env.site_url).
    """
    os.environ["HYGIE_HOST"], os.environ["HYGIE_PORT"] = host, str(port)
    settings.SITE_URL = site_url()
    return local_url(host, port)


class Command(BaseCommand):
    help = (
        "Démarre Hygie. Au premier lancement : crée la base, charge les contenus, "
        "crée l'organisation de démonstration et affiche ses comptes."
    )

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("HYGIE_HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("HYGIE_PORT", "8000")))
        parser.add_argument(
            "--workers",
            type=int,
            default=int(os.environ.get("HYGIE_WORKERS", "1")),
            help="Nombre de processus (plusieurs pour une instance régionale).",
        )
        parser.add_argument(
            "--sans-boucle",
            action="store_true",
            help="Ne pas envoyer les rappels et les lettres depuis ce processus "
            "(un service « hygie rappels --loop » s'en charge).",
        )
        parser.add_argument(
            "--sans-demo",
            action="store_true",
            help="Ne pas créer l'organisation de démonstration sur une base vide.",
        )

    def handle(self, *args, **options):
        if options["workers"] > 1 and "Redis" not in settings.CHANNEL_LAYERS["default"]["BACKEND"]:
            self.stderr.write(
                "Attention : plusieurs processus sans Redis (HYGIE_REDIS_URL). Les pages "
                "fonctionnent, mais les joueurs d'un cyberquiz servis par des processus "
                "différents ne se verront pas : donnez une adresse Redis pour le cyberquiz."
            )
        self.prepare(demo=not options["sans_demo"])
        url = use_address(options["host"], options["port"])
        if options["workers"] == 1 and not options["sans_boucle"]:
            # The reminders and the newsletter's letters leave from this
            # process; with several, `hygie rappels --loop` runs beside them.
            start_in_thread()
        self.stdout.write(self.style.SUCCESS(f"Hygie est prêt : {url}  (Ctrl+C pour arrêter)"))
        connections.close_all()  # the workers open their own
        serve(
            options["host"],
            options["port"],
            options["workers"],
            proxy_headers=settings.BEHIND_PROXY,
            forwarded_allow_ips=settings.FORWARDED_ALLOW_IPS,
            log_level=os.environ.get("HYGIE_LOG_LEVEL", "warning"),
            access_log=False,
            **WEBSOCKET_OPTIONS,
        )

    def prepare(self, demo: bool) -> None:
        """Bring the database, static files and content up to date; first-run demo."""
        settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
        self.stdout.write("Préparation de la base de données…")
        call_command("migrate", interactive=False, verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        try:
            report = load()
        except ContentLoadError as exc:
            raise CommandError(f"Bibliothèque de contenus invalide :\n{exc}") from None
        if report.changed:
            self.stdout.write("Bibliothèque de contenus chargée.")
        if demo and not Organisation.objects.exists():
            logins = create_demo()
            self.stdout.write(self.style.SUCCESS("Organisation de démonstration créée :"))
            self.stdout.write(format_logins(logins))
        elif text := saved_logins():
            self.stdout.write(text)
