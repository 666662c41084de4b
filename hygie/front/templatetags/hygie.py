import re
from datetime import datetime

from django import template
from django.utils import timezone
from django.utils.html import escape, format_html, strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify

from hygie.content import library
from hygie.deadlines import priority
from hygie.lib import dates, french, phones

register = template.Library()


def _is_open_legal_clock(deadline) -> bool:
    return deadline.status == "open" and priority.is_legal(deadline)


@register.filter
def urgency(deadline, now=None) -> str:
    return deadline.urgency(now)


@register.filter
def link_for(deadline, membership) -> str:
    """Where this member acts on the deadline (Deadline.link_for)."""
    return deadline.link_for(membership) if membership is not None else deadline.link()


@register.filter
def legal_clock(deadline) -> bool:
    """An open deadline set by a legal rule: first, and in red (deadlines/priority.py)."""
    return _is_open_legal_clock(deadline)


@register.filter
def urgency_badge(deadline, now=None) -> str:
    """The deadline's urgency in words, coloured: colour is never the only signal.

    A legal clock is never shown like routine work: « Délai légal », with the
    hours left under 72 hours, or « Délai légal dépassé ».
    """
    if deadline.status != "open":
        return format_html(
            '<span class="badge badge--closed">{}</span>', deadline.get_status_display()
        )
    now = now or timezone.now()
    kind = "legal" if priority.is_legal(deadline) else deadline.urgency(now)
    return format_html(
        '<span class="badge badge--{}">{}</span>', kind, priority.label_of(deadline, now)
    )


@register.filter
def urgency_label(deadline, now=None) -> str:
    """The badge's words alone, for documents (deadlines/priority.py)."""
    if deadline.status != "open":
        return ""
    return priority.label_of(deadline, now or timezone.now())


@register.filter
def quand(moment: datetime | None) -> str:
    """« samedi 21 novembre 2026 à 09:00 », in the active time zone (the
    organisation's on its pages); outside Paris time, the zone is named:
    « … à 09:00 (heure de la Martinique) »."""
    if not moment:
        return ""
    tz = timezone.get_current_timezone()
    text = dates.long_datetime(moment, tz)
    return text if dates.is_paris(tz) else f"{text} ({dates.territory(tz).time_name})"


@register.filter
def jour(moment: datetime | None) -> str:
    """« samedi 21 novembre 2026 », the day of `moment` in the active time zone."""
    if not moment:
        return ""
    return dates.long_date(timezone.localtime(moment, timezone.get_current_timezone()).date())


@register.filter
def court(moment: datetime | None, seconds: str = "") -> str:
    """« 21/11/2026 09:00 » (« court:'s' » adds the seconds), in the active
    time zone; tables of these say their zone once (`fuseau`)."""
    if not moment:
        return ""
    return dates.short_datetime(moment, seconds=bool(seconds), tz=timezone.get_current_timezone())


@register.simple_tag
def fuseau() -> str:
    """« heure de la Martinique » when the active time zone is not Paris's, else
    "": a coordinator serving several territories sees which time is shown."""
    tz = timezone.get_current_timezone()
    return "" if dates.is_paris(tz) else dates.territory(tz).time_name


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
    cited = " ; ".join(_citation(source) for source in library.cite(item["source"]))
    title = f"Délai légal : {item['title']} — {cited}"
    if item.get("verified") is False:
        title += " (délai non vérifié dans le texte)"
    return title


def _citation(source: dict) -> str:
    notes = [source["detail"], "" if source["verified"] else "texte non vérifié"]
    notes = [n for n in notes if n]
    return source["title"] + (f" ({', '.join(notes)})" if notes else "")


@register.filter(name="de")
def de(phrase: str) -> str:
    """« de » before a phrase, elided or contracted: « demande {{ x|de }} » gives
    « demande d'accès », « demande de rectification »."""
    joiner, rest = french.de_parts(str(phrase))
    # The joiner is one of four fixed words; the phrase is escaped.
    return format_html(joiner + "{}", rest)


@register.filter
def enumeration(items) -> str:
    """A list as one sentence: « a ; b ; c. », each item's own full stop dropped."""
    return french.enumeration(items or [])


@register.filter
def sentence(text) -> str:
    """Text typed by someone, ending with one full stop: « {{ x|sentence }} »."""
    return french.sentence(text or "")


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


CAPTION = re.compile(r"<caption\b([^>]*)>(.*?)</caption>", re.S)
ID_ATTRIBUTE = re.compile(r"""\bid=["']([^"']+)["']""")


@register.tag
def scrollable(parser, token):
    """A table that may be wider than the screen, in a region that scrolls
    sideways and that the keyboard reaches (WCAG 2.1.1): focusable, and named
    by the table's caption, which every such table has::

        {% scrollable %}<table><caption>…</caption>…</table>{% endscrollable %}
        {% scrollable "card" %}…{% endscrollable %}   (classes added to the region)
    """
    classes = [parser.compile_filter(bit) for bit in token.split_contents()[1:]]
    nodelist = parser.parse(("endscrollable",))
    parser.delete_first_token()
    return ScrollableNode(nodelist, classes)


class ScrollableNode(template.Node):
    def __init__(self, nodelist, classes) -> None:
        self.nodelist = nodelist
        self.classes = classes

    def render(self, context) -> str:
        inner = self.nodelist.render(context)
        classes = " ".join(["table-wrap", *(str(c.resolve(context)) for c in self.classes)])
        caption = CAPTION.search(inner)
        if caption is None:  # every template's table has one (tests/test_templates.py)
            name = format_html('aria-label="{}"', "Tableau")
        else:
            found = ID_ATTRIBUTE.search(caption.group(1))
            if found:
                label_id = found.group(1)
            else:
                # Named after its text, so that two tables of a page differ.
                label_id = "tableau-" + slugify(strip_tags(caption.group(2)))[:60]
                attributes = mark_safe(caption.group(1))  # noqa: S308 (the template's own markup)
                opening = format_html('<caption{} id="{}">', attributes, label_id)
                inner = inner[: caption.start()] + opening + inner[caption.end(1) + 1 :]
            name = format_html('aria-labelledby="{}"', label_id)
        return format_html(
            '<div class="{}" role="region" tabindex="0" {}>{}</div>',
            classes,
            name,
            mark_safe(inner),  # noqa: S308 (rendered by the template engine)
        )
