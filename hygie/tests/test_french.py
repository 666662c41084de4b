"""The demo's pages read as French should: a crawl as the titulaire, the
secretary and a visitor fails on « personne(s) », doubled words and labels,
« 1e » for « 1er », « de » before a vowel, and a source described by how
Hygie was written (« n'a pas pu être relu ») rather than as it is.

Plurals go through the French `pluralize` filter and hygie.lib.french, never
« (s) ». The crawl follows the links of each page, within the site, up to
MAX_PAGES pages per persona; files (PDF, spreadsheets, calendars) are left to
their own tests.
"""

from __future__ import annotations

import re
import tempfile
from collections import deque
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit

from django.test import Client, TestCase, override_settings

from hygie.accounts.models import User
from hygie.diagnostic import actions as diagnostic_actions
from hygie.diagnostic import discovery
from hygie.diagnostic.measures import NSP
from hygie.front.demo import PEOPLE, create_demo
from hygie.incidents import actions as incident_actions
from hygie.orgs.models import Organisation

MAX_PAGES = 400
SKIPPED = re.compile(r"\.(pdf|csv|xlsx|ods|ics)$|^/admin/|^/static/|^/deconnexion/")

# Elements that run inside a line of text; every other one ends a line, so
# that two neighbouring cells or options (« Non », « Non applicable ») are
# not read as one sentence.
INLINE = {
    "a",
    "abbr",
    "b",
    "cite",
    "code",
    "em",
    "i",
    "kbd",
    "mark",
    "q",
    "s",
    "small",
    "span",
    "strong",
    "sub",
    "sup",
    "time",
    "u",
}
HIDDEN = {"script", "style", "head"}
VOWEL = "aeiouàâäéèêëîïôöûùüAEIOUÀÂÄÉÈÊËÎÏÔÖÛÙÜ"
# « vous vous connectez », « nous nous » are French.
DOUBLES_ALLOWED = {"vous", "nous"}
# Nouns and words ending in s that take no plural mark: « 1 mois », « 0 fois ».
INVARIABLE = {
    "fois",
    "mois",
    "pas",
    "temps",
    "cas",
    "accès",
    "succès",
    "avis",
    "plus",
    "moins",
    "sans",
    "sous",
    "dans",
    "après",
    "très",
}

MAKING_OF = re.compile(
    r"pas pu être (?:relue?s?|vérifiée?s?|consultée?s?)|non relue?s? par|\bcitée?s? de mémoire"
    r"|n'a été consultée? qu|n'a pas été vérifié que|n'a été trouvée",
    re.IGNORECASE,
)

RULES: list[tuple[str, re.Pattern[str]]] = [
    ("« (s) » ou « (e) » au lieu d'un accord", re.compile(r"[^\W\d_]\((?:e|s|es|x|ne)\)s?")),
    ("mot répété", re.compile(r"\b([^\W\d_]+)\s+\1\b", re.IGNORECASE)),
    ("mention répétée", re.compile(r"(\([^()]{2,40}\))\s*\1")),
    ("« 1e » au lieu de « 1er »", re.compile(r"(?<![\w.,-])1e\b")),
    ("« de » devant une voyelle", re.compile(rf"\b[Dd]e (?:« )?[{VOWEL}]")),
    ("pluriel après 0 ou 1", re.compile(r"(?<![\w.,-])[01] ([^\W\d_]{2,}s)\b")),
    # A source is described as it is (« n'est pas reprise ici : reportez-vous
    # au document officiel »), not by how Hygie was written.
    ("Hygie parle de sa rédaction", MAKING_OF),
]


class TextOf(HTMLParser):
    """The text a reader meets, line by line, and the page's links."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = [""]
        self.links: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in HIDDEN:
            self.hidden += 1
        if tag not in INLINE:
            self.lines.append("")
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        for name in ("aria-label", "title", "placeholder", "alt"):
            if attrs.get(name):
                self.lines += [attrs[name], ""]

    def handle_endtag(self, tag):
        if tag in HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        if tag not in INLINE:
            self.lines.append("")

    def handle_data(self, data):
        if not self.hidden:
            self.lines[-1] += data

    def text(self) -> list[str]:
        return [" ".join(line.split()) for line in self.lines if line.strip()]


def problems_in(lines: list[str]) -> list[str]:
    found = []
    for line in lines:
        for name, pattern in RULES:
            for match in pattern.finditer(line):
                if name == "mot répété" and match.group(1).lower() in DOUBLES_ALLOWED:
                    continue
                if name == "pluriel après 0 ou 1" and match.group(1).lower() in INVARIABLE:
                    continue
                start = max(0, match.start() - 40)
                found.append(f"{name} : « …{line[start : match.end() + 40]}… »")
    return found


def crawl(client: Client, starts: list[str]) -> tuple[dict[str, list[str]], list[str]]:
    """Each page's problems, and the pages that failed, from `starts` on."""
    seen, queue = set(starts), deque(starts)
    problems: dict[str, list[str]] = {}
    failures: list[str] = []
    while queue and len(seen) <= MAX_PAGES:
        url = queue.popleft()
        response = client.get(url)
        if response.status_code >= 500:
            failures.append(f"{url} : {response.status_code}")
            continue
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        page = TextOf()
        page.feed(response.content.decode())
        found = problems_in(page.text())
        if found:
            problems[url] = found
        for href in page.links:
            target, _ = urldefrag(urljoin(url, href))
            parts = urlsplit(target)
            if parts.scheme or parts.netloc or not parts.path.startswith("/"):
                continue  # another site, mailto:, tel:
            if SKIPPED.search(parts.path) or target in seen:
                continue
            seen.add(target)
            queue.append(target)
    return problems, failures


