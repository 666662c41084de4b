from django import template

from hygie.content import library

register = template.Library()


@register.filter
def urgency(deadline, now=None) -> str:
    return deadline.urgency(now)


@register.filter
def rule_title(rule: str) -> str:
    """The legal source of a deadline's rule, e.g. « RGPD, art. 33(1) »."""
    item = library.get("legal_deadlines", rule)
    if item is None:
        return ""
    sources = library.cite(item["source"])
    cited = " ; ".join(
        f"{s['title']}{' (' + s['detail'] + ')' if s['detail'] else ''}" for s in sources
    )
    return f"Délai légal : {item['title']} — {cited}"
