"""Names of the places of birth a NIR or an INS carries, from the offline copy
of the INSEE Code officiel géographique (hygie/identity/data/cog.json.xz,
built by hygie/identity/data/build.py, which says where it comes from).

The copy is read once, on first use; nothing is ever downloaded.
"""

from __future__ import annotations

import json
import lzma
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

DATA = Path(__file__).with_name("data") / "cog.json.xz"


@cache
def _cog() -> dict[str, Any]:
    return json.loads(lzma.decompress(DATA.read_bytes()))


def version() -> str:
    """The packages and versions the copy was taken from, in French."""
    meta = _cog()["meta"]
    places, countries = meta["departements_communes"], meta["pays"]
    return (
        f"{places['millesime']} ({places['package']} {places['version']}) ; pays et territoires : "
        f"{countries['package']} {countries['version']}"
    )


def department_name(code: str) -> str:
    """'75' → 'Paris', '971' → 'Guadeloupe'; '' when unknown."""
    return _cog()["departements"].get(code, "")


def department_of(commune_code: str) -> str:
    """The department code of a commune code: 3 characters overseas (97x, 98x)."""
    return commune_code[:3] if commune_code[:2] in ("97", "98") else commune_code[:2]


@dataclass(frozen=True)
class Commune:
    code: str  # the code asked for
    name: str
    kind: str  # « commune », « commune déléguée »…, « ancien code »
    current_code: str  # the commune's code in the copy's COG
    department: str
    department_name: str


def commune(code: str) -> Commune | None:
    """The commune a 5-character code names, current or former."""
    cog = _cog()
    current = code
    kind = ""
    if code not in cog["communes"]:
        current = cog["anciens_codes"].get(code, "")
        if not current:
            return None
        kind = "ancien code"
    name, own_kind = cog["communes"][current]
    department = department_of(current)
    return Commune(
        code=code,
        name=name,
        kind=kind or own_kind,
        current_code=current,
        department=department,
        department_name=department_name(department),
    )


def country(code: str) -> str:
    """'99350' → 'MAROC'; a code naming several territories gives them all,
    separated by « / »; '' when unknown."""
    names = _cog()["pays"].get(code)
    return " / ".join(names) if names else ""
