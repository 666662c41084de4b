"""The register as its documents show it: to a CNIL inspector (the register,
its exports), and to patients (the information notice, the poster, the text
for a website).

A rule whose source could not be verified is marked once, by a footnote mark;
its one footnote says what remains to be confirmed and in which sources
(lib/footnotes.py, shared by every document).
Patients read the same register in clear and simple language (RGPD art.
12(1)): the processings that concern them, no article numbers in the text,
the legal references in one line at the end.
"""

from __future__ import annotations

import re
from datetime import date

from hygie.content import library
from hygie.law.retention import dates
from hygie.lib.footnotes import Footnotes
from hygie.register.models import Hds
from hygie.register.retention import Rule

# What the templates write when no data leave the European Union.
NO_TRANSFER = "Aucun transfert hors de l'Union européenne"

# RGPD art. 6(1): each lawful basis, as a patient reads it.
LAWFUL_BASES = {
    "a": "Vous avez donné votre accord, et vous pouvez le retirer à tout moment.",
    "b": "Ces données sont nécessaires aux soins et aux services que vous demandez au cabinet.",
    "c": "La loi oblige le cabinet à traiter ces données.",
    "d": "Ces données sont nécessaires pour protéger votre vie ou celle d'une autre personne.",
    "e": "Ces données sont nécessaires à une mission d'intérêt public.",
    "f": "Le cabinet a besoin de ces données pour fonctionner, dans le respect de vos droits.",
}
# RGPD art. 9(2)(h) and 9(3): health data for care, under professional secrecy.
HEALTH_CARE = (
    "Vos données de santé ne servent qu'à vos soins, et ne sont traitées que par des "
    "professionnels tenus au secret médical ou sous leur responsabilité."
)
ARTICLE_6 = re.compile(r"6\(1\)\(([a-f])\)(?:\s*et\s*\(([a-f])\))?")
ARTICLE_9 = re.compile(r"9\(2\)\(([a-j])\)")


def citation(sources: list[dict]) -> str:
    """The sources of a rule, as a document cites them."""
    return " ; ".join(
        c["title"] + (f" ({c['detail']})" if c["detail"] else "")
        for c in library.cite(sources or [])
    )


def describe(data: dict, start: date | None = None) -> dict:
    """Add to a register's snapshot what pages and documents show of it.

    1. A rule still as its template wrote it takes the template's current
       explanations (note, what to check, verified): the library's wording
       improves every register made from it, not only the new ones.
       Each retention rule gets its readable text, for the register and in
       plain words for patients, and the sources it cites; with `start`, the
       dates data whose starting event fell that day are archived and reach
       their fate.
    2. Each unverified rule gets a footnote number; rules that say the same
       thing share one. `data["notes"]` lists the footnotes in order.
    3. Processors get their labels and dates.
    """
    notes = Footnotes()
    for p in data["processings"]:
        for rule in p["retention"]:
            _explain_from_template(p, rule)
            parsed = Rule.from_data(rule)
            rule["text"] = parsed.describe()
            rule["plain"] = parsed.plain()
            if start is not None:
                found = dates(parsed, start)
                rule["archive_on"], rule["end_on"] = found.archive_on, found.end_on
            cited = library.cite(rule.get("source", []))
            rule["sources"] = cited
            rule["cited"] = citation(rule.get("source", []))
            if rule.get("verified", True) is False:
                check = rule.get("check") or "La durée de conservation reste à confirmer."
                label = "Sources" if len(cited) > 1 else "Source"
                note = notes.refer(f"{check} {label} : {rule['cited']}.")
                rule["note_number"], rule["note_mark"] = note.number, note.mark
    data["notes"] = notes.as_list()
    hds_labels = dict(Hds.choices)
    for s in data["processors"]:
        s["clauses_count"] = sum(1 for v in s["clauses"].values() if v)
        s["hds_label"] = hds_labels.get(s["hds"], s["hds"])
        # Snapshots keep dates as ISO text; pages and documents show them in French.
        s["hds_until_day"] = date.fromisoformat(s["hds_until"]) if s.get("hds_until") else None
    return data


RULE_FIELDS = ("what", "active", "archive", "starts", "fate", "minors_until")
EXPLANATIONS = ("note", "check", "verified")


def _explain_from_template(processing: dict, rule: dict) -> None:
    if rule.get("changed") or not processing.get("template"):
        return
    template = library.get("processing-templates", processing["template"]) or {}
    for found in template.get("retention", []):
        if all(found.get(k) == rule.get(k) for k in RULE_FIELDS):
            for key in EXPLANATIONS:
                if key in found:
                    rule[key] = found[key]
            return


def note_text(note: dict) -> str:
    """A footnote as one line: « ¹ What to confirm. Source : … »."""
    return f"{note['mark']} {note['text']}"


def concerns_patients(processing: dict) -> bool:
    """Whether patients are among the persons a processing concerns."""
    return any("patient" in person.lower() for person in processing["persons"])


def _lawful_bases(processing: dict) -> list[str]:
    """The letters of art. 6(1) its legal basis names, in order: ["b", "c"]."""
    found = [x for m in ARTICLE_6.finditer(processing["legal_basis"]) for x in m.groups() if x]
    return list(dict.fromkeys(found))


def _health_conditions(processing: dict) -> list[str]:
    """The letters of art. 9(2) its condition for health data names."""
    return list(dict.fromkeys(ARTICLE_9.findall(processing["article9"])))


def _and(items: list[str]) -> str:
    return " et ".join([", ".join(items[:-1]), items[-1]] if len(items) > 1 else items)


def legal_references(processing: dict) -> str:
    """« art. 6(1)(b), 6(1)(c) et 9(2)(h) »: the articles its legal basis names."""
    found = [f"6(1)({x})" for x in _lawful_bases(processing)]
    found += [f"9(2)({x})" for x in _health_conditions(processing)]
    return f"art. {_and(found)}" if found else ""


def plain_basis(processing: dict) -> list[str]:
    """Why the practice may use the data, in sentences a patient reads."""
    sentences = [LAWFUL_BASES[x] for x in _lawful_bases(processing)]
    if not sentences and processing["legal_basis"]:
        # Written by the practice without an article: its own words.
        sentences.append(processing["legal_basis"])
    if "h" in _health_conditions(processing):
        sentences.append(HEALTH_CARE)
    return sentences


def for_patients(data: dict) -> dict:
    """What the notice, the poster and the website text tell patients, from a
    described snapshot (see `describe`)."""
    processings = [p for p in data["processings"] if concerns_patients(p)]
    transfers = [
        p["transfers"]
        for p in processings
        if p["transfers"] and not p["transfers"].startswith(NO_TRANSFER)
    ]
    record = next((p for p in processings if p["template"] == "dossier-patient"), None)
    controller = data["controller"]
    return {
        "controller": controller,
        "channel": controller["rights_channel"] or "au cabinet",
        "processings": [{**p, "basis": plain_basis(p)} for p in processings],
        "transfers": transfers,
        "record": record["retention"][0] if record and record["retention"] else None,
        # Consent can be withdrawn (art. 7(3)): said only where it is the basis.
        "consent": any("a" in _lawful_bases(p) for p in processings),
        "references": [
            f"{p['title']} : {legal_references(p)}" for p in processings if legal_references(p)
        ],
    }
