"""The values of an identity file normalised: sex, status, place, dates in
the usual French formats, NIR; and cells made safe for spreadsheets."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from hygie.identity.fields import _NIR_SHAPE, fold


def _fold_key(value: str) -> str:
    return fold(value).replace(" ", "")


_SEX = {
    "m": "M",
    "h": "M",
    "1": "M",
    "homme": "M",
    "masculin": "M",
    "masc": "M",
    "male": "M",
    "garcon": "M",
    "mr": "M",
    "monsieur": "M",
    "f": "F",
    "2": "F",
    "femme": "F",
    "feminin": "F",
    "fem": "F",
    "female": "F",
    "fille": "F",
    "mme": "F",
    "mlle": "F",
    "madame": "F",
    "mademoiselle": "F",
}
_SEX_UNKNOWN = {"i", "x", "u", "0", "3", "9", "inconnu", "indetermine", "nc", "nr", "autre"}


def normalise_sex(value: str) -> tuple[str, str | None]:
    key = _fold_key(value)
    if not key:
        return "", None
    if key in _SEX:
        return _SEX[key], None
    if key in _SEX_UNKNOWN:
        return "", None
    return (
        "",
        f"Sexe « {value.strip()[:40]} » non reconnu (attendu : M, F, H, 1, 2, Masculin, Féminin).",
    )


_STATUS = {
    "prov": "PROV",
    "provisoire": "PROV",
    "identiteprovisoire": "PROV",
    "recup": "RECUP",
    "recuperee": "RECUP",
    "identiterecuperee": "RECUP",
    "vali": "VALI",
    "valide": "VALI",
    "validee": "VALI",
    "identitevalidee": "VALI",
    "qual": "QUAL",
    "qualifiee": "QUAL",
    "qualifie": "QUAL",
    "identitequalifiee": "QUAL",
}


def normalise_status(value: str) -> tuple[str, str | None]:
    key = _fold_key(value)
    if not key:
        return "", None
    if key in _STATUS:
        return _STATUS[key], None
    return "", (
        f"Statut « {value.strip()[:40]} » non reconnu (attendu : provisoire, récupérée, validée, "
        "qualifiée, ou PROV, RECUP, VALI, QUAL)."
    )


def normalise_place(value: str) -> tuple[str, str | None]:
    code = re.sub(r"\s", "", value).upper()
    if not code:
        return "", None
    if re.fullmatch(r"\d{4}", code):
        code = "0" + code  # a leading zero lost in a spreadsheet (01053)
    if re.fullmatch(r"\d{5}|2[AB]\d{3}", code):
        return code, None
    return "", (
        f"Lieu de naissance « {value.strip()[:40]} » : ce n'est pas un code INSEE à 5 caractères "
        "(ex. 75056, 2A004, 99350 pour un pays)."
    )


_MONTHS = {
    "janvier": 1, "janv": 1, "jan": 1,
    "fevrier": 2, "fevr": 2, "fev": 2,
    "mars": 3, "mar": 3,
    "avril": 4, "avr": 4,
    "mai": 5,
    "juin": 6,
    "juillet": 7, "juil": 7,
    "aout": 8,
    "septembre": 9, "sept": 9, "sep": 9,
    "octobre": 10, "oct": 10,
    "novembre": 11, "nov": 11,
    "decembre": 12, "dec": 12,
}  # fmt: skip

_DMY = re.compile(
    r"(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4}|\d{2})(?:[ T]\d{1,2}[:h]\d{2}(?::\d{2}(?:\.\d+)?)?)?"
)
_YMD = re.compile(
    r"(\d{4})[/.\-](\d{1,2})[/.\-](\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?"
)
_MY = re.compile(r"(\d{1,2})[/.\-](\d{4})")
_TEXT_DATE = re.compile(r"(\d{1,2})(?:er)? ([a-z]+) (\d{4})")
EXCEL_EPOCH = dt.date(1899, 12, 30)


def _ymd(year: int, month: int, day: int, today: dt.date) -> tuple[str, str | None]:
    raw = f"{day:02d}/{month:02d}/{year:04d}"
    if year == 0 or month > 12 or day > 31:
        return "", f"Date de naissance impossible ({raw})."
    if month and day:
        try:
            date = dt.date(year, month, day)
        except ValueError:
            return "", f"Date de naissance impossible ({raw}) : ce jour n'existe pas."
        if date > today:
            return "", f"Date de naissance dans le futur ({raw})."
    elif (year, month) > (today.year, today.month):
        return "", f"Date de naissance dans le futur ({raw})."
    if year < 1850:
        return "", f"Date de naissance trop ancienne ({raw})."
    return f"{year:04d}-{month:02d}-{day:02d}", None


def _century(yy: int, today: dt.date) -> int:
    """A two-digit birth year: this century if not after this year, else the last."""
    return 2000 + yy if 2000 + yy <= today.year else 1900 + yy


def normalise_date(value: str, today: dt.date | None = None) -> tuple[str, str | None]:
    """'YYYY-MM-DD' with '00' for unknown parts, or '' and the reason.

    JJ/MM/AAAA, JJ-MM-AAAA, JJ.MM.AAAA, AAAA-MM-JJ, JJ/MM/AA (two-digit years
    after this year are the last century's), JJMMAAAA (or AAAAMMJJ when only
    that reading is a date), JJMMAA, « 15 mars 1950 », MM/AAAA, AAAA, and an
    Excel serial number (days since 30/12/1899).
    """
    today = today or dt.date.today()
    text = value.strip()
    if not text:
        return "", None
    if m := _YMD.fullmatch(text):
        return _ymd(int(m[1]), int(m[2]), int(m[3]), today)
    if m := _DMY.fullmatch(text):
        year = int(m[3]) if len(m[3]) == 4 else _century(int(m[3]), today)
        if len(m[3]) == 2 and m[3] == "00" and int(m[1]) == 0 and int(m[2]) == 0:
            return "", f"Date de naissance illisible ({text[:40]})."
        return _ymd(year, int(m[2]), int(m[1]), today)
    if m := _MY.fullmatch(text):
        return _ymd(int(m[2]), int(m[1]), 0, today)
    if text.isdigit():
        n = len(text)
        if n == 8:
            dmy = _ymd(int(text[4:]), int(text[2:4]), int(text[:2]), today)
            if dmy[1] is None:
                return dmy
            ymd = _ymd(int(text[:4]), int(text[4:6]), int(text[6:]), today)
            return ymd if ymd[1] is None else dmy
        if n == 6:
            return _ymd(_century(int(text[4:]), today), int(text[2:4]), int(text[:2]), today)
        if n == 4 and 1850 <= int(text) <= today.year:
            return _ymd(int(text), 0, 0, today)
        if n <= 5:
            return _serial(float(text), today)
    if re.fullmatch(r"\d{1,5}\.\d+", text):
        return _serial(float(text), today)
    if m := _TEXT_DATE.fullmatch(fold(text)):
        month = _MONTHS.get(m[2])
        if month:
            return _ymd(int(m[3]), month, int(m[1]), today)
    return "", f"Date de naissance illisible (« {text[:40]} »)."


def _serial(n: float, today: dt.date) -> tuple[str, str | None]:
    if not 1 <= n < 2_958_466:
        return "", f"Date de naissance illisible ({n:g})."
    date = EXCEL_EPOCH + dt.timedelta(days=int(n))
    return _ymd(date.year, date.month, date.day, today)


def normalise_nir(value: str) -> tuple[str, str | None]:
    nir = re.sub(r"[\s.\-_/]", "", value).upper()
    if not nir:
        return "", None
    if _NIR_SHAPE.fullmatch(nir):
        return nir, None
    return "", (
        f"NIR « {value.strip()[:40]} » illisible : 13 ou 15 caractères attendus (chiffres, 2A ou "
        "2B pour la Corse)."
    )


def safe_cell(value: Any) -> str:
    """A cell for a CSV or XLSX the person will open in a spreadsheet.

    A cell starting with =, +, -, @ (or a tab or carriage return) would be
    read as a formula (CSV injection, OWASP): it is written as text, after a
    quote. Values are kept as they were read; only exports go through this.
    """
    text = "" if value is None else str(value)
    if text and text[0] in "=+-@\t\r":
        return "'" + text
    return text


def is_formula_like(value: Any) -> bool:
    text = "" if value is None else str(value)
    return bool(text) and text[0] in "=+-@\t\r"
