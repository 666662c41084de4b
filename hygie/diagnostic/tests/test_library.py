"""Every shipped item of the diagnostic's content: valid, sourced, consistent."""

from collections import Counter

from django.test import SimpleTestCase

from hygie.content.loader import LIBRARY_DIR, parse_yaml
from hygie.diagnostic.profile import QUESTIONS, memento_storage

# The lines of the ANS mémento's check-list quoted by seed 004 (webinaire
# « Cyber sécurité et RGPD pour les libéraux », 6 février 2023): wording,
# L (stockage local), C (stockage cloud) and chapter, exactly as printed there.
MEMENTO_LINES = {
    "Maîtriser l'accès physique au lieu d'exercice": (True, False, "2.2.1"),
    "Assurer la protection de l'alimentation électrique des équipements informatiques "
    "(prise parafoudre et parasurtenseur, onduleur...)": (True, False, "2.2.2"),
    "Ne pas laisser accessibles au public les équipements informatiques": (True, False, "2.2.2"),
    "Être vigilant sur la protection des supports de stockage de données amovibles (ne pas "
    "les laisser connectés à l'ordinateur ni sur une table entre les utilisations, les "
    "ranger...)": (True, False, "2.2.2"),
    "Assurer la protection des équipements informatiques mobiles (utiliser un câble de "
    "sécurité pour les accrocher ou les ranger entre les usages)": (True, True, "2.2.2"),
    "Respecter les règles de sécurité pour l'utilisation des cartes de type CPx et e-CPS "
    "(garder le code PIN secret, garder la carte à portée de main ou la ranger entre les "
    "usages)": (True, True, "2.3.1"),
    "Utiliser des mots de passe robustes (minimum 12 caractères de types variés, pas de mot "
    "du dictionnaire ou en lien avec vous, construit par exemple à partir d'un texte que "
    "vous connaissez selon une méthode que vous vous fixez)": (True, True, "2.3.2"),
    "Utiliser un gestionnaire de mots de passe (pour conserver facilement et de façon "
    "sécurisée un mot de passe différent, même très complexe, par application)": (
        True,
        True,
        "2.3.2",
    ),
}
# Good practices of the seeds that the measures must cover: (what, words one
# of the measures' questions or actions must contain, lowercased).
COVERAGE = [
    ("gestionnaire de mots de passe", "gestionnaire"),
    ("double authentification", "authentification"),
    ("verrouillage de session", "verrouill"),
    ("mises à jour", "mise"),
    ("antivirus", "antivirus"),
    ("pare-feu", "pare-feu"),
    ("chiffrement", "chiffr"),
    ("clés USB inconnues", "usb"),
    ("sauvegardes", "sauvegard"),
    ("restauration testée", "restaur"),
    ("Wi-Fi", "wi-fi"),
    ("MSSanté", "mssanté"),
    ("hameçonnage", "hameçonnage"),
    ("SMS piégés", "sms"),
    ("IA générative", "ia"),
    ("photos de patients", "photo"),
    ("HDS", "hds"),
    ("registre", "registre"),
    ("durées de conservation", "conserv"),
    ("DPO", "dpo"),
    ("droit d'accès", "accès"),
    ("carte CPS", "cps"),
    ("onduleur", "onduleur"),
    ("destruction des supports", "détrui"),
    ("fiche réflexe", "fiche réflexe"),
    ("plainte", "plainte"),
    ("questionnaires fournisseurs", "questionnaire"),
    ("filtre de confidentialité", "filtre"),
]


def load(name):
    return parse_yaml((LIBRARY_DIR / name).read_text())


