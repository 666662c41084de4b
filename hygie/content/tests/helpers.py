"""Content libraries written into a temporary folder, for the loader's tests."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

import yaml
from django.core.management import CommandError, call_command
from django.test import TestCase

from hygie.content import library
from hygie.content.loader import LIBRARY_DIR, ContentLoadError, load
from hygie.content.models import Collection, Item
from hygie.journal.models import Entry


def reflex(id: str, number: int = 1, **fields: Any) -> dict[str, Any]:
    """A valid item of kind "reflex", citing a source of the shipped library."""
    return {
        "id": id,
        "version": 1,
        "number": number,
        "title": "Verrouiller sa session en quittant son poste",
        "why": "Un poste ouvert laisse les dossiers des patients à portée de tous.",
        "practices": ["Appuyer sur Windows + L avant de se lever."],
        "source": [{"ref": "seed-000"}],
        **fields,
    }


def collection(key: str = "essai", items: list | None = None, **header: Any) -> dict[str, Any]:
    return {
        "collection": key,
        "kind": "reflex",
        "version": 1,
        "title": "Réflexes d'essai",
        "items": items if items is not None else [reflex("verrouiller-sa-session")],
        **header,
    }


class LibraryTestCase(TestCase):
    """Each test gets an empty folder, self.dir, to write a library into."""

    def setUp(self):
        library.clear_cache()
        self.addCleanup(library.clear_cache)
        self.dir = Path(tempfile.mkdtemp(prefix="hygie-contenu-"))
        self.addCleanup(shutil.rmtree, self.dir)

    def write(self, name: str, data: dict[str, Any] | str | bytes) -> Path:
        path = self.dir / name
        if isinstance(data, bytes):
            path.write_bytes(data)
        elif isinstance(data, str):
            path.write_text(data, encoding="utf-8")
        else:
            path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
        return path

    def copy_shipped_library(self) -> None:
        for path in LIBRARY_DIR.glob("*.yaml"):
            shutil.copy(path, self.dir / path.name)

    def read(self, name: str) -> dict[str, Any]:
        return yaml.safe_load((self.dir / name).read_text(encoding="utf-8"))

    def snapshot(self) -> tuple:
        """Everything a load may write, to check that a refused one wrote nothing."""
        return (
            Collection.objects.count(),
            Item.objects.count(),
            Entry.objects.count(),
            list(Collection.objects.values_list("key", "version", "digest", "loaded_at")),
            list(Item.objects.values_list("key", "version", "retired", "position", "updated")),
        )

    def assertLoadRefused(self, file: str, item: str | None, field: str | None, *fragments: str):
        """Both load() and `contenu charger` refuse self.dir with an error on
        `file`, `item` and `field` whose message holds every fragment, and
        nothing is written; return that error."""
        before = self.snapshot()
        with self.assertRaises(ContentLoadError) as caught:
            load(self.dir)
        found = [
            e
            for e in caught.exception.errors
            if (e.file, e.item, e.field) == (file, item, field)
            and all(f in str(e) for f in fragments)
        ]
        self.assertTrue(found, f"no such error among: {caught.exception}")
        self.assertEqual(self.snapshot(), before)
        with self.assertRaises(CommandError) as command:
            call_command("contenu", "charger", "--dossier", str(self.dir))
        message = str(command.exception)
        self.assertIn("Chargement refusé, rien n'a été modifié", message)
        self.assertIn(str(found[0]), message)
        self.assertEqual(self.snapshot(), before)
        return found[0]
