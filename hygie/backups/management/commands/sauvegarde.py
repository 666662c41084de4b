"""`hygie sauvegarde creer | verifier | restaurer`: the instance's encrypted
backup and its verified restore (hygie/backups/instance/)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from hygie.backups.instance import crypto, database
from hygie.backups.instance.create import create
from hygie.backups.instance.crypto import BackupError, Secret
from hygie.backups.instance.restore import Login, Target, restore, verify
from hygie.backups.instance.schedule import held_lock
from hygie.lib.commands import database_problem

PASSPHRASE_VARIABLE = "HYGIE_BACKUP_PASSPHRASE"  # noqa: S105 (a variable's name)
PASSWORD_VARIABLE = "HYGIE_BACKUP_CHECK_PASSWORD"  # noqa: S105 (a variable's name)


def secret_from(options: dict, *, encrypting: bool) -> Secret:
    """The passphrase (a file, else the variable), or the public keys to
    encrypt for, or the private key to decrypt with."""
    if encrypting and options.get("destinataire"):
        return Secret(recipients=crypto.parse_recipients(options["destinataire"]))
    identities = []
    if not encrypting and options.get("identite"):
        identities = crypto.read_identities(options["identite"])
    if options.get("phrase_fichier"):
        phrase = crypto.read_passphrase_file(options["phrase_fichier"])
    else:
        phrase = os.environ.get(PASSPHRASE_VARIABLE, "")
    return Secret(passphrase=phrase, identities=identities)


class Command(BaseCommand):
    help = (
        "Sauvegarde chiffrée de toute l'instance (base, clés) : « creer » l'écrit, « verifier » "
        "la contrôle sans rien restaurer, « restaurer » la remet en place dans une instance "
        "vide puis la vérifie."
    )
    # The restore runs on an empty, unprepared instance: checked below instead.
    requires_migrations_checks = False
    requires_system_checks = []

    def add_arguments(self, parser):
        sub = parser.add_subparsers(
            dest="action", required=True, metavar="{creer,verifier,restaurer}"
        )
        make = sub.add_parser("creer", help="Écrit une sauvegarde chiffrée de l'instance.")
        make.add_argument(
            "--vers",
            metavar="DOSSIER",
            help="Dossier où l'écrire (par défaut HYGIE_BACKUP_DIR, sinon le dossier courant).",
        )
        make.add_argument(
            "--destinataire",
            action="append",
            default=[],
            metavar="CLE",
            help="Chiffrer pour cette clé publique age (age1…) ou les clés d'un fichier, "
            "plutôt qu'avec une phrase de passe ; peut être répété.",
        )
        check = sub.add_parser("verifier", help="Contrôle une sauvegarde sans la restaurer.")
        back = sub.add_parser(
            "restaurer", help="Restaure une sauvegarde dans une instance vide, puis la vérifie."
        )
        for p in (make, check, back):
            p.add_argument(
                "--phrase-fichier",
                metavar="FICHIER",
                help=f"Lire la phrase de passe dans ce fichier (sinon {PASSPHRASE_VARIABLE}).",
            )
        for p in (check, back):
            p.add_argument("fichier", metavar="FICHIER")
            p.add_argument(
                "--identite",
                metavar="FICHIER",
                help="La clé privée age (AGE-SECRET-KEY-1…) d'une sauvegarde chiffrée pour "
                "une clé publique.",
            )
            p.add_argument(
                "--verifier-connexion",
                metavar="EMAIL",
                help=f"Vérifier que le mot de passe donné par {PASSWORD_VARIABLE} ouvre ce "
                "compte de la sauvegarde.",
            )
        back.add_argument(
            "--ecraser",
            action="store_true",
            help="Remplacer une instance qui n'est pas vide (l'ancienne base est gardée à côté).",
        )
        back.add_argument(
            "--dossier",
            metavar="DOSSIER",
            help="Dossier de données où restaurer (par défaut HYGIE_DATA_DIR) : la base SQLite "
            "et les clés.",
        )
        back.add_argument(
            "--base",
            metavar="NOM",
            help="PostgreSQL : la base où restaurer, sur le serveur de HYGIE_DATABASE_URL "
            "(par défaut la sienne), pour un essai de restauration à côté de la production.",
        )

    def say(self, message: str) -> None:
        self.stderr.write(message)
        self.stderr.flush()

    def handle(self, *args, **options):
        try:
            if options["action"] == "creer":
                return self.make(options)
            login = self.login(options)
            secret = secret_from(options, encrypting=False)
            if options["action"] == "verifier":
                report = verify(
                    Path(options["fichier"]),
                    secret,
                    login=login,
                    say=self.say,
                    work_in=Path(settings.DATA_DIR),
                )
                self.show(report.lines)
                self.stdout.write(
                    self.style.SUCCESS("Sauvegarde vérifiée : elle peut être restaurée.")
                )
                return
            report = restore(
                Path(options["fichier"]),
                secret,
                self.target(options),
                overwrite=options["ecraser"],
                login=login,
                say=self.say,
            )
            self.show(report.lines)
            self.stdout.write(self.style.SUCCESS("Restauration terminée et vérifiée."))
        except BackupError as error:
            raise CommandError(str(error)) from None
        except KeyboardInterrupt:
            raise CommandError("Interrompu : rien n'a été remplacé.") from None

    def make(self, options: dict) -> None:
        if problem := database_problem():
            raise CommandError(problem)
        directory = options["vers"] or settings.BACKUP_DIR or os.getcwd()
        secret = secret_from(options, encrypting=True)
        with held_lock() as held:
            if not held:
                raise CommandError(
                    "Une sauvegarde est déjà en cours (la sauvegarde automatique, peut-être) : "
                    "relancez quand elle sera finie."
                )
            path = create(Path(directory), secret, say=self.say)
        # The last line of stdout is the file's path, for scripts.
        self.stdout.write(str(path))

    def login(self, options: dict) -> Login | None:
        email = options.get("verifier_connexion")
        if not email:
            return None
        password = os.environ.get(PASSWORD_VARIABLE, "")
        if not password:
            raise CommandError(
                f"--verifier-connexion attend le mot de passe du compte dans la variable "
                f"{PASSWORD_VARIABLE} (jamais sur la ligne de commande)."
            )
        return Login(email, password)

    def target(self, options: dict) -> Target:
        entry = dict(connections["default"].settings_dict)
        if options.get("base"):
            if database.engine_of(entry) != "postgresql":
                raise CommandError("--base concerne PostgreSQL (HYGIE_DATABASE_URL).")
            entry["NAME"] = options["base"]
        data_dir = (
            Path(options["dossier"]).resolve() if options.get("dossier") else settings.DATA_DIR
        )
        return Target(Path(data_dir), entry)

    def show(self, lines: list[str]) -> None:
        for line in lines:
            self.stdout.write(f"  {line}")
        sys.stdout.flush()
