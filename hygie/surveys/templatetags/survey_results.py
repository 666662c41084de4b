from django import template

from hygie.lib.disclosure import THRESHOLD
from hygie.surveys import charts, compare

register = template.Library()


@register.filter
def pourcent(value: float | None) -> str:
    return charts.percent_text(value)


@register.filter
def points(value: float | None) -> str:
    return compare.points_text(value)


@register.filter
def nombre(value: int | None) -> str:
    """A count as a table shows it: « < 5 » when hidden."""
    return f"< {THRESHOLD}" if value is None else str(value)