class RuleTests(TestCase):
    """The rules catch what they must, and leave French alone."""

    def test_each_rule_catches_its_mistake(self):
        table = [
            "5 jour(s) ouvré(s)",
            "1800 personne(s)",
            "vous êtes invité(e)",
            "les actions de de la semaine",
            "la la liste",
            "Précisions (facultatif) (facultatif)",
            "1e sur 12",
            "votre demande de accès",
            "0 réponses sur 64",
            "1 mesures",
            "le texte de l'ANS n'a pas pu être relu",
            "texte non relu par Hygie, à vérifier",
            "dont le texte n'a été consulté qu'à travers des citations",
            "Aucune durée propre à la facturation des soins n'a été trouvée.",
        ]
        for text in table:
            with self.subTest(text=text):
                self.assertTrue(problems_in([text]), text)

    def test_it_leaves_correct_french_alone(self):
        table = [
            "5 jours ouvrés",
            "0 réponse sur 64",
            "1er sur 12",
            "vous vous connectez",
            "Non",
            "la demande d'accès",
            "de haut en bas",
            "1 mois",
            "RGPD art. 30(1)(e)",
            "Il vous aide à répondre aux demandes des patients (e)",
            "10 réponses",
            "Temps moyen (s)",
            "La grille détaillée de l'ANS n'est pas reprise ici : reportez-vous au document officiel.",
            "Le calcul n'a pas pu être fait",
        ]
        for text in table:
            with self.subTest(text=text):
                self.assertEqual(problems_in([text]), [])

    def test_neighbouring_cells_and_options_are_separate_lines(self):
        page = TextOf()
        page.feed(
            "<label><input type=radio> Non</label><label><input type=radio> Non applicable</label>"
            "<p>Précisions <span>(facultatif)</span></p><script>var a = 'de accès';</script>"
        )
        self.assertEqual(page.text(), ["Non", "Non applicable", "Précisions (facultatif)"])


class DemoCrawlTests(TestCase):
    def setUp(self):
        data_dir = tempfile.TemporaryDirectory()
        self.addCleanup(data_dir.cleanup)
        self.enterContext(override_settings(DATA_DIR=Path(data_dir.name)))
        create_demo()
        self.org = Organisation.objects.get(is_demo=True, name="Cabinet du Dr Martin")
        owner = User.objects.get(email=PEOPLE[0][1])
        # Pages the demo does not reach by itself: a diagnostic in progress,
        # an incident qualified with its numbers and the insurer's days.
        diagnostic_actions.start(self.org, actor=owner)
        incident = self.org.incidents.get()
        incident_actions.qualify(
            incident,
            {"personal_data": True, "persons": 1800, "records": 1, "insurer_days": 5},
            actor=owner,
        )

    def check(self, client: Client, starts: list[str]) -> None:
        problems, failures = crawl(client, starts)
        self.assertEqual(failures, [])
        report = [f"{url}\n  " + "\n  ".join(found) for url, found in problems.items()]
        self.assertEqual(report, [], "\n".join(report))

    def test_the_titulaires_pages_read_right(self):
        client = Client()
        client.force_login(User.objects.get(email=PEOPLE[0][1]))
        self.check(client, [f"/o/{self.org.code}/", "/compte/"])

    def test_the_secretarys_pages_read_right(self):
        client = Client()
        client.force_login(User.objects.get(email=PEOPLE[1][1]))
        self.check(client, [f"/o/{self.org.code}/", "/compte/"])

    def test_a_visitors_pages_read_right(self):
        self.check(
            Client(),
            [
                "/",
                "/urgence/",
                "/outils/delais/",
                "/diagnostic/decouverte/",
                "/outils/message/",
                "/outils/message/que-faire/clic/",
            ],
        )

    def test_the_discovery_result_reads_right(self):
        measures = discovery.catalogue().measures
        answers = {f"m-{m.key}": m.options[0].key for m in measures}
        answers[f"m-{measures[0].key}"] = NSP  # one « Je ne sais pas »
        r = Client().post("/diagnostic/decouverte/", answers)
        page = TextOf()
        page.feed(r.content.decode())
        self.assertEqual(problems_in(page.text()), [])
        self.assertContains(r, "1 « Je ne sais pas » compte pour 0.")
