"""Hostile values in every query parameter and every form field of the site.

The URL walk knows every page: each is opened by a persona who may see it,
then sent values no browser would send (« ² », forty nines, -1, 9999-12-31,
a NUL byte, very long text, unicode, nothing, a list…) in its query
parameters, and each form the page shows is posted back with them, one field
at a time and all fields at once, with the page's CSRF token. No answer may
be a server error, and a refused post (4xx) leaves every table as it was.

Each request runs inside a savepoint rolled back afterwards, so that a post
that does succeed (a deletion, a sign-out) does not change what the next one
finds. The choice of values is random but seeded: a failure can be replayed.
"""

from __future__ import annotations

import random
import traceback
from http.cookies import SimpleCookie
from urllib.parse import urlsplit

from django.apps import apps
from django.db import connection, transaction
from django.test import Client
from django.urls import NoReverseMatch, reverse

from hygie.tests import htmlforms
from hygie.tests.test_urls import EXPECTED, PERSONAS, URLWalk

SEED = 15
HOSTILE = [
    "²",
    "9" * 40,
    "-1",
    "9999-12-31",
    "0001-01-01",
    "0",
    "",
    "   ",
    "x" * 20_000,
    "a\x00b",
    "\u202eĦÿğïè 𝕳 🎉 ٣",
    "1e309",
    "NaN",
    "2026-02-30",
    "25:61",
    "<script>alert(1)</script>",
    "../../../etc/passwd",
    "%00%ff",
]
# Sent as two values of the same name: a form field that expects one.
LIST = ("1", "²")
# Values put in each part of an address the walk fills (an id, a year, a code).
IN_PATH = ["0", "0000", "9999", "9" * 40, "-1", "²", "x" * 300, "%00"]
# Names tried on every page, besides those its links and GET forms use.
COMMON = ["page", "pk", "id", "date", "depuis", "etat", "theme", "next", "fmt", "year", "q"]
# How many values are tried, besides « ² » and forty nines, in each field
# and in every field at once; how many fields of a form are tried.
PER_FIELD = 1
WHOLE = 6
FIELDS_PER_FORM = 15
# Who opens each page: the first of them the walk lets in.
VISITORS = ("titulaire", "praticien", "secretaire", "referent", "anonymous")


def hygie_tables() -> list[str]:
    return sorted(
        m._meta.db_table
        for m in apps.get_models(include_auto_created=True)
        if m.__module__.startswith("hygie.") and m._meta.managed
    )


class FuzzWalk(URLWalk):
    def setUp(self):
        super().setUp()
        self.rng = random.Random(SEED)
        self.failures: list[str] = []
        self.csrf_clients = {"anonymous": Client(enforce_csrf_checks=True)}
        for persona in PERSONAS[:-1]:
            client = Client(enforce_csrf_checks=True)
            client.force_login(getattr(self, persona))
            self.csrf_clients[persona] = client
        tables = hygie_tables()
        quoted = connection.ops.quote_name
        # Table names from the models, quoted: no value from outside. Each
        # count is named by its position: PostgreSQL may return the parts of
        # a UNION ALL in any order (a parallel append does).
        self.counts_sql = " UNION ALL ".join(
            f"SELECT {i}, COUNT(*) FROM {quoted(t)}"  # noqa: S608
            for i, t in enumerate(tables)
        )

    def counts(self) -> list[int]:
        with connection.cursor() as cursor:
            cursor.execute(self.counts_sql)
            return [n for _, n in sorted(cursor.fetchall())]

    def pages(self):
        """(route name, persona, path) of each page a persona opens with GET."""
        for key, url in EXPECTED.items():
            persona = next((p for p in VISITORS if url.expected[p] == 200), None)
            if persona is not None:
                yield key, persona, reverse(key, kwargs=url.kwargs(self))

    def post_only(self):
        """(route name, persona, path) of each action that only takes a POST."""
        for key, url in EXPECTED.items():
            persona = next((p for p in VISITORS if url.expected[p] == 405), None)
            if persona is not None:
                yield key, persona, reverse(key, kwargs=url.kwargs(self))

    def send(self, persona: str, method: str, path: str, data, what: str) -> None:
        """One request in a savepoint rolled back after it; a server error or a
        refused post that wrote something is recorded as a failure."""
        client = self.csrf_clients[persona]
        cookies = SimpleCookie(client.cookies)
        savepoint = transaction.savepoint()
        try:
            before = self.counts() if method == "post" else None
            response = getattr(client, method)(path, data)
            if response.status_code >= 500:
                self.failures.append(
                    f"{persona} {method.upper()} {path} {what}: {response.status_code}"
                )
            elif response.status_code == 403 and b"Le formulaire a expir" in response.content:
                # The value never reached the view: the fuzz would prove nothing.
                self.failures.append(f"{persona} POST {path} {what}: refused for its token")
            elif before is not None and 400 <= response.status_code < 500:
                after = self.counts()
                if after != before:
                    self.failures.append(
                        f"{persona} POST {path} {what}: refused ({response.status_code}) "
                        "but rows were written"
                    )
        except Exception:
            last = traceback.format_exc().strip().splitlines()[-1]
            self.failures.append(f"{persona} {method.upper()} {path} {what}: {last}")
        finally:
            transaction.savepoint_rollback(savepoint)
            client.cookies = cookies

    def token(self, persona: str) -> str:
        client = self.csrf_clients[persona]
        page = htmlforms.read(client.get(reverse("accounts:login")).content.decode(), "/")
        found = [f.value("csrfmiddlewaretoken") for f in page.forms]
        if persona != "anonymous":
            page = htmlforms.read(client.get(reverse("orgs:list")).content.decode(), "/")
            found += [f.value("csrfmiddlewaretoken") for f in page.forms]
        return next(t for t in found if t)

    def assertNoFailure(self):
        shown = "\n".join(self.failures[:40])
        self.assertEqual(len(self.failures), 0, f"{len(self.failures)} failures:\n{shown}")

    def values(self, others: int = PER_FIELD) -> list:
        """« ² » and forty nines (values that once failed), and others at random."""
        return [*HOSTILE[:2], *self.rng.sample([*HOSTILE[2:], LIST], others)]


