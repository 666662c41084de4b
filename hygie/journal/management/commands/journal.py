from pathlib import Path

from django.core.management.base import CommandError
from django.db import connection, transaction

from hygie.journal import seals
from hygie.journal.models import Chain, Entry, Seal
from hygie.journal.verify import copy_differences, verify
from hygie.lib.commands import DatabaseCommand
from hygie.lib.french import count


def _broken(report) -> str:
    return count(len(report.breaks), "chaîne touchée", "chaînes touchées")


def read_seals(values: list[str]) -> list[seals.SealText]:
    """The seals given to --sceau: each value is a seal, or a file holding seals
    (a saved e-mail, an export)."""
    found = []
    for value in values:
        path = Path(value)
        if value.strip() and path.is_file():
            try:
                text = path.read_text(encoding="utf-8", errors="replace")
            except OSError as error:
                raise CommandError(f"Impossible de lire {value} ({error.strerror}).") from None
            where = f"Dans {value} : "
        else:
            text, where = value, ""
        try:
            found.extend(seals.parse(text))
        except seals.SealError as error:
            if not where and seals.PREFIX not in value.upper():
                raise CommandError(
                    f"« {value} » n'est ni un fichier ni un sceau : donnez la ligne qui commence "
                    f"par « {seals.PREFIX} », ou le fichier qui la contient."
                ) from None
            raise CommandError(where + str(error)) from None
    return list(dict.fromkeys(found))


# What `proteger` takes away from the application's role, table by table: the
# chain's head keeps UPDATE, since each new entry moves it.
PROTECTED = (
    (Entry, "UPDATE, DELETE, TRUNCATE"),
    (Seal, "UPDATE, DELETE, TRUNCATE"),
    (Chain, "DELETE, TRUNCATE"),
)


