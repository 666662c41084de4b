"""French punctuation keeps to its word on a phone, in Chromium.

The space before « ? », « ! », « ; », « : » and inside « » cannot break
(hygie.js): on a 375-pixel screen, « Une session que vous ne reconnaissez
pas ? » never leaves its « ? » at the start of the next line.
"""

from __future__ import annotations

from playwright.sync_api import expect

from hygie.tests.base import make_user
from hygie.tests.browser import BrowserTestCase

PHONE = {"width": 375, "height": 667}
# The top of the line of the character at `index` of a text node.
LINE_OF = """(element, index) => {
  const text = [...element.childNodes].find(n => n.nodeType === Node.TEXT_NODE && n.data.includes("?"));
  const range = document.createRange();
  range.setStart(text, index); range.setEnd(text, index + 1);
  return Math.round(range.getBoundingClientRect().top);
}"""


class FrenchPunctuationTests(BrowserTestCase):
    def test_a_question_mark_stays_with_its_word_on_a_phone(self) -> None:
        user = make_user("Claire Martin", "claire@cabinet-martin.example")
        page = self.signed_in_context(user, viewport=PHONE).new_page()
        page.goto(self.live_server_url + "/compte/sessions/")
        advice = page.get_by_text("Une session que vous ne reconnaissez pas")
        expect(advice).to_be_visible()
        text = advice.evaluate("e => e.textContent")
        self.assertIn("pas\u202f? Fermez-la", text)
        mark = text.index("?")
        self.assertEqual(advice.evaluate(LINE_OF, mark), advice.evaluate(LINE_OF, mark - 2), text)
        # Before a colon, a space of ordinary width; in guillemets, a narrow one.
        page.goto(self.live_server_url + "/outils/delais/?kind=acces&received_date=2026-03-03")
        expect(page.get_by_text("Ce que le calcul a dû supposer")).to_be_visible()
        body = page.locator("main").evaluate("e => e.textContent")
        self.assertIn("\u00a0: ", body)
        self.assertNotIn(" :", body)
        self.assertNotIn(" ?", body)
        self.assertNotIn("« ", body)
