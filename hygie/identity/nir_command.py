"""`hygie identite nir NUMERO [--json] [--sexe M|F] [--naissance AAAA-MM-JJ] [--lieu CODE]`:
check a NIR or a matricule INS, and its consistency with the traits given.

Exit status: 0 valid, 1 invalid (or inconsistent with the traits), 2 usage
(an unreadable trait, a missing argument). Nothing is stored.
"""

from __future__ import annotations

import json

from django.core.management.base import CommandError

from hygie.identity import geo, nir

HELP = (
    "Vérifie un NIR ou un matricule INS (clé, structure, cohérence avec les traits). "
    "Code de sortie : 0 valide, 1 invalide, 2 mauvaise utilisation."
)
# Pure computation: the command runs without a prepared database.
NEEDS_DATABASE = False
LEVELS = {nir.ERROR: "ERREUR", nir.WARNING: "À VÉRIFIER", nir.INFO: "info"}


def add_arguments(parser) -> None:
    parser.add_argument("numero", help="13 ou 15 caractères ; espaces et points acceptés")
    parser.add_argument("--json", action="store_true", help="un objet JSON sur la sortie")
    parser.add_argument("--sexe", choices=["M", "F"], help="sexe de la personne")
    parser.add_argument("--naissance", help="date de naissance AAAA-MM-JJ (00 si inconnu)")
    parser.add_argument("--lieu", help="code INSEE du lieu de naissance (75056, 2A004, 99350…)")
    parser.add_argument("--oid", help="OID du matricule INS (1.2.250.1.213.1.4.8…)")


def run(command, options) -> None:
    try:
        result = nir.check(
            options["numero"],
            sex=options.get("sexe"),
            birth_date=options.get("naissance"),
            place=options.get("lieu"),
            oid=options.get("oid"),
        )
    except nir.TraitError as error:
        raise CommandError(str(error), returncode=2) from None
    out = command.stdout
    if options.get("json"):
        out.write(json.dumps(result.as_dict(), ensure_ascii=False))
    else:
        out.write(f"{result.number} : {'valide' if result.valid else 'INVALIDE'}")
        for f in result.findings:
            flag = " [non vérifié]" if f.unverified else ""
            out.write(f"  {LEVELS[f.level]} : {f.message}{flag} ({f.source})")
        if result.place:
            out.write(f"Lieux : Code officiel géographique, {geo.version()}")
    if not result.valid:
        raise CommandError("Numéro invalide ou incohérent avec les traits donnés.", returncode=1)
