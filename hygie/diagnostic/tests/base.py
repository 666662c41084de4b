"""Helpers for the diagnostic's tests."""

from hygie.diagnostic import actions, measures
from hygie.diagnostic.scoring import applicable

# A solo GP, files on the practice's computer, Wi-Fi, a smartphone.
COMPLETE_PROFILE = {
    "profession": "medecin_generaliste",
    "effectif": "seul",
    "secretariat": "oui",
    "stockage": "local",
    "hebergement": "poste",
    "wifi": "oui",
    "teleconsultation": "non",
    "mobiles": "oui",
}


def answer_all(assessment, choose, actor=None):
    """Answer every applicable measure with choose(measure) -> option key."""
    for measure in applicable(measures.catalogue(), assessment.profile):
        actions.save_answer(assessment, measure, choose(measure), actor=actor)


def best(measure):
    return max((o for o in measure.options if o.value is not None), key=lambda o: o.value).key


def worst(measure):
    return measure.options[[o.value for o in measure.options].index(0)].key
