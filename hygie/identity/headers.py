"""Recognising the columns of a practice's identity file from their French headers
(and, without a header, from what the values look like), as a `Mapping`
the person confirms."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from hygie.identity.fields import _NIR_SHAPE, FIELD_LABELS, FIELDS, IntakeError, fold
from hygie.identity.values import _SEX, _STATUS

# Headers seen in French practice-software exports, folded, with the
# confidence that the column holds that field. "nom" alone is the birth name
# when nothing else claims it, the used name beside a « nom de naissance ».
HEADERS: dict[str, dict[str, float]] = {
    "identifiant": {
        "identifiant": 1.0,
        "ipp": 1.0,
        "n dossier": 1.0,
        "no dossier": 1.0,
        "num dossier": 1.0,
        "numero dossier": 1.0,
        "numero de dossier": 1.0,
        "n de dossier": 1.0,
        "dossier": 0.8,
        "id": 0.9,
        "id patient": 1.0,
        "identifiant patient": 1.0,
        "identifiant local": 1.0,
        "code patient": 0.9,
        "n patient": 0.9,
        "numero patient": 0.9,
        "ref patient": 0.8,
        "reference": 0.6,
    },
    "nom_naissance": {
        "nom de naissance": 1.0,
        "nom naissance": 1.0,
        "nom naiss": 1.0,
        "nom de jeune fille": 0.9,
        "nom jeune fille": 0.9,
        "njf": 0.9,
        "nom patronymique": 1.0,
        "patronyme": 0.9,
        "nom de famille": 0.9,
        "nom": 0.6,
        "nom patient": 0.6,
    },
    "nom_utilise": {
        "nom utilise": 1.0,
        "nom d usage": 1.0,
        "nom usage": 1.0,
        "nom usuel": 1.0,
        "nom marital": 0.9,
        "nom d epouse": 0.9,
        "nom epouse": 0.9,
        "nom": 0.5,
        "nom patient": 0.5,
    },
    "prenoms": {
        "prenoms": 1.0,
        "prenom s": 1.0,
        "prenoms de naissance": 1.0,
        "prenom de naissance": 0.95,
        "liste des prenoms": 1.0,
        "prenom": 0.8,
        "premier prenom": 0.6,
        "prenom usuel": 0.5,
        "prenom utilise": 0.5,
        "prenom d usage": 0.5,
    },
    "sexe": {"sexe": 1.0, "genre": 0.9, "sex": 0.9, "civilite": 0.5},
    "date_naissance": {
        "date de naissance": 1.0,
        "date naissance": 1.0,
        "date naiss": 1.0,
        "dt naiss": 1.0,
        "dt naissance": 1.0,
        "ddn": 1.0,
        "ne e le": 1.0,
        "ne le": 1.0,
        "nee le": 1.0,
        "naissance": 0.6,
        "date de naiss": 1.0,
    },
    "lieu_naissance": {
        "lieu de naissance": 1.0,
        "lieu naissance": 1.0,
        "lieu naiss": 1.0,
        "code insee naissance": 1.0,
        "code insee de naissance": 1.0,
        "code insee du lieu de naissance": 1.0,
        "insee naissance": 1.0,
        "code lieu naissance": 1.0,
        "code lieu de naissance": 1.0,
        "code commune naissance": 1.0,
        "code commune de naissance": 1.0,
        "commune de naissance": 0.8,
        "commune naissance": 0.8,
        "ville de naissance": 0.6,
        "cog naissance": 1.0,
    },
    "nir": {
        "nir": 1.0,
        "matricule ins": 1.0,
        "ins": 1.0,
        "ins nir": 1.0,
        "nir ins": 1.0,
        "matricule": 0.8,
        "nss": 1.0,
        "n securite sociale": 1.0,
        "no securite sociale": 1.0,
        "num securite sociale": 1.0,
        "numero securite sociale": 1.0,
        "numero de securite sociale": 1.0,
        "n de securite sociale": 1.0,
        "n secu": 0.9,
        "num secu": 0.9,
        "numero secu": 0.9,
        "n ss": 0.9,
        "n insee": 0.8,
        "numero insee": 0.8,
        "secu": 0.7,
    },
    "statut": {
        "statut": 1.0,
        "statut identite": 1.0,
        "statut de l identite": 1.0,
        "statut ins": 1.0,
        "statut rniv": 1.0,
        "etat identite": 0.9,
        "etat de l identite": 0.9,
        "niveau identite": 0.8,
        "niveau de confiance": 0.7,
    },
}


def header_scores(header: str) -> dict[str, float]:
    """Each field this header may hold, with a confidence.

    An exact (folded) match counts in full; a known header inside a longer
    one (« Date de naissance du patient ») counts less, and only when the
    longer header adds at most two words.
    """
    folded = fold(header)
    if not folded:
        return {}
    tokens = folded.split()
    scores: dict[str, float] = {}
    for name, synonyms in HEADERS.items():
        best = synonyms.get(folded, 0.0)
        if not best:
            padded = f" {folded} "
            for synonym, confidence in synonyms.items():
                n = synonym.count(" ") + 1
                if len(tokens) <= n + 2 and f" {synonym} " in padded:
                    best = max(best, confidence * 0.85)
        if best:
            scores[name] = best
    return scores


@dataclass
class Mapping:
    """Canonical field -> source column index (or None), with how sure."""

    columns: list[str]
    fields: dict[str, int | None]
    confidence: dict[str, float] = field(default_factory=dict)
    has_header: bool = True

    def to_dict(self) -> dict[str, Any]:
        return {
            "columns": list(self.columns),
            "fields": {name: self.fields.get(name) for name in FIELDS},
            "confidence": {k: round(v, 2) for k, v in self.confidence.items()},
            "has_header": self.has_header,
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False)

    @classmethod
    def from_dict(cls, data: Any) -> Mapping:
        try:
            columns = [str(c) for c in data["columns"]]
            fields: dict[str, int | None] = {}
            for name in FIELDS:
                value = data["fields"].get(name)
                if value in (None, ""):
                    fields[name] = None
                    continue
                index = int(value)
                if not 0 <= index < len(columns):
                    raise ValueError(index)
                fields[name] = index
            confidence = {
                k: float(v) for k, v in dict(data.get("confidence") or {}).items() if k in FIELDS
            }
            return cls(columns, fields, confidence, bool(data.get("has_header", True)))
        except (KeyError, TypeError, ValueError, AttributeError):
            raise IntakeError(
                "La correspondance des colonnes est incomplète ou invalide : reprenez l'étape de "
                "choix des colonnes."
            ) from None

    @classmethod
    def from_json(cls, text: str) -> Mapping:
        try:
            data = json.loads(text)
        except (TypeError, ValueError):
            raise IntakeError(
                "La correspondance des colonnes est illisible : reprenez l'étape de choix des colonnes."
            ) from None
        return cls.from_dict(data)

    def with_field(self, name: str, index: int | None) -> Mapping:
        if name not in FIELDS:
            raise IntakeError(f"Champ inconnu : {name}.")
        if index is not None and not 0 <= index < len(self.columns):
            raise IntakeError(f"La colonne n° {index + 1} n'existe pas dans ce fichier.")
        fields = dict(self.fields)
        fields[name] = index
        confidence = dict(self.confidence)
        confidence[name] = 1.0  # chosen by the person
        return Mapping(list(self.columns), fields, confidence, self.has_header)

    def mapped(self) -> list[tuple[str, int]]:
        return [(name, i) for name, i in self.fields.items() if i is not None]

    def warnings_fr(self) -> list[str]:
        """What the audit will miss with this mapping, in French."""
        out = []
        reused: dict[int, list[str]] = {}
        for name, i in self.mapped():
            reused.setdefault(i, []).append(FIELD_LABELS[name])
        for i, names in reused.items():
            if len(names) > 1:
                out.append(
                    f"La colonne « {self.columns[i]} » est choisie pour : {', '.join(names)}."
                )
        if self.fields.get("nom_naissance") is None and self.fields.get("nom_utilise") is None:
            out.append("Aucune colonne de nom : les doublons ne pourront pas être recherchés.")
        for name in ("prenoms", "sexe", "date_naissance"):
            if self.fields.get(name) is None:
                out.append(f"Aucune colonne « {FIELD_LABELS[name]} » : l'audit sera moins précis.")
        return out


def propose_mapping(columns: list[str], sample: list[list[str]], has_header: bool) -> Mapping:
    """The most likely mapping: headers first, then the look of the values."""
    candidates: list[tuple[float, int, str]] = []
    if has_header:
        for i, header in enumerate(columns):
            for name, score in header_scores(header).items():
                candidates.append((score, -i, name))
    else:
        candidates = _content_candidates(len(columns), sample)
    fields: dict[str, int | None] = dict.fromkeys(FIELDS)
    confidence: dict[str, float] = {}
    used: set[int] = set()
    # Greedy by confidence; ties go to the leftmost column (-i sorts it first).
    for score, neg_i, name in sorted(candidates, reverse=True):
        i = -neg_i
        if fields[name] is None and i not in used:
            fields[name] = i
            confidence[name] = round(score, 2)
            used.add(i)
    return Mapping(list(columns), fields, confidence, has_header)


def _looks(kind: str, value: str) -> bool:
    if kind == "date":
        return bool(re.fullmatch(r"\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{4}-\d{2}-\d{2}", value))
    if kind == "nir":
        return bool(_NIR_SHAPE.fullmatch(re.sub(r"[\s.\-]", "", value).upper()))
    if kind == "sexe":
        return fold(value) in _SEX
    if kind == "statut":
        return fold(value) in _STATUS
    if kind == "lieu":
        return bool(re.fullmatch(r"\d{5}|2[AB]\d{3}", value.upper()))
    if kind == "text":
        return bool(re.fullmatch(r"[^\W\d_]+(?:[ '’-]+[^\W\d_]+)*", value))
    if kind == "id":
        return bool(re.fullmatch(r"[A-Za-z]{0,4}\d+", value))
    return False


def _content_candidates(ncols: int, sample: list[list[str]]) -> list[tuple[float, int, str]]:
    """Fields guessed from the values alone, for a file without a header row."""
    out: list[tuple[float, int, str]] = []
    text_columns = []
    for i in range(ncols):
        values = [row[i].strip() for row in sample if i < len(row) and row[i].strip()]
        if not values:
            continue

        def share(kind: str, values: list[str] = values) -> float:
            return sum(_looks(kind, v) for v in values) / len(values)

        for kind, name in (
            ("date", "date_naissance"),
            ("nir", "nir"),
            ("statut", "statut"),
            ("lieu", "lieu_naissance"),
        ):
            if share(kind) >= 0.8:
                out.append((0.7, -i, name))
        if share("sexe") >= 0.9 and len(set(values)) <= 4:
            out.append((0.7, -i, "sexe"))
        if share("text") >= 0.8 and share("sexe") < 0.5 and share("statut") < 0.5:
            text_columns.append(i)
        if share("id") >= 0.9 and len(set(values)) == len(values):
            out.append((0.4, -i, "identifiant"))
    # Practice software puts the surname before the first names.
    for name, i in zip(("nom_naissance", "prenoms", "nom_utilise"), text_columns, strict=False):
        out.append((0.4, -i, name))
    return out


def _header_score(row: list[str]) -> tuple[int, float]:
    scores = [max(header_scores(cell).values(), default=0.0) for cell in row]
    strong = sum(s >= 0.6 for s in scores)
    return strong, sum(scores)


def _looks_like_data(row: list[str]) -> bool:
    cells = [c.strip() for c in row if c.strip()]
    return any(_looks("date", c) or _looks("nir", c) for c in cells)
