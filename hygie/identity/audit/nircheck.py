"""The NIR checks the audit needs, behind one function.

`findings(nir, sexe, date_naissance, lieu_naissance)` says what is wrong with a
record's NIR: its format, its key (python-stdnum), and its agreement with the
record's own traits (sex, year and month of birth, place of birth). Pure Python,
no Django. The day hygie.identity.nir offers the same checks, this module only
forwards to it.
"""

from __future__ import annotations

import re

from stdnum.fr import nir as stdnum_nir

NIR_FORMAT = re.compile(r"[1278][0-9]{4}(2A|2B|[0-9]{2})[0-9]{6}([0-9]{2})?")


def clean(nir: str) -> str:
    return re.sub(r"[\s.\-]", "", nir or "").upper()


def findings(
    nir: str, sexe: str, date_naissance: str, lieu_naissance: str
) -> list[tuple[str, str]]:
    """[(kind, message in French)]; kinds: nir_format, nir_cle, nir_incoherent."""
    number = clean(nir)
    if not number:
        return []
    if not NIR_FORMAT.fullmatch(number):
        return [
            (
                "nir_format",
                f"NIR « {nir} » mal formé : 13 ou 15 caractères attendus "
                "(sexe, année, mois, lieu de naissance, rang, clé).",
            )
        ]
    if len(number) == 15 and not stdnum_nir.is_valid(number):
        # Never the « right » key: correcting the key rather than the mistyped
        # digit would make the number another person's.
        return [
            (
                "nir_cle",
                f"Clé du NIR invalide ({number[13:]}) : un chiffre a été mal saisi ; "
                "reprenez le numéro depuis sa source.",
            )
        ]
    differ = []
    sexe = (sexe or "").strip().upper()
    if sexe in ("M", "F") and number[0] in "12" and number[0] != ("1" if sexe == "M" else "2"):
        differ.append("le sexe")
    date = (date_naissance or "").strip()
    if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", date):
        if number[1:3] != date[2:4]:
            differ.append("l'année de naissance")
        month = number[3:5]
        if date[5:7] != "00" and "01" <= month <= "12" and month != date[5:7]:
            differ.append("le mois de naissance")
    lieu = (lieu_naissance or "").strip().upper()
    if len(lieu) == 5 and number[5:10] != lieu:
        differ.append("le lieu de naissance")
    if differ:
        return [
            (
                "nir_incoherent",
                "Le NIR ne correspond pas "
                + _join(differ)
                + " de la fiche : NIR d'une autre personne (collision possible) ou trait mal saisi.",
            )
        ]
    return []


def _join(items: list[str]) -> str:
    items = [("au " + i[3:]) if i.startswith("le ") else ("à " + i) for i in items]
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " et " + items[-1]