class Measures(SimpleTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.themes = load("diagnostic_themes.yaml")["items"]
        cls.measures = load("diagnostic_measures.yaml")["items"]
        cls.sources = {s["id"]: s for s in load("sources.yaml")["items"]}

    def test_ten_themes_in_order(self):
        self.assertEqual([t["number"] for t in self.themes], list(range(1, 11)))

    def test_at_least_sixty_measures_in_every_theme(self):
        self.assertGreaterEqual(len(self.measures), 60)
        per_theme = Counter(m["theme"] for m in self.measures)
        for theme in self.themes:
            with self.subTest(theme=theme["id"]):
                self.assertGreater(per_theme[theme["id"]], 0)
        self.assertLessEqual(set(per_theme), {t["id"] for t in self.themes})

    def test_each_measure_is_sound(self):
        for m in self.measures:
            with self.subTest(measure=m["id"]):
                self.assertTrue(m["source"])
                for citation in m["source"]:
                    self.assertIn(citation["ref"], self.sources)
                values = [a["value"] for a in m["answers"]]
                self.assertTrue(all(0 <= v <= 3 for v in values))
                # A measure can be fully done and can be missing.
                self.assertIn(3, values)
                self.assertEqual(min(values), 0)
                keys = [a["key"] for a in m["answers"]]
                self.assertEqual(len(keys), len(set(keys)))
                self.assertIn(m["weight"], (1, 2, 3))
                self.assertTrue(m["how"])

    def test_ids_and_actions_unique(self):
        ids = [m["id"] for m in self.measures]
        self.assertEqual(len(ids), len(set(ids)))
        actions = Counter(m["action"] for m in self.measures)
        self.assertEqual([a for a, n in actions.items() if n > 1], [])

    def test_memento_lines_exactly_as_seed_004(self):
        quoted = {m["memento"]["line"]: m for m in self.measures if "memento" in m}
        self.assertEqual(set(quoted), set(MEMENTO_LINES))
        for line, (local, cloud, chapter) in MEMENTO_LINES.items():
            m = quoted[line]
            with self.subTest(measure=m["id"]):
                self.assertEqual(
                    (m["memento"]["L"], m["memento"]["C"], m["memento"]["chapter"]),
                    (local, cloud, chapter),
                )
                self.assertIn("seed-004", [c["ref"] for c in m["source"]])

    def test_storage_conditions_agree_with_memento(self):
        for m in self.measures:
            storage = memento_storage(m.get("memento"))
            explicit = (m.get("applies_if") or {}).get("stockage")
            if storage is not None and explicit is not None:
                with self.subTest(measure=m["id"]):
                    self.assertEqual(sorted(storage), sorted(explicit))

    def test_applicability_vocabulary(self):
        vocabulary = {q.key: {k for k, _ in q.choices} for q in QUESTIONS}
        vocabulary["structure"] = {
            "cabinet", "cabinet_groupe", "msp", "centre_sante", "cpts", "appui",
        }  # fmt: skip
        for m in self.measures:
            for key, values in (m.get("applies_if") or {}).items():
                with self.subTest(measure=m["id"], key=key):
                    self.assertLessEqual(set(values), vocabulary[key])

    def test_about_twelve_discovery_measures(self):
        chosen = [m for m in self.measures if m.get("discovery")]
        self.assertTrue(10 <= len(chosen) <= 14, len(chosen))

    def test_seeds_good_practices_covered(self):
        text = " ".join(
            f"{m['question']} {m['action']} {m.get('help', '')}".lower() for m in self.measures
        )
        for what, words in COVERAGE:
            with self.subTest(practice=what):
                self.assertIn(words, text)


class Printables(SimpleTestCase):
    def test_four_checklists_of_hygies_own_each_inspired_by_an_ans_questionnaire(self):
        items = load("supplier_questionnaires.yaml")["items"]
        self.assertEqual([q["number"] for q in items], [1, 2, 3, 4])
        for q in items:
            with self.subTest(questionnaire=q["id"]):
                official = q["inspired_by"]
                self.assertEqual(official["number"], q["number"])
                # Hygie's questions are not presented under the ANS's title.
                self.assertNotEqual(q["title"], official["title"])
                self.assertIn(official["ref"], [c["ref"] for c in q["source"]])
                # Only the ANS's titles could be read, in a secondary source.
                self.assertIn("seul le titre", q["note"])
                ids = [x["id"] for s in q["sections"] for x in s["questions"]]
                self.assertEqual(len(ids), len(set(ids)))

    def test_fiche_reflexe_fits_one_page(self):
        steps = load("reflex_sheet.yaml")["items"]
        self.assertEqual([s["number"] for s in steps], list(range(1, len(steps) + 1)))
        self.assertLessEqual(len(steps), 12)
