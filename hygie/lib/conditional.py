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
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from django import forms


class ConditionalFieldsMixin:
    shown_when: Mapping[str, Mapping[str, set[str]]] = {}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name, conditions in self.shown_when.items():
            rule = {field: sorted(values) for field, values in conditions.items()}
            self.fields[name].widget.attrs["data-show-when"] = json.dumps(rule)

    def applies(self, name: str, data: Mapping | None = None) -> bool:
        """Whether the field applies to the answers given (cleaned data by default)."""
        data = self.cleaned_data if data is None else data
        conditions = self.shown_when.get(name, {})
        return all(str(data.get(field, "")) in values for field, values in conditions.items())

    def clean(self):
        data = super().clean()
        for name in self.shown_when:
            if not self.applies(name, data):
                self._errors.pop(name, None)
                data[name] = _empty(self.fields[name])
        return data


def _empty(field: forms.Field):
    """The value of the field left blank: "", False…"""
    return field.clean(None)
