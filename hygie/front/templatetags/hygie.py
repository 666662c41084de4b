from datetime import datetime

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from hygie.content import library
from hygie.lib import dates, phones

register = template.Library()

URGENCY_BADGES = {
    "overdue": ("overdue", "En retard"),
    "soon": ("soon", "Dans les 7 jours"),
    "later": ("later", "À venir"),
}


@register.filter
def urgency(deadline, now=None) -> str:
    return deadline.urgency(now)


@register.filter
def urgency_badge(deadline, now=None) -> str:
    """The deadline's urgency in words, coloured: colour is never the only signal."""
    kind, label = URGENCY_BADGES.get(
        deadline.urgency(now), ("closed", deadline.get_status_display())
    )
    return format_html('<span class="badge badge--{}">{}</span>', kind, label)


@register.filter
def quand(moment: datetime | None) -> str:
    """« samedi 21 novembre 2026 à 09:00 », in Paris time."""
    return dates.long_datetime(moment) if moment else ""


@register.filter
def court(moment: datetime | None, seconds: str = "") -> str:
    """« 21/11/2026 09:00 » (« court:'s' » adds the seconds), in Paris time."""
    return dates.short_datetime(moment, seconds=bool(seconds)) if moment else ""


@register.filter
def relatif(moment: datetime | None, now: datetime) -> str:
    """« dans 3 jours », « il y a 2 heures »."""
    return dates.relative(moment, now) if moment else ""


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


@register.filter
def get_item(mapping, key):
    """mapping[key] in a template, or None."""
    return mapping.get(key) if mapping is not None else None


@register.filter(is_safe=True)
def telephones(text) -> SafeString:
    """Plain text with every phone number in it a link that dials it
    (lib/phones.py): « appelez le <a href="tel:3608">3608</a> ». Apply it
    first, to text not yet HTML."""
    text = "" if text is None else str(text)
    parts, last = [], 0
    for start, end in phones.spans(text):
        number = text[start:end]
        parts += [escape(text[last:start]), _dial(number)]
        last = end
    parts.append(escape(text[last:]))
    return mark_safe("".join(parts))  # noqa: S308 (each part escaped above)


def _dial(number: str) -> str:
    return format_html('<a class="tel" href="{}">{}</a>', phones.href(number), number)
