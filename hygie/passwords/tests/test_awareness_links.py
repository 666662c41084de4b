"""The awareness sheets that touch on passwords point to the tool and the cards."""

from django.test import TestCase

from hygie.content import library


class AwarenessLinksTestCase(TestCase):
    def setUp(self):
        library.clear_cache()
        self.addCleanup(library.clear_cache)

    def test_the_cyber_reflexes_sheet_links_the_password_tool(self):
        page = self.client.get("/sensibilisation/cyber-reflexes/")
        self.assertContains(page, 'href="http://testserver/outils/mot-de-passe/"')

    def test_the_wifi_sheet_links_the_wifi_card(self):
        page = self.client.get("/sensibilisation/deplacements-wifi/")
        self.assertContains(
            page, 'href="http://testserver/outils/mot-de-passe/fiches/wifi-cabinet/"'
        )
        self.assertContains(page, "La fiche pratique « La clé Wi-Fi du cabinet »")
