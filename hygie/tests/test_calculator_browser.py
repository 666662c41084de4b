"""The public calculator on a phone, in Chromium.

A practice in Martinique received a link from its software: the breach's
instant is in the address, with Paris's offset. On a 375-pixel screen the
result reads without scrolling sideways, its caption whole, and « Refaire le
calcul » starts from the same day and time, in Martinique's.
"""

from __future__ import annotations

from urllib.parse import urlencode

from playwright.sync_api import expect

from hygie.tests.browser import BrowserTestCase

PHONE = {"width": 375, "height": 667}
ADDRESS = "/outils/delais/?" + urlencode(
    {
        "kind": "violation",
        "received_date": "2026-03-28T04:30+01:00",
        "fuseau": "America/Martinique",
    }
)
# Whether an element is wider than the room it has (then cut, or scrolled).
OVERFLOWS = "e => e.scrollWidth > e.clientWidth + 1"


class CalculatorOnAPhoneTests(BrowserTestCase):
    def test_the_result_fits_a_phone_and_the_form_keeps_the_instant(self) -> None:
        page = self.new_page("visitor")
        page.set_viewport_size(PHONE)
        page.goto(self.live_server_url + ADDRESS)
        result = page.get_by_role("region", name="Vos délais")
        table = result.get_by_role("table", name="Dates à respecter, à l'heure de la Martinique")
        expect(table).to_be_visible()
        expect(
            table.get_by_role("row").filter(has_text="Notifier la violation à la CNIL")
        ).to_contain_text("lundi 30 mars 2026 à 23:30 (heure de la Martinique)")

        # Nothing scrolls sideways, and the caption is whole.
        self.assertLessEqual(page.evaluate("document.documentElement.scrollWidth"), 375)
        self.assertFalse(page.locator(".table-wrap").evaluate(OVERFLOWS))
        caption = table.locator("caption")
        self.assertFalse(caption.evaluate(OVERFLOWS))
        box = caption.bounding_box()
        self.assertLessEqual(box["x"] + box["width"], 375)

        # « Refaire le calcul » starts from Martinique's day and time.
        form = page.get_by_role("form", name="Refaire le calcul")
        expect(form.get_by_label("Date de réception ou de découverte")).to_have_value("2026-03-27")
        expect(form.get_by_label("Heure de réception ou de découverte")).to_have_value("23:30")
        form.get_by_role("button", name="Calculer les délais").click()
        expect(
            page.get_by_role("table", name="Dates à respecter, à l'heure de la Martinique")
        ).to_contain_text("lundi 30 mars 2026 à 23:30 (heure de la Martinique)")
        self.assertIn("received_time=23%3A30", page.url)
        self.assertNoProblems()
