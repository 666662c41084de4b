"""The register's page of the demo, as its titulaire reads it: what is
complete said once, and no label left hanging on « … le » before its field."""

import re
import tempfile
from pathlib import Path

from django.test import Client, TestCase, override_settings
from django.urls import reverse
from django.utils.html import strip_tags

from hygie.accounts.models import User
from hygie.front.demo import PEOPLE, create_demo
from hygie.orgs.models import Organisation

LABEL = re.compile(r"<label[^>]*>(.*?)</label>", re.S)


@override_settings(PREPARE_DOCUMENTS=False)
class RegisterHomeWordingTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        with tempfile.TemporaryDirectory() as data_dir, override_settings(DATA_DIR=Path(data_dir)):
            create_demo()
        cls.org = Organisation.objects.get(is_demo=True, name="Cabinet du Dr Martin")
        cls.owner = User.objects.get(email=PEOPLE[0][1])

    def page(self) -> str:
        client = Client()
        client.force_login(self.owner)
        response = client.get(reverse("register:home", args=[self.org.code]))
        self.assertEqual(response.status_code, 200)
        return response.content.decode()

    def test_a_complete_register_says_so_once(self):
        text = " ".join(strip_tags(self.page()).split())
        # The heading, then what it means: no « complet » badge repeating it.
        self.assertIn("Registre complet Chaque traitement a ce que demande l'article 30(1)", text)

    def test_no_label_ends_before_its_field_on_a_dangling_word(self):
        labels = [" ".join(strip_tags(x).split()) for x in LABEL.findall(self.page())]
        self.assertIn("Date du registre à afficher", labels)
        for label in labels:
            with self.subTest(label):
                self.assertNotRegex(label, r"\s(?:le|la|les|du|de|des|au|aux|à)$")
