import io
import uuid
from datetime import UTC, datetime

from django.conf import settings
from django.test import SimpleTestCase, override_settings
from pypdf import PdfReader

from hygie.lib.documents import pdf_response, render_pdf
from hygie.orgs.models import Organisation

# A transparent PNG of one pixel.
PIXEL = (
    "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNk"
    "YAAAAAYAAjCB0C8AAAAASUVORK5CYII="
)
PAGES = {
    "remote.html": (
        '{% extends "documents/base.html" %}{% block body %}'
        '<link rel="stylesheet" href="https://cdn.exemple.invalid/style.css">'
        '<img src="http://192.0.2.1/logo.png" alt="logo">'
        '<img src="file:///etc/hostname" alt="fichier">'
        '<img src="logo.png" alt="relatif">'
        "<p>Registre des traitements</p>{% endblock %}"
    ),
    "pixel.html": (
        '{% extends "documents/base.html" %}{% block body %}'
        f'<img src="{PIXEL}" alt="pixel"><p>Registre</p>{{% endblock %}}'
    ),
    # Lays out with a logged refusal, which shows when WeasyPrint really ran.
    "cached.html": (
        '{% extends "documents/base.html" %}{% block body %}'
        '<img src="http://192.0.2.1/logo.png" alt="logo"><p>{{ marker }}</p>{% endblock %}'
    ),
    "when.html": (
        '{% extends "documents/base.html" %}{% block body %}'
        '<p>Reçue le {{ moment|date:"d/m/Y à H:i" }}</p>{% endblock %}'
    ),
    "long.html": (
        '{% extends "documents/base.html" %}{% block body %}'
        "{% for n in lines %}<p>Ligne {{ n }} du registre.</p>{% endfor %}{% endblock %}"
    ),
}
TEMPLATES = [
    {
        **settings.TEMPLATES[0],
        "OPTIONS": {
            **settings.TEMPLATES[0]["OPTIONS"],
            "loaders": [
                ("django.template.loaders.locmem.Loader", PAGES),
                "django.template.loaders.filesystem.Loader",
            ],
        },
    }
]


@override_settings(TEMPLATES=TEMPLATES)
class RenderPdfTestCase(SimpleTestCase):
    org = Organisation(name="Cabinet du Dr Martin")

    def pages(self, pdf: bytes) -> list[str]:
        return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]

    def test_it_fetches_nothing_from_the_network_or_the_disk(self):
        with self.assertLogs("weasyprint", "ERROR") as logs:
            pdf = render_pdf("remote.html", {}, org=self.org, title="Registre")
        refused = "\n".join(logs.output)
        for url in [
            "https://cdn.exemple.invalid/style.css",
            "http://192.0.2.1/logo.png",
            "file:///etc/hostname",
            "logo.png",
        ]:
            with self.subTest(url=url):
                self.assertIn(url, refused)
        self.assertEqual(refused.count("disallowed protocol"), 4)
        # The document is still made, without the refused resources.
        self.assertIn("Registre des traitements", self.pages(pdf)[0])

    def test_it_accepts_embedded_images(self):
        with self.assertNoLogs("weasyprint", "ERROR"):
            pdf = render_pdf("pixel.html", {}, org=self.org, title="Registre")
        self.assertTrue(pdf.startswith(b"%PDF-"))

    def test_every_page_carries_the_organisation_title_date_and_number(self):
        pdf = render_pdf("long.html", {"lines": range(120)}, org=self.org, title="Registre")
        pages = self.pages(pdf)
        self.assertGreaterEqual(len(pages), 2)
        for number, text in enumerate(pages, start=1):
            with self.subTest(page=number):
                self.assertIn("Cabinet du Dr Martin", text)
                self.assertIn("Registre", text)
                self.assertRegex(text, r"Édité par Hygie le \d\d/\d\d/\d{4} à \d\d:\d\d")
                self.assertIn(f"Page {number} sur {len(pages)}", text)

    def test_a_document_opens_with_the_practice_s_name_and_postal_address(self):
        org = Organisation(name="Cabinet du Dr Martin", address="12 rue des Tilleuls\n69003 Lyon")
        first = self.pages(render_pdf("pixel.html", {}, org=org, title="Registre"))[0]
        self.assertIn("Cabinet du Dr Martin\n12 rue des Tilleuls\n69003 Lyon", first)

    def test_dates_are_those_of_the_practice_s_time_zone(self):
        moment = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)
        for zone, shown in [
            ("Europe/Paris", "06/12/2026 à 13:00"),
            ("America/Martinique", "06/12/2026 à 08:00"),
            ("Indian/Reunion", "06/12/2026 à 16:00"),
        ]:
            with self.subTest(zone):
                org = Organisation(name="Cabinet", time_zone=zone)
                pdf = render_pdf("when.html", {"moment": moment}, org=org, title="Accusé")
                self.assertIn(f"Reçue le {shown}", self.pages(pdf)[0])

    def test_it_serves_a_pdf_as_an_attachment_or_inline(self):
        response = pdf_response(b"%PDF-1.7", "registre.pdf")
        self.assertEqual(response["Content-Type"], "application/pdf")
        self.assertEqual(response["Content-Disposition"], 'attachment; filename="registre.pdf"')
        inline = pdf_response(b"%PDF-1.7", "registre.pdf", inline=True)
        self.assertEqual(inline["Content-Disposition"], 'inline; filename="registre.pdf"')


@override_settings(TEMPLATES=TEMPLATES)
class PdfCacheTestCase(SimpleTestCase):
    org = Organisation(name="Cabinet du Dr Martin")

    def setUp(self):
        self.marker = f"Contenu {uuid.uuid4()}"

    def render(self, marker: str) -> bytes:
        return render_pdf("cached.html", {"marker": marker}, org=self.org, title="Registre")

    def test_the_same_content_is_laid_out_once(self):
        with self.assertLogs("weasyprint", "ERROR"):
            first = self.render(self.marker)
        with self.assertNoLogs("weasyprint", "ERROR"):
            second = self.render(self.marker)
        self.assertEqual(first, second)

    def test_other_content_is_laid_out_afresh(self):
        with self.assertLogs("weasyprint", "ERROR"):
            self.render(self.marker)
        with self.assertLogs("weasyprint", "ERROR"):
            other = self.render(self.marker + " modifié")
        self.assertIn("modifié", PdfReader(io.BytesIO(other)).pages[0].extract_text())
