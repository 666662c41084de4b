"""Form fields for values typed into an address as well as ticked on a page,
and the check of a date typed into a form."""

from __future__ import annotations

from django import forms

from hygie.lib import parse

TRUE_WORDS = frozenset({"1", "true", "oui", "on"})
FALSE_WORDS = frozenset({"0", "false", "non", "off", ""})


def parse_bool(value: object) -> bool | None:
    """A yes or no written plainly (1/0, true/false, oui/non, on/off, any
    case; nothing at all is no), or None when it is neither."""
    if isinstance(value, bool):
        return value
    if value is None:
        return False
    text = str(value).strip().lower()
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    return None


class Checkbox(forms.CheckboxInput):
    """A checkbox that hands its raw value to the field.

    Django's own turns any value but « false » into True, so that
    `extended=0` in an address meant « yes ». (Named so that templates still
    see its `widget_type` as « checkbox ».)
    """

    def __init__(self, attrs=None):
        super().__init__(attrs, check_test=lambda value: parse_bool(value) is True)

    def value_from_datadict(self, data, files, name):
        return data.get(name)


class ClearBooleanField(forms.Field):
    """Yes or no, from a checkbox or an address; anything unclear is an error
    rather than a guess."""

    widget = Checkbox
    default_error_messages = {
        "invalid": "Valeur non comprise : indiquez oui ou non (1 ou 0, true ou false, "
        "on ou off), ou rien pour non.",
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_python(self, value) -> bool:
        found = parse_bool(value)
        if found is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return found

    def validate(self, value) -> None:
        if self.required and not value:
            raise forms.ValidationError(self.error_messages["required"], code="required")

    def has_changed(self, initial, data) -> bool:
        return parse_bool(initial) != parse_bool(data)


def checked_date(value):
    """A date typed in for the practice's own records (a plan item's due date,
    a questionnaire sent or returned): between 2000 and 2200."""
    if value is not None and not (2000 <= value.year <= 2200):
        raise forms.ValidationError("Indiquez une date entre 2000 et 2200.")
    return value


class DayField(forms.DateField):
    """A date in the years Hygie deals with (see hygie.lib.parse): 9999-12-31
    is a valid date, but adding a retention period or a delay to it is not."""

    default_error_messages = {
        "out_of_range": "Indiquez une date entre %(first)s et %(last)s.",
    }

    def validate(self, value) -> None:
        super().validate(value)
        if value and not parse.in_range(value):
            raise forms.ValidationError(
                self.error_messages["out_of_range"],
                code="out_of_range",
                params={"first": parse.FIRST_YEAR, "last": parse.LAST_YEAR},
            )


class IdsField(forms.ModelMultipleChoiceField):
    """Objects ticked in a list, each named by its primary key.

    Django's own hands any number to the database, where one beyond 64 bits
    fails the query instead of being « not a choice »."""

    default_error_messages = {
        "invalid_choice": "Un des choix cochés n’existe pas ou plus : rechargez la page "
        "et recommencez.",
        "invalid_pk_value": "Un des choix cochés n’existe pas ou plus : rechargez la page "
        "et recommencez.",
    }

    def _check_values(self, value):
        for pk in value:
            if parse.parse_id(str(pk)) is None:
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                )
        return super()._check_values(value)
