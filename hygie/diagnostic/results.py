"""The diagnostic's results as the results page and the printed report show them."""

from __future__ import annotations

import hashlib

from hygie.content import library
from hygie.diagnostic import actions, chart, measures
from hygie.diagnostic.models import Assessment
from hygie.diagnostic.profile import label as profile_rows
from hygie.lib import documents
from hygie.lib.footnotes import Footnotes


def result_context(org, assessment: Assessment) -> dict:
    """What the results page and the printed report show of a completed diagnostic."""
    catalogue = measures.catalogue()
    answers = actions.answers_of(assessment)
    result = actions.result_of(assessment, answers=answers)
    # Only the plan items of this diagnostic's gaps are shown: an organisation
    # with a long history has an item for nearly every measure.
    plan = {
        plan_item.measure: plan_item
        for plan_item in org.plan_items.select_related("owner").filter(
            measure__in=[g.measure.key for g in result.gaps]
        )
    }
    is_latest = actions.latest_completed(org).pk == assessment.pk
    # The list of actions is the costly part of the page: kept while neither
    # the plan's entries nor the library change.
    entries = sorted(
        (
            m,
            plan_item.pk,
            plan_item.status,
            plan_item.owner_id,
            str(plan_item.owner) if plan_item.owner else "",
            plan_item.due_on,
        )
        for m, plan_item in plan.items()
    )
    version = hashlib.sha256(repr((org.code, entries, measures.fingerprint())).encode()).hexdigest()
    return {
        "fragment_version": version,
        "assessment": assessment,
        "result": result,
        "profile_rows": profile_rows(assessment.profile),
        "theme_titles": catalogue.theme_by_key,
        "bars": chart.theme_bars(result.themes),
        "plan": plan,
        "is_latest": is_latest,
        "current": actions.result_of(assessment, with_plan=True, answers=answers)
        if is_latest
        else None,
    }


def report_pdf(org, assessment: Assessment) -> bytes:
    context = result_context(org, assessment)
    context.update(bibliography(context["result"].gaps))
    return documents.render_pdf(
        "diagnostic/report_pdf.html", context, org=org, title="Diagnostic d'hygiène numérique"
    )


def bibliography(gaps) -> dict:
    """The sources the plan cites, each once and numbered (`bibliography`),
    each gap's numbers (`citations`), and the footnotes of the sources to
    check (`source_notes`): an unverified source carries a footnote mark, and
    its one footnote says what to check in it and where."""
    numbers: dict[tuple, int] = {}
    entries, citations = [], {}
    notes = Footnotes()
    for gap in gaps:
        mine = []
        for cited in library.cite(gap.measure.source or []):
            key = (cited["ref"], cited["detail"])
            if key not in numbers:
                numbers[key] = len(entries) + 1
                if not cited["verified"]:
                    cited["note_mark"] = notes.refer(cited["check"]).mark
                entries.append(cited)
            mine.append(numbers[key])
        citations[gap.measure.key] = mine
    return {"bibliography": entries, "citations": citations, "source_notes": notes.as_list()}
