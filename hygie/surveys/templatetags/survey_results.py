from django import template

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
    return charts.figure_text(value)
