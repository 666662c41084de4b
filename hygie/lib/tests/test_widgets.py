from django import forms
from django.test import SimpleTestCase

from hygie.lib.widgets import PlainSelect

CHOICES = [("", "Toutes"), ("login.success", "Connexion réussie"), ("a&b", "<Ça & là>")]


class Filter(forms.Form):
    action = forms.ChoiceField(choices=CHOICES, required=False, widget=PlainSelect)
    role = forms.ChoiceField(choices=CHOICES, help_text="Aide", widget=PlainSelect)


class PlainSelectTestCase(SimpleTestCase):
    def test_it_renders_what_django_renders(self):
        class Reference(forms.Form):
            action = forms.ChoiceField(choices=CHOICES, required=False)
            role = forms.ChoiceField(choices=CHOICES, help_text="Aide")

        data = {"action": "login.success", "role": "nope"}
        for name in ("action", "role"):
            with self.subTest(name=name):
                ours, django = Filter(data)[name], Reference(data)[name]
                normalise = lambda html: " ".join(str(html).replace(">", "> ").split())  # noqa: E731
                self.assertHTMLEqual(normalise(ours), normalise(django))

    def test_it_escapes_values_and_labels(self):
        html = str(Filter({"action": "a&b"})["action"])
        self.assertIn('<option value="a&amp;b" selected>&lt;Ça &amp; là&gt;</option>', html)
