"""A bad library is refused as a whole, with a French message naming the file,
the item and the field, and nothing is written to the database."""

import shutil

from django.core.management import CommandError, call_command

from hygie.content.loader import LIBRARY_DIR, MAX_FILE_BYTES, ContentLoadError, load
from hygie.content.models import Collection
from hygie.content.tests.helpers import LibraryTestCase, collection, reflex

LEGAL_DEADLINE = {
    "id": "delai-essai",
    "version": 1,
    "title": "Un délai d'essai",
    "duration": {"value": 2, "unit": "weeks"},
    "starts": "la demande",
    "applies_to": "tout le monde",
    "source": [{"ref": "rgpd"}],
}


class BadLibraryTestCase(LibraryTestCase):
    def assertRefused(self, file: str, item: str | None, field: str | None, *fragments: str):
        """As assertLoadRefused, and `contenu valider` refuses too."""
        error = self.assertLoadRefused(file, item, field, *fragments)
        with self.assertRaises(CommandError):
            call_command("contenu", "valider", "--dossier", str(self.dir))
        return error

    def test_it_refuses_a_yaml_syntax_error_with_its_line_number(self):
        self.write(
            "essai.yaml",
            "collection: essai\nkind: reflex\nversion: 1\ntitle: Réflexes: d'essai\nitems: []\n",
        )
        error = self.assertRefused("essai.yaml", None, None, "syntaxe YAML invalide", "ligne 4")
        self.assertEqual(str(error).split(" : ")[0], "fichier essai.yaml")

    def test_it_refuses_a_missing_required_field(self):
        item = reflex("a")
        del item["title"]
        self.write("essai.yaml", collection(items=[item]))
        self.assertRefused("essai.yaml", "« a »", "title", "le champ obligatoire « title » manque")

    def test_it_refuses_an_item_without_an_id_naming_it_by_its_number(self):
        item = reflex("a")
        del item["id"]
        self.write("essai.yaml", collection(items=[reflex("b"), item]))
        self.assertRefused("essai.yaml", "n° 2", "id", "champ obligatoire « id »")

    def test_it_refuses_an_item_without_a_source(self):
        item = reflex("verrouiller-sa-session")
        del item["source"]
        self.write("essai.yaml", collection(items=[item]))
        self.assertRefused("essai.yaml", "« verrouiller-sa-session »", "source", "manque")

    def test_it_refuses_an_empty_source(self):
        self.write("essai.yaml", collection(items=[reflex("a", source=None)]))
        self.assertRefused("essai.yaml", "« a »", "source", "doit être une liste")

    def test_it_refuses_an_unknown_field(self):
        self.write("essai.yaml", collection(items=[reflex("a", titre="Coquille")]))
        self.assertRefused("essai.yaml", "« a »", "titre", "champ inconnu", "faute de frappe")

    def test_it_refuses_an_unknown_field_in_the_header(self):
        self.write("essai.yaml", collection(auteur="Claire"))
        self.assertRefused("essai.yaml", None, "auteur", "champ inconnu")

    def test_it_refuses_a_wrong_type(self):
        self.write("essai.yaml", collection(items=[reflex("a", number="un")]))
        self.assertRefused("essai.yaml", "« a »", "number", "doit être un nombre entier")

    def test_it_refuses_a_wrong_type_of_version_even_for_an_item_already_loaded(self):
        self.write("essai.yaml", collection(items=[reflex("a")]))
        load(self.dir)
        self.write("essai.yaml", collection(items=[reflex("a", version="deux")]))
        self.assertRefused("essai.yaml", "« a »", "version", "doit être un nombre entier")

    def test_it_refuses_a_value_outside_the_enumeration(self):
        self.write(
            "delais.yaml",
            collection("delais-essai", kind="legal_deadline", items=[LEGAL_DEADLINE]),
        )
        self.assertRefused(
            "delais.yaml",
            "« delai-essai »",
            "duration.unit",
            "valeur « weeks » non reconnue",
            "hours, days, working_days, months, years",
        )

    def test_it_refuses_a_badly_formed_id(self):
        self.write("essai.yaml", collection(items=[reflex("Mot De Passe")]))
        self.assertRefused("essai.yaml", "« Mot De Passe »", "id", "mal formée")

    def test_it_refuses_an_id_that_is_not_a_text(self):
        self.write("essai.yaml", collection(items=[reflex("a"), reflex(["a", "b"])]))
        self.assertRefused("essai.yaml", "n° 2", "id", "doit être un texte")

    def test_it_refuses_a_duplicate_id(self):
        self.write("essai.yaml", collection(items=[reflex("a"), reflex("a", 2)]))
        self.assertRefused("essai.yaml", "« a »", "id", "déjà utilisé")

    def test_it_refuses_an_unverified_source_that_does_not_say_what_to_check(self):
        shutil.copy(LIBRARY_DIR / "sources.yaml", self.dir)
        sources = self.read("sources.yaml")
        unverified = next(s for s in sources["items"] if s.get("verified") is False)
        del unverified["check"]
        self.write("sources.yaml", sources)
        self.assertRefused(
            "sources.yaml", f"« {unverified['id']} »", "check", "le champ obligatoire « check »"
        )

    def test_it_refuses_an_unknown_kind(self):
        self.write("essai.yaml", collection(kind="quiz"))
        self.assertRefused("essai.yaml", None, "kind", "type « quiz » inconnu", "reflex")

    def test_it_refuses_a_citation_of_a_source_that_does_not_exist(self):
        self.write("essai.yaml", collection(items=[reflex("a", source=[{"ref": "inconnue"}])]))
        self.assertRefused(
            "essai.yaml", "« a »", "source.0.ref", "la source « inconnue » n'existe pas"
        )

    def test_it_refuses_an_incident_type_naming_a_measure_that_does_not_exist(self):
        shutil.copy(LIBRARY_DIR / "incident_types.yaml", self.dir)
        types = self.read("incident_types.yaml")
        first = types["items"][0]
        first["measures"] = [*first["measures"][:2], "mesure-disparue"]
        first["version"] += 1
        self.write("incident_types.yaml", types)
        self.assertRefused(
            "incident_types.yaml",
            f"« {first['id']} »",
            "measures.2",
            "la mesure « mesure-disparue » n'existe pas dans la collection diagnostic-measures",
        )

    def test_it_refuses_an_incident_type_whose_label_speaks_in_the_first_person(self):
        # The label names the incident in documents sent to the CNIL or the police.
        self.copy_shipped_library()
        types = self.read("incident_types.yaml")
        first = types["items"][0]
        first["label"] = "J'ai vu un message de rançon"
        first["version"] += 1
        self.write("incident_types.yaml", types)
        self.assertRefused(
            "incident_types.yaml", f"« {first['id']} »", "label", "à la troisième personne"
        )

    def test_it_refuses_a_measure_of_a_theme_that_does_not_exist_in_the_same_library(self):
        self.copy_shipped_library()
        measures = self.read("diagnostic_measures.yaml")
        first = measures["items"][0]
        first["theme"] = "theme-inconnu"
        first["version"] += 1
        self.write("diagnostic_measures.yaml", measures)
        self.assertRefused(
            "diagnostic_measures.yaml",
            f"« {first['id']} »",
            "theme",
            "le thème « theme-inconnu » n'existe pas dans la collection diagnostic-themes",
        )

    def test_it_refuses_a_processing_template_naming_a_measure_retired_from_the_library(self):
        self.copy_shipped_library()
        measures = self.read("diagnostic_measures.yaml")
        template = self.read("processing_templates.yaml")["items"][0]
        cited = template["measures"][0]
        measures["items"] = [m for m in measures["items"] if m["id"] != cited]
        self.write("diagnostic_measures.yaml", measures)
        self.assertRefused(
            "processing_templates.yaml",
            f"« {template['id']} »",
            "measures.0",
            f"la mesure « {cited} » n'existe pas dans la collection diagnostic-measures",
        )

    def test_it_refuses_a_citation_that_is_not_a_text(self):
        self.write("essai.yaml", collection(items=[reflex("a", source=[{"ref": ["rgpd"]}])]))
        self.assertRefused("essai.yaml", "« a »", "source.0.ref", "doit être un texte")

    def test_it_refuses_a_collection_defined_in_two_files(self):
        self.write("a.yaml", collection())
        self.write("b.yaml", collection(items=[reflex("autre")]))
        self.assertRefused("b.yaml", None, "collection", "déjà définie dans a.yaml")

    def test_it_refuses_a_file_not_encoded_in_utf8(self):
        self.write("essai.yaml", "title: Réflexes d'été\n".encode("latin-1"))
        self.assertRefused("essai.yaml", None, None, "UTF-8")

    def test_it_refuses_a_file_over_two_megabytes(self):
        text = "# " + "x" * MAX_FILE_BYTES + "\n"
        self.write("essai.yaml", text)
        self.assertRefused("essai.yaml", None, None, "trop volumineux")

    def test_it_refuses_a_file_that_is_not_a_collection(self):
        self.write("essai.yaml", "- une\n- liste\n")
        self.assertRefused("essai.yaml", None, None, "doit décrire une collection")

    def test_it_refuses_an_empty_folder(self):
        self.assertRefused(str(self.dir), None, None, "aucun fichier .yaml")

    def test_a_good_file_is_not_loaded_with_a_bad_one(self):
        self.write("a.yaml", collection("bonne"))
        self.write("b.yaml", collection("mauvaise", items=[reflex("a", number=0)]))
        self.assertRefused("b.yaml", "« a »", "number", "doit être au moins 1")
        self.assertFalse(Collection.objects.filter(key__in=["bonne", "mauvaise"]).exists())

    def test_it_lists_every_problem_at_once(self):
        self.write("a.yaml", collection(items=[reflex("a", number="un"), reflex("B")]))
        self.write("b.yaml", "collection: [\n")
        with self.assertRaises(ContentLoadError) as caught:
            load(self.dir)
        where = {(e.file, e.item, e.field) for e in caught.exception.errors}
        self.assertEqual(
            where,
            {("a.yaml", "« a »", "number"), ("a.yaml", "« B »", "id"), ("b.yaml", None, None)},
        )
