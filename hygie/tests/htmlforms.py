"""The forms and links of a rendered page, read as a browser would submit them."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urljoin, urlsplit

# Input types a browser does not send, or sends only when clicked.
NOT_SENT = {"reset", "file", "image", "button"}
BUTTONS = {"submit"}


@dataclass
class Form:
    method: str
    # Where it posts: its action, and the hx-post of the form or of an element in it.
    targets: list[str]
    # What the browser sends as the page shows it (the first submit button pressed).
    data: list[tuple[str, str]] = field(default_factory=list)
    # Every field's name and kind: text, date, number, checkbox, select, textarea, hidden…
    kinds: dict[str, str] = field(default_factory=dict)

    def names(self) -> list[str]:
        return [n for n in self.kinds if n != "csrfmiddlewaretoken"]

    def value(self, name: str) -> str | None:
        return next((v for n, v in self.data if n == name), None)


@dataclass
class Page:
    forms: list[Form] = field(default_factory=list)
    # Query parameters of links back to the same page: ?page=2, ?etat=closes…
    query_names: set[str] = field(default_factory=set)


class _Reader(HTMLParser):
    def __init__(self, url: str):
        super().__init__(convert_charrefs=True)
        self.url = url
        self.page = Page()
        self.form: Form | None = None
        self.select: tuple[str, list[str], list[str]] | None = None  # name, values, selected
        self.option: dict | None = None
        self.textarea: tuple[str, list[str]] | None = None
        self.pressed = False

    def handle_starttag(self, tag, attrs):
        a = {k: v if v is not None else "" for k, v in attrs}
        if tag == "a" and a.get("href"):
            self._link(a["href"])
        if tag == "form":
            action = urljoin(self.url, a.get("action") or self.url)
            targets = [urljoin(self.url, a["hx-post"])] if a.get("hx-post") else [action]
            self.form = Form(method=(a.get("method") or "get").lower(), targets=targets)
            self.page.forms.append(self.form)
            self.pressed = False
            return
        if self.form is None:
            return
        if a.get("hx-post"):
            target = urljoin(self.url, a["hx-post"])
            if target not in self.form.targets:
                self.form.targets.append(target)
        name = a.get("name")
        if "disabled" in a or (not name and tag != "option"):
            return
        if tag == "input":
            kind = a.get("type", "text").lower()
            if kind in NOT_SENT:
                return
            self.form.kinds.setdefault(name, kind)
            if kind in BUTTONS:
                if not self.pressed:
                    self.form.data.append((name, a.get("value", "")))
                    self.pressed = True
            elif kind in ("checkbox", "radio"):
                if "checked" in a:
                    self.form.data.append((name, a.get("value", "on")))
            else:
                self.form.data.append((name, a.get("value", "")))
        elif tag == "button":
            self.form.kinds.setdefault(name, "submit")
            if a.get("type", "submit") == "submit" and not self.pressed:
                self.form.data.append((name, a.get("value", "")))
                self.pressed = True
        elif tag == "select":
            self.form.kinds.setdefault(name, "select")
            self.select = (name, [], [])
        elif tag == "option" and self.select is not None:
            self.option = {"value": a.get("value"), "text": "", "selected": "selected" in a}
        elif tag == "textarea":
            self.form.kinds.setdefault(name, "textarea")
            self.textarea = (name, [])

    def handle_data(self, data):
        if self.option is not None:
            self.option["text"] += data
        if self.textarea is not None:
            self.textarea[1].append(data)

    def handle_endtag(self, tag):
        if tag == "option" and self.option is not None and self.select is not None:
            value = self.option["value"]
            value = self.option["text"].strip() if value is None else value
            self.select[1].append(value)
            if self.option["selected"]:
                self.select[2].append(value)
            self.option = None
        elif tag == "select" and self.select is not None and self.form is not None:
            name, values, selected = self.select
            chosen = selected[:1] or values[:1]
            self.form.data += [(name, v) for v in chosen]
            self.select = None
        elif tag == "textarea" and self.textarea is not None and self.form is not None:
            name, parts = self.textarea
            self.form.data.append((name, "".join(parts).removeprefix("\n")))
            self.textarea = None
        elif tag == "form":
            self.form = None

    def _link(self, href: str) -> None:
        target = urlsplit(urljoin(self.url, href))
        if target.path == urlsplit(self.url).path and target.query:
            self.page.query_names |= {k for k, _ in parse_qsl(target.query)}


def read(html: str, url: str) -> Page:
    reader = _Reader(url)
    reader.feed(html)
    reader.close()
    for form in reader.page.forms:
        if form.method == "get":
            reader.page.query_names |= set(form.names())
    return reader.page
