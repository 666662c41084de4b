"""The découverte diagnostic: about twelve key measures, for anyone, storing nothing.

Without a profile, a measure that depends on one (Wi-Fi, storage…) offers
« Non applicable ».
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from hygie.diagnostic import measures
from hygie.diagnostic.scoring import Result
from hygie.diagnostic.scoring import evaluate as score
from hygie.lib.french import count, plural

TOP_ACTIONS = 5


def _with_na(measure: measures.Measure) -> measures.Measure:
    if measure.option(measures.NA) is not None:
        return measure
    if not (measure.data.get("applies_if") or measure.data.get("memento")):
        return measure
    return dataclasses.replace(
        measure, options=(*measure.options, measures.Option(measures.NA, "Non applicable", None))
    )


def catalogue() -> measures.Catalogue:
    full = measures.catalogue()
    numbers = {t.key: t.number for t in full.themes}
    chosen = sorted(
        (m for m in full.measures if m.data.get("discovery")),
        key=lambda m: (numbers[m.theme], m.position),
    )
    return measures.Catalogue(themes=full.themes, measures=tuple(_with_na(m) for m in chosen))


def read(
    data: Mapping[str, str], chosen: list[measures.Measure]
) -> tuple[dict[str, str], list[str]]:
    """The answers of the form, and what is wrong with it, in French."""
    answers: dict[str, str] = {}
    missing = 0
    for m in chosen:
        value = data.get(f"m-{m.key}", "")
        if not value:
            missing += 1
        elif m.option(value) is None:
            return {}, ["Une réponse envoyée n'existe pas : rechargez la page et recommencez."]
        else:
            answers[m.key] = value
    if missing:
        return answers, [
            f"Il reste {count(missing, 'question')} sans réponse "
            f"({plural(missing, 'signalée')} ci-dessous)."
        ]
    return answers, []


def evaluate(answers: Mapping[str, str], chosen: measures.Catalogue | None = None) -> Result:
    return score(chosen or catalogue(), {}, answers)
