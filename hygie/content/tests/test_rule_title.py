from hygie.content.loader import load
from hygie.content.tests.helpers import LibraryTestCase, collection
from hygie.front.templatetags.hygie import rule_title


def legal_deadline(id: str, source: list, **fields) -> dict:
    return {
        "id": id,
        "version": 1,
        "title": "Un délai d'essai",
        "duration": {"value": 2, "unit": "days"},
        "starts": "la demande",
        "applies_to": "tout le monde",
        "source": source,
        **fields,
    }


class RuleTitleTestCase(LibraryTestCase):
    def test_it_names_the_rule_and_its_sources_with_their_detail(self):
        self.assertEqual(
            rule_title("rgpd-33-notification-cnil"),
            "Délai légal : Notifier une violation de données à la CNIL — "
            "Règlement (UE) 2016/679 relatif à la protection des données (RGPD) "
            "(art. 33(1) et 33(4))",
        )

    def test_it_separates_several_sources(self):
        title = rule_title("csp-acces-dossier")
        self.assertIn("article L1111-7 (accès au dossier médical) ; Code de la santé", title)
        self.assertNotIn("non vérifié", title)

    def test_it_is_empty_for_an_unknown_rule(self):
        self.assertEqual(rule_title("inconnue"), "")
        self.assertEqual(rule_title(""), "")

    def test_it_says_when_a_source_is_not_verified(self):
        source = [{"ref": "cnil-referentiel-cabinets", "detail": "art. 5"}]
        self.write(
            "delais.yaml",
            collection(
                "legal_deadlines", kind="legal_deadline", items=[legal_deadline("essai", source)]
            ),
        )
        load(self.dir)
        self.assertIn("(art. 5, texte non vérifié)", rule_title("essai"))

    def test_it_says_when_the_rule_itself_is_not_verified(self):
        item = legal_deadline("essai", [{"ref": "rgpd"}], verified=False)
        self.write(
            "delais.yaml", collection("legal_deadlines", kind="legal_deadline", items=[item])
        )
        load(self.dir)
        self.assertTrue(rule_title("essai").endswith("(délai non vérifié dans le texte)"))