class QueryFuzzTestCase(FuzzWalk):
    def test_no_query_parameter_gives_a_server_error(self):
        read = {}
        for key, persona, path in self.pages():
            response = self.csrf_clients[persona].get(path)
            if response["Content-Type"].startswith("text/html"):
                read[key] = htmlforms.read(response.content.decode(), f"http://testserver{path}")
        # An export takes the filters of its page: the names found in an area
        # are tried on each of its addresses that is not a page.
        names_by_area: dict[str, set[str]] = {}
        for key, page in read.items():
            names_by_area.setdefault(key.split(":")[0], set()).update(page.query_names)
        sent = 0
        for key, persona, path in self.pages():
            page = read.get(key)
            known = sorted(page.query_names if page else names_by_area.get(key.split(":")[0], ()))
            for name in known:
                for value in [*HOSTILE, LIST]:
                    self.send(persona, "get", path, {name: value}, f"?{name}={value!r:.40}")
                    sent += 1
            for value in self.values(WHOLE):
                data = dict.fromkeys([*COMMON, *known], value)
                self.send(persona, "get", path, data, f"every parameter = {value!r:.40}")
                sent += 1
        self.assertGreater(sent, 1000)
        self.assertNoFailure()


class PathFuzzTestCase(FuzzWalk):
    def test_no_value_in_an_address_gives_a_server_error(self):
        sent = 0
        for key, declared in EXPECTED.items():
            kwargs = declared.kwargs(self)
            for method, answer in (("get", 200), ("post", 405)):
                persona = next((p for p in VISITORS if declared.expected[p] == answer), None)
                if persona is None:
                    continue
                data = {"csrfmiddlewaretoken": self.token(persona)} if method == "post" else {}
                for name in kwargs:
                    for value in IN_PATH:
                        try:
                            path = reverse(key, kwargs={**kwargs, name: value})
                        except NoReverseMatch:
                            continue  # the address's pattern refuses it: a 404
                        self.send(persona, method, path, data, f"{name}={value!r:.40}")
                        sent += 1
        self.assertGreater(sent, 500)
        self.assertNoFailure()


class FormFuzzTestCase(FuzzWalk):
    def forms(self):
        """(persona, form) of each distinct form the site's pages show."""
        seen = set()
        for _, persona, path in self.pages():
            response = self.csrf_clients[persona].get(path)
            if not response["Content-Type"].startswith("text/html"):
                continue
            page = htmlforms.read(response.content.decode(), f"http://testserver{path}")
            for form in page.forms:
                if form.method != "post":
                    continue
                for target in form.targets:
                    identity = (persona, target, tuple(sorted(form.kinds)))
                    if identity not in seen:
                        seen.add(identity)
                        yield persona, urlsplit(target).path, form

    def test_no_form_field_gives_a_server_error_or_a_half_written_row(self):
        posted = set()
        sent = 0
        for persona, path, form in self.forms():
            posted.add(path)
            # Of a long form, the fields the page filled in (those a view
            # reads along with the others) and some of the empty ones.
            names = form.names()
            if len(names) > FIELDS_PER_FORM:
                filled = [n for n in names if form.value(n)][:FIELDS_PER_FORM]
                empty = [n for n in names if n not in filled]
                names = filled + self.rng.sample(empty, FIELDS_PER_FORM - len(filled))
            base = [(n, v) for n, v in form.data]
            for name in names:
                for value in self.values():
                    data = self.replaced(base, {name: value})
                    self.send(persona, "post", path, data, f"{name}={value!r:.40}")
                    sent += 1
            for value in self.values(WHOLE):
                data = self.replaced(base, dict.fromkeys(names, value))
                self.send(persona, "post", path, data, f"every field = {value!r:.40}")
                sent += 1
        # The actions no page shows (their buttons need a state the walk has
        # not set up): the common names, with a token from the person's pages.
        for _, persona, path in self.post_only():
            if path in posted:
                continue
            token = self.token(persona)
            for value in [*HOSTILE, LIST]:
                data = self.replaced([("csrfmiddlewaretoken", token)], dict.fromkeys(COMMON, value))
                self.send(persona, "post", path, data, f"every common name = {value!r:.40}")
                sent += 1
        self.assertGreater(sent, 1000)
        self.assertNoFailure()

    @staticmethod
    def replaced(base: list[tuple[str, str]], values: dict) -> dict[str, list[str]]:
        """The form's data with some fields replaced (a tuple: several values)."""
        data: dict[str, list[str]] = {}
        for name, value in base:
            data.setdefault(name, []).append(value)
        for name, value in values.items():
            data[name] = list(value) if isinstance(value, tuple) else [value]
        return data
