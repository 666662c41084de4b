import json
from io import StringIO

from django.core.management import call_command

from hygie.content.loader import read_library
from hygie.content.models import Collection
from hygie.content.tests.helpers import LibraryTestCase, collection, reflex


def run(*args: str) -> str:
    out = StringIO()
    call_command("contenu", *args, stdout=out)
    return out.getvalue()


class ContenuCommandTestCase(LibraryTestCase):
    def test_charger_says_the_shipped_library_is_already_up_to_date(self):
        out = run("charger")
        self.assertIn("Bibliothèque déjà à jour.", out)
        self.assertRegex(out, r"reflexes\s+v1\s+0 ajouté, 0 modifié, 0 retiré, 6 inchangés")

    def test_charger_reports_what_it_added(self):
        self.write("essai.yaml", collection(items=[reflex("a"), reflex("b", 2)]))
        out = run("charger", "--dossier", str(self.dir))
        self.assertIn("2 ajoutés", out)
        self.assertIn("Bibliothèque chargée.", out)
        self.assertTrue(Collection.objects.filter(key="essai").exists())

    def test_valider_checks_without_loading(self):
        self.write("essai.yaml", collection(items=[reflex("a"), reflex("b", 2)]))
        before = self.snapshot()
        out = run("valider", "--dossier", str(self.dir))
        self.assertIn("1 fichier, 2 éléments valides.", out)
        self.assertEqual(self.snapshot(), before)

    def test_valider_checks_the_shipped_library_by_default(self):
        files = read_library()
        count = sum(len(f.items) for f in files)
        self.assertIn(f"{len(files)} fichiers, {count} éléments valides.", run("valider"))

    def test_lister_prints_each_collection_with_its_item_count_and_version(self):
        out = run("lister")
        for f in read_library():
            with self.subTest(collection=f.key):
                self.assertRegex(
                    out,
                    rf"{f.key}\s+v{f.header['version']}\s+{len(f.items)} éléments?\s+{f.header['title']}",
                )

    def test_lister_counts_only_the_items_still_in_their_file(self):
        self.write("essai.yaml", collection(items=[reflex("a"), reflex("b", 2)]))
        run("charger", "--dossier", str(self.dir))
        self.write("essai.yaml", collection(items=[reflex("a")], version=2))
        run("charger", "--dossier", str(self.dir))
        self.assertRegex(run("lister"), r"essai\s+v2\s+1 élément\s")

    def test_lister_json_gives_the_same_collections(self):
        rows = json.loads(run("lister", "--json"))
        files = {f.key: f for f in read_library()}
        self.assertEqual({r["collection"] for r in rows}, set(files))
        for row in rows:
            f = files[row["collection"]]
            self.assertEqual(row["elements"], len(f.items))
            self.assertEqual(row["version"], f.header["version"])
            self.assertEqual(row["type"], f.header["kind"])
            self.assertEqual(row["fichier"], f.path.name)
            self.assertEqual(row["titre"], f.header["title"])

    def test_lister_says_when_nothing_is_loaded(self):
        Collection.objects.all().delete()
        self.assertIn("Aucune collection chargée", run("lister"))
        self.assertEqual(json.loads(run("lister", "--json")), [])
