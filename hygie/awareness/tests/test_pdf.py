"""The PDF of one sheet and of the whole set: real PDFs, read back as text."""

import io
from unittest import mock

from django.core.cache import cache
from django.test import TestCase
from pypdf import PdfReader
from weasyprint import HTML

from hygie.awareness import sheets
from hygie.content import library
from hygie.lib import documents


class SheetPdfTestCase(TestCase):
    def setUp(self):
        library.clear_cache()
        self.addCleanup(library.clear_cache)
        cache.clear()

    def pages(self, url: str, filename: str) -> list[str]:
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/pdf")
        self.assertEqual(response["Content-Disposition"], f'attachment; filename="{filename}"')
        self.assertTrue(response.content.startswith(b"%PDF-"))
        return [p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages]

    def test_the_pdf_of_a_sheet_holds_its_title_advice_sources_and_links(self):
        pages = self.pages("/sensibilisation/sauvegardes/pdf/", "fiche-sauvegardes.pdf")
        text = " ".join(" ".join(pages).split())
        self.assertIn("Les sauvegardes", pages[0])
        for heading in ("Pourquoi c'est important", "Ce qu'il faut faire", "Sources"):
            self.assertIn(heading, text)
        self.assertIn("Tester régulièrement une restauration", text)
        # Links are printed with their address.
        self.assertIn("(https://www.conseil-", text)
        self.assertIn("/guide_cnom_cnil_rgpd.pdf)", text)
        self.assertIn("http://testserver/sensibilisation/sauvegardes/", text)
        for number, page in enumerate(pages, start=1):
            self.assertIn(f"Page {number} sur {len(pages)}", page)

    def test_the_set_has_a_contents_page_then_every_sheet(self):
        pages = self.pages("/sensibilisation/pdf/", "fiches-sensibilisation.pdf")
        self.assertIn("Fiches de sensibilisation", pages[0])
        items = sheets.pages()
        for item in items:
            with self.subTest(item["id"]):
                self.assertIn(item["title"], pages[0])
                # Each sheet begins a page, its title in the running header.
                self.assertTrue(any(p.lstrip().startswith(item["title"]) for p in pages[1:]))
        self.assertGreater(len(pages), len(items))

    def test_a_pdf_is_laid_out_once_then_served_from_the_cache(self):
        # Count WeasyPrint's layouts, each still done for real.
        layout = HTML.render
        with mock.patch.object(HTML, "render", autospec=True, side_effect=layout) as spy:
            first = self.client.get("/sensibilisation/cles-usb/pdf/").content
            second = self.client.get("/sensibilisation/cles-usb/pdf/").content
            self.client.get("/sensibilisation/mssante/pdf/")
        self.assertEqual(first, second)
        self.assertEqual(spy.call_count, 2)

    def test_the_list_prepares_the_set_once_not_at_every_opening(self):
        with mock.patch.object(
            documents, "prepare_later", autospec=True, side_effect=documents.prepare_later
        ) as spy:
            for _ in range(3):
                self.assertEqual(self.client.get("/sensibilisation/").status_code, 200)
        self.assertEqual(spy.call_count, 1)
