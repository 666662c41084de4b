from django.core.management.base import CommandError

from hygie.journal.verify import copy_differences, verify
from hygie.lib.commands import DatabaseCommand
from hygie.lib.french import count


def _broken(report) -> str:
    return count(len(report.breaks), "chaîne touchée", "chaînes touchées")


class Command(DatabaseCommand):
    help = (
        "Journal d'audit : « verifier » recalcule chaque chaîne et nomme le premier maillon rompu."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="verifier")
        sub.add_parser("verifier", help="Vérifie l'intégrité de toutes les chaînes.")

    def handle(self, *args, **options):
        report = verify()
        differences = copy_differences()
        if differences:
            lines = [f"Données modifiées hors d'Hygie ({len(differences)}) :"]
            lines += [f"  - {d}" for d in differences]
            if not report.ok:
                lines.append(f"Journal altéré aussi ({_broken(report)}) :")
                lines += [f"  - {b}" for b in report.breaks]
            raise CommandError("\n".join(lines))
        if report.ok:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Journal intègre : {count(report.chains, 'chaîne')}, "
                    f"{count(report.entries, 'entrée vérifiée', 'entrées vérifiées')}."
                )
            )
            return
        lines = [f"Journal altéré ({_broken(report)}) :"]
        lines += [f"  - {b}" for b in report.breaks]
        raise CommandError("\n".join(lines))
