"""The RGPD register's processing templates (collection processing-templates)."""

from django.test import TestCase

from hygie.content import library
from hygie.content.loader import kinds
from hygie.content.models import Collection
from hygie.orgs.models import Kind, Profession

TEMPLATES = "processing-templates"
EXPECTED = {
    "rendez-vous",
    "rendez-vous-en-ligne",
    "dossier-patient",
    "facturation-teletransmission",
    "telemedecine",
    "echanges-professionnels",
    "echanges-patients",
    "gestion-personnel",
    "comptabilite-fournisseurs",
    "site-internet",
}
# Processings that handle no health data: no art. 9(2) condition.
WITHOUT_HEALTH_DATA = {"gestion-personnel", "comptabilite-fournisseurs", "site-internet"}


class ProcessingTemplatesTestCase(TestCase):
    def setUp(self):
        library.clear_cache()
        self.templates = library.items(TEMPLATES)
        self.by_id = {t["id"]: t for t in self.templates}

    def rules(self):
        for template in self.templates:
            for n, rule in enumerate(template["retention"]):
                yield template["id"], n, rule

    def test_the_collection_is_loaded_with_every_expected_template(self):
        collection = Collection.objects.get(key=TEMPLATES)
        self.assertEqual(collection.kind, "processing_template")
        self.assertLessEqual(EXPECTED, set(self.by_id))

    def test_every_measure_exists_in_the_diagnostic(self):
        measures = {m["id"] for m in library.items("diagnostic-measures")}
        for template in self.templates:
            with self.subTest(template=template["id"]):
                self.assertTrue(3 <= len(template["measures"]) <= 6)
                self.assertLessEqual(set(template["measures"]), measures)

    def test_every_retention_rule_cites_sources_of_the_bibliography(self):
        sources = {s["id"] for s in library.items("sources")}
        for template, n, rule in self.rules():
            for citation in rule["source"]:
                with self.subTest(template=template, rule=n, ref=citation["ref"]):
                    self.assertIn(citation["ref"], sources)

    def test_the_patient_record_is_kept_5_years_then_archived_15_from_the_last_care(self):
        rule = self.by_id["dossier-patient"]["retention"][0]
        self.assertEqual(rule["active"], {"value": 5, "unit": "years"})
        self.assertEqual(rule["archive"], {"value": 15, "unit": "years"})
        self.assertEqual(rule["start_event"], "last_care")
        self.assertNotIn("minors_until", rule)
        self.assertIn("cnil-referentiel-cabinets", [c["ref"] for c in rule["source"]])

    def test_every_template_fills_the_register_entries_of_article_30(self):
        # Art. 30(1)(b) purposes, (c) persons and data, (d) recipients,
        # (e) transfers, (f) retention; plus the lawful basis.
        for template in self.templates:
            with self.subTest(template=template["id"]):
                for key in ("purposes", "data_categories", "persons", "recipients", "retention"):
                    self.assertTrue(template[key], key)
                self.assertTrue(template["legal_basis"].strip())
                self.assertIn("art. 6(1)", template["legal_basis"])
                self.assertTrue(template["transfers"].strip())

    def test_templates_with_health_data_name_their_article_9_condition(self):
        for template in self.templates:
            with self.subTest(template=template["id"]):
                if template["id"] in WITHOUT_HEALTH_DATA:
                    self.assertNotIn("article9", template)
                else:
                    self.assertIn("9(2)(h)", template["article9"])

    def test_an_unverified_rule_says_why(self):
        unverified = [(t, n, r) for t, n, r in self.rules() if not r["verified"]]
        self.assertTrue(unverified)
        for template, n, rule in unverified:
            with self.subTest(template=template, rule=n):
                self.assertGreaterEqual(len(rule.get("note", "")), 20)

    def test_the_minors_rule_is_flagged_as_unverified(self):
        # regulation.md: whether the cabinet référentiel keeps the 28-year
        # rule of the établissements was not confirmed.
        minors = [r for _, _, r in self.rules() if "minors_until" in r]
        self.assertTrue(minors)
        for rule in minors:
            self.assertFalse(rule["verified"])

    def test_the_nir_is_a_data_category_of_billing(self):
        categories = " ".join(self.by_id["facturation-teletransmission"]["data_categories"])
        self.assertIn("NIR", categories)

    def test_applies_conditions_use_the_organisations_own_choices(self):
        schema = kinds()["processing_template"]["properties"]["applies"]["properties"]
        self.assertEqual(set(schema["kinds"]["items"]["enum"]), set(Kind.values))
        self.assertEqual(set(schema["professions"]["items"]["enum"]), set(Profession.values))
        for template in self.templates:
            applies = template.get("applies", {})
            with self.subTest(template=template["id"]):
                self.assertLessEqual(set(applies.get("kinds", [])), set(Kind.values))
                self.assertLessEqual(set(applies.get("professions", [])), set(Profession.values))

    def test_optional_processings_apply_only_with_their_need(self):
        needs = {
            "rendez-vous-en-ligne": "online_booking",
            "telemedecine": "teleconsultation",
            "gestion-personnel": "employees",
            "site-internet": "website",
        }
        for key, need in needs.items():
            with self.subTest(template=key):
                self.assertIn(need, self.by_id[key]["applies"]["needs"])
