import json
from pathlib import Path

from django.core.management.base import CommandError

from hygie.content.loader import LIBRARY_DIR, ContentLoadError, load, read_library
from hygie.content.models import Collection
from hygie.lib import french
from hygie.lib.commands import DatabaseCommand
from hygie.lib.french import plural


class Command(DatabaseCommand):
    help = "Bibliothèque de contenus : charger (valider puis charger) ou lister les collections."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="charger|lister|valider")
        charger = sub.add_parser("charger", help="Valide les fichiers YAML puis les charge.")
        charger.add_argument("--dossier", type=Path, default=LIBRARY_DIR)
        valider = sub.add_parser("valider", help="Valide les fichiers YAML sans rien charger.")
        valider.add_argument("--dossier", type=Path, default=LIBRARY_DIR)
        lister = sub.add_parser("lister", help="Liste les collections chargées.")
        lister.add_argument("--json", action="store_true", help="Sortie JSON.")

    def needs_database(self, options):
        # Validating the files needs no database: it works on a fresh machine.
        return options["action"] != "valider"

    def handle(self, *args, **options):
        return getattr(self, options["action"])(options)

    def charger(self, options):
        try:
            report = load(options["dossier"])
        except ContentLoadError as exc:
            raise CommandError(self._errors(exc)) from None
        for o in report.outcomes:
            self.stdout.write(
                f"{o.key:<24} v{o.version:<4} {o.created} {plural(o.created, 'ajouté')}, "
                f"{o.updated} {plural(o.updated, 'modifié')}, "
                f"{o.retired} {plural(o.retired, 'retiré')}, "
                f"{o.unchanged} {plural(o.unchanged, 'inchangé')}"
            )
        verdict = "Bibliothèque chargée." if report.changed else "Bibliothèque déjà à jour."
        self.stdout.write(self.style.SUCCESS(verdict))

    def valider(self, options):
        try:
            files = read_library(options["dossier"])
        except ContentLoadError as exc:
            raise CommandError(self._errors(exc)) from None
        count = sum(len(f.items) for f in files)
        self.stdout.write(
            self.style.SUCCESS(
                f"{french.count(len(files), 'fichier')}, "
                f"{french.count(count, 'élément valide', 'éléments valides')}."
            )
        )

    def lister(self, options):
        rows = [
            {
                "collection": c.key,
                "type": c.kind,
                "version": c.version,
                "titre": c.title,
                "elements": c.items.filter(retired=False).count(),
                "fichier": c.file,
                "charge_le": c.loaded_at.isoformat(),
            }
            for c in Collection.objects.all()
        ]
        if options["json"]:
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        if not rows:
            self.stdout.write("Aucune collection chargée : lancez « hygie contenu charger ».")
            return
        for r in rows:
            self.stdout.write(
                f"{r['collection']:<24} v{r['version']:<4} {r['elements']:>5} "
                f"{plural(r['elements'], 'élément'):<9} {r['titre']}"
            )

    @staticmethod
    def _errors(exc: ContentLoadError) -> str:
        count = len(exc.errors)
        lines = [f"Chargement refusé, rien n'a été modifié ({french.count(count, 'problème')}) :"]
        lines += [f"  - {e}" for e in exc.errors]
        return "\n".join(lines)
