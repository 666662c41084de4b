"""Form fields that apply only to some answers of other fields.

A form lists them in `shown_when`: field name -> {controlling field: values}.
For example a record's age matters only for a request of the medical record:
`{"record_age": {"right": {"dossier"}}}`.

- In the page, each such field's input carries `data-show-when` (JSON), and
  hygie.js shows the field only while the controlling answers match. Without
  JavaScript every field is shown, each saying what it is for.
- On the server, a field that does not apply is emptied and its errors are
  dropped, whatever was sent: a hidden field can neither block nor change
  the record. Whether a field that applies is required is the form's own
  `clean()`.

Some answers of a field, too, apply only to some answers of others: a form
lists them in `options_shown_when`, field name -> {option: {controlling
field: values}}, and draws the field with `ConditionalRadioSelect`. Each such
radio button carries `data-option-when`; hygie.js hides it (and unticks it)
while the answers do not match. On the server, an option chosen where it does
not apply is refused with the form's message in `option_errors`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from django import forms

Conditions = Mapping[str, set[str]]


class ConditionalRadioSelect(forms.RadioSelect):
    """Radio buttons some of which apply only to some answers of other fields:
    `option_rules` maps an option's value to its rule, as JSON."""

    option_rules: Mapping[str, str] = {}

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        rule = self.option_rules.get(str(value))
        if rule:
            option["attrs"] = {**option["attrs"], "data-option-when": rule}
        return option


class ConditionalFieldsMixin:
    shown_when: Mapping[str, Conditions] = {}
    options_shown_when: Mapping[str, Mapping[str, Conditions]] = {}
    option_errors: Mapping[str, str] = {}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name, conditions in self.shown_when.items():
            self.fields[name].widget.attrs["data-show-when"] = _rule(conditions)
        for name, options in self.options_shown_when.items():
            widget = self.fields[name].widget
            assert isinstance(widget, ConditionalRadioSelect), name
            widget.option_rules = {str(v): _rule(c) for v, c in options.items()}

    def applies(self, name: str, data: Mapping | None = None) -> bool:
        """Whether the field applies to the answers given (cleaned data by default)."""
        data = self.cleaned_data if data is None else data
        return _met(self.shown_when.get(name, {}), data)

    def option_applies(self, name: str, value, data: Mapping | None = None) -> bool:
        """Whether the answer `value` of the field applies to the answers given."""
        data = self.cleaned_data if data is None else data
        return _met(self.options_shown_when.get(name, {}).get(str(value), {}), data)

    def clean(self):
        data = super().clean()
        for name in self.shown_when:
            if not self.applies(name, data):
                self._errors.pop(name, None)
                data[name] = _empty(self.fields[name])
        for name in self.options_shown_when:
            value = data.get(name)
            if value not in (None, "") and not self.option_applies(name, value, data):
                message = self.option_errors.get(name, "Cette réponse ne s'applique pas ici.")
                self.add_error(name, message)
        return data


def _rule(conditions: Conditions) -> str:
    return json.dumps({field: sorted(values) for field, values in conditions.items()})


def _met(conditions: Conditions, data: Mapping) -> bool:
    return all(str(data.get(field, "")) in values for field, values in conditions.items())


def _empty(field: forms.Field):
    """The value of the field left blank: "", False…"""
    return field.clean(None)
