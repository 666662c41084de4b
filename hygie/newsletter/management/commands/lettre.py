"""`hygie lettre rebonds FICHIER…` and `hygie lettre envoyer`.

rebonds: reads every file first; one that is not a readable delivery status
notification stops the command with a French error, before anything is
written. Then records them all in one transaction.

envoyer: sends one batch of the queued letters now (what each pass of
`hygie rappels --loop` does).
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import CommandError
from django.utils import timezone

from hygie.lib.commands import DatabaseCommand
from hygie.lib.french import count
from hygie.newsletter import bounces
from hygie.newsletter.sending import send_batch


class Command(DatabaseCommand):
    help = (
        "Lettre d'information. « hygie lettre rebonds FICHIER… » lit des avis de non-remise "
        "et met en échec les adresses qui ne reçoivent plus ; « hygie lettre envoyer » envoie "
        "un lot des lettres en attente."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="{rebonds,envoyer}")
        read = sub.add_parser(
            "rebonds", help="Lit des avis de non-remise (.eml) et les enregistre."
        )
        read.add_argument("files", nargs="+", metavar="FICHIER", help="Un avis de non-remise.")
        send = sub.add_parser("envoyer", help="Envoie un lot des lettres en attente.")
        send.add_argument("--lot", type=int, default=0, help="Nombre de lettres du lot.")

    def handle(self, *args, **options):
        if options["action"] == "envoyer":
            sent = send_batch(timezone.now(), options["lot"] or None)
            self.stdout.write(f"{count(sent, 'lettre envoyée', 'lettres envoyées')}.")
            return
        found: list[bounces.Bounce] = []
        for name in options["files"]:
            path = Path(name)
            try:
                raw = path.read_bytes()
            except OSError as error:
                raise CommandError(
                    f"Impossible de lire {path} ({error.strerror or error}) : rien n'a été "
                    "enregistré."
                ) from None
            try:
                found.extend(bounces.parse(raw))
            except bounces.BounceError as error:
                raise CommandError(f"{path} : {error}. Rien n'a été enregistré.") from None
        outcome = bounces.apply(found)
        self.stdout.write(
            f"{count(len(options['files']), 'avis lu', 'avis lus')} : "
            f"{count(outcome['bounced'], 'adresse mise en échec', 'adresses mises en échec')}, "
            f"{count(outcome['temporary'], 'échec temporaire compté', 'échecs temporaires comptés')}"
            f", {count(outcome['unknown'], 'destinataire inconnu', 'destinataires inconnus')}."
        )
