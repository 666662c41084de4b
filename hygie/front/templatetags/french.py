"""Django's `pluralize` with the French rule, installed as a built-in of every
template (settings.TEMPLATES), so that « 0 réponse{{ n|pluralize }} » reads
« 0 réponse ». Same arguments as Django's: "s" by default, or "singular,plural"."""

from django import template

from hygie.lib.french import is_plural

register = template.Library()


@register.filter(is_safe=False)
def pluralize(value, arg: str = "s") -> str:
    if "," not in arg:
        arg = "," + arg
    bits = arg.split(",")
    if len(bits) > 2:
        return ""
    singular, plural = bits
    try:
        return plural if is_plural(float(value)) else singular
    except ValueError:  # a string that is not a number
        return ""
    except TypeError:  # a list, a queryset…
        try:
            return plural if is_plural(len(value)) else singular
        except TypeError:
            return ""
