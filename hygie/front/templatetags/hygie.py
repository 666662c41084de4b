from django import template

from hygie.content import library

register = template.Library()


@register.filter
def urgency(deadline, now=None) -> str:
    return deadline.urgency(now)


@register.filter
def rule_title(rule: str) -> str:
    """The legal source of a deadline's rule, e.g. « Délai légal : … — RGPD (art. 33(1)) ».

    A rule or a source not checked against the primary text says so.
    """
    item = library.get("legal_deadlines", rule)
    if item is None:
        return ""
    cited = " ; ".join(_citation(s) for s in library.cite(item["source"]))
    title = f"Délai légal : {item['title']} — {cited}"
    if item.get("verified") is False:
        title += " (délai non vérifié dans le texte)"
    return title


def _citation(source: dict) -> str:
    notes = [source["detail"], "" if source["verified"] else "texte non vérifié"]
    notes = [n for n in notes if n]
    return source["title"] + (f" ({', '.join(notes)})" if notes else "")