class Command(DatabaseCommand):
    help = (
        "Journal d'audit : « verifier » recalcule chaque chaîne et la compare aux sceaux donnés ; "
        "« sceller » scelle chaque chaîne et envoie les sceaux ; « proteger » retire au rôle "
        "PostgreSQL de l'application le droit de modifier ou d'effacer le journal."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(
            dest="action", required=True, metavar="{verifier,sceller,proteger}"
        )
        check = sub.add_parser("verifier", help="Vérifie l'intégrité de toutes les chaînes.")
        check.add_argument(
            "--sceau",
            action="append",
            default=[],
            metavar="SCEAU",
            help="Un sceau reçu par e-mail (la ligne HYGIE-SCEAU-1…) ou un fichier qui en "
            "contient (l'e-mail enregistré, un export) ; peut être répété.",
        )
        sub.add_parser(
            "sceller",
            help="Scelle la tête de chaque chaîne maintenant, et envoie chaque sceau au "
            "titulaire et au référent de son organisation.",
        )
        protect = sub.add_parser(
            "proteger",
            help="PostgreSQL : retire au rôle de l'application UPDATE, DELETE et TRUNCATE "
            "sur les tables du journal.",
        )
        protect.add_argument(
            "--role",
            default="",
            help="Le rôle PostgreSQL de l'application (par défaut celui de la connexion).",
        )

    def handle(self, *args, **options):
        if options["action"] == "sceller":
            return self.seal()
        if options["action"] == "proteger":
            return self.protect(options["role"])
        return self.verify_chains(read_seals(options["sceau"]))

    def verify_chains(self, given: list[seals.SealText]):
        report = verify()
        differences = copy_differences()
        compared = [seals.compare(seal) for seal in given]
        # The last seal the database keeps for each chain, when none was given
        # for it: it may have been deleted with the rest, but it costs nothing.
        chains = {seal.chain for seal in given}
        kept = [
            seals.compare(seals.SealText.of(seal))
            for key in Chain.objects.values_list("key", flat=True).order_by("key")
            if key not in chains and (seal := seals.latest(key)) is not None
        ]
        lines = []
        if differences:
            lines += [f"Données modifiées hors d'Hygie ({len(differences)}) :"]
            lines += [f"  - {d}" for d in differences]
        if not report.ok:
            lines.append(f"Journal altéré ({_broken(report)}) :")
            lines += [f"  - {b}" for b in report.breaks]
        if any(not c.ok for c in compared):
            lines.append("Le journal ne correspond pas aux sceaux donnés :")
            lines += [f"  - Chaîne « {c.seal.chain} », {c.problem}" for c in compared if not c.ok]
        if any(not c.ok for c in kept):
            lines.append("Le journal ne correspond pas aux derniers sceaux gardés dans la base :")
            lines += [f"  - Chaîne « {c.seal.chain} », {c.problem}" for c in kept if not c.ok]
        if lines:
            raise CommandError("\n".join(lines))
        self.stdout.write(
            self.style.SUCCESS(
                f"Journal intègre : {count(report.chains, 'chaîne')}, "
                f"{count(report.entries, 'entrée vérifiée', 'entrées vérifiées')}."
            )
        )
        for c in compared:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Chaîne « {c.seal.chain} », {c.seal.said()} : le journal le contient "
                    "toujours, intact."
                )
            )
        if not given:
            self.stdout.write(
                "Sans --sceau, le journal n'est comparé qu'aux derniers sceaux gardés dans la "
                "base, que qui peut la réécrire peut aussi effacer : donnez un sceau reçu par "
                "e-mail pour une comparaison qui compte."
            )

    def seal(self):
        made = 0
        for key in (
            Chain.objects.filter(last_seq__gt=0).order_by("key").values_list("key", flat=True)
        ):
            seal = seals.seal(key, seals.REQUESTED)
            if seal is None:
                continue
            made += 1
            self.stdout.write(f"Chaîne « {key} », {seals.SealText.of(seal).said()} :")
            self.stdout.write(f"  {seal.text}")
            if seal.recipients:
                self.stdout.write(f"  envoyé à {', '.join(seal.recipients)}")
        self.stdout.write(
            f"{count(made, 'sceau', 'sceaux')}. Gardez ceux qui ne sont envoyés à personne "
            "(le journal des connexions) hors de cette machine."
        )

    def protect(self, role: str):
        if connection.vendor != "postgresql":
            raise CommandError(
                "« hygie journal proteger » concerne PostgreSQL. Sur la base SQLite d'une "
                "installation locale, qui peut écrire le fichier de la base peut tout y changer : "
                "seuls les sceaux envoyés par e-mail révèlent alors un journal réécrit."
            )
        from psycopg import sql

        with transaction.atomic(), connection.cursor() as cursor:
            if not role:
                cursor.execute("SELECT current_user")
                role = cursor.fetchone()[0]
            cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = %s", [role])
            found = cursor.fetchone()
            if found is None:
                raise CommandError(f"Le rôle PostgreSQL « {role} » n'existe pas.")
            if found[0]:
                raise CommandError(
                    f"Le rôle « {role} » est superutilisateur : PostgreSQL ne lui retire aucun "
                    "droit. Faites tourner Hygie sous un rôle ordinaire, et nommez-le avec --role."
                )
            raw = cursor.connection
            for model, rights in PROTECTED:
                cursor.execute(
                    sql.SQL("REVOKE {} ON {} FROM {}")
                    .format(
                        sql.SQL(rights),
                        sql.Identifier(model._meta.db_table),
                        sql.Identifier(role),
                    )
                    .as_string(raw)
                )
            kept = []
            for model, rights in PROTECTED:
                for right in rights.split(", "):
                    cursor.execute(
                        "SELECT has_table_privilege(%s, %s, %s)",
                        [role, model._meta.db_table, right],
                    )
                    if cursor.fetchone()[0]:
                        kept.append(f"{right} sur {model._meta.db_table}")
            if kept:
                raise CommandError(
                    f"Le rôle « {role} » garde {', '.join(kept)} par un autre rôle dont il est "
                    "membre (ou PUBLIC) : retirez-les-lui aussi, puis relancez la commande."
                )
            cursor.execute(
                "SELECT count(*) FROM pg_tables WHERE tablename = ANY(%s) AND tableowner = %s",
                [[model._meta.db_table for model, _ in PROTECTED], role],
            )
            owns = cursor.fetchone()[0]
        self.stdout.write(
            self.style.SUCCESS(
                f"Le rôle « {role} » ne peut plus modifier ni effacer les entrées et les sceaux "
                "du journal, ni effacer la tête de ses chaînes."
            )
        )
        if owns:
            self.stdout.write(
                self.style.WARNING(
                    f"Attention : « {role} » est propriétaire des tables du journal, il pourrait "
                    "se rendre ces droits (GRANT). Pour l'en empêcher, donnez-les à un autre rôle "
                    "qui lance les migrations (voir docs/deploy.md)."
                )
            )
