"""What each capability brings to the shared parts of Hygie.

The foundation (lib, journal, content, orgs, accounts, deadlines) never imports
a capability (diagnostic, incidents, rights, register, quiz, front and those to
come). A capability registers what it brings from its AppConfig.ready():

    from hygie.lib import plugins

    plugins.register(
        "incidents",
        tile=plugins.Tile(...),             # its tile on the organisation's home page
        housekeeping=purge,                 # run hourly by the reminders loop: f(now)
        tick=send_batch,                    # run at every pass of that loop: f(now)
        demo=create_demo,                   # its part of the demo: f(org, owner, secretary)
        demo_region=create_region_demo,     # f(region, animateur, practice): the
                                            # demo regional body and its territory
        journal_labels={"incident.declared": "Incident déclaré"},
        measure_links=links_for,            # its pages that help apply a
                                            # diagnostic measure: f(key) -> [Link]
    )

Two more plug-in points need no registration: a capability's « à faire »
items are deadlines (deadlines.actions.set_deadline), and a deadline's subject
model says by its methods which members see it (`visible_to(membership)` on
its manager, deadlines.models.subject_kinds), where it leads
(`get_absolute_url()`) and where it is marked as done
(`deadline_completion_url(key)`).

Registrations keep the order of INSTALLED_APPS (the order of ready()); a
capability registering again replaces its previous registration.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class Limited:
    """The tile of a member whose role lacks the capability's `full` permission."""

    summary: str
    title: str = ""
    url_name: str = ""


@dataclass(frozen=True)
class Tile:
    """A capability on the organisation's home page.

    Shown to members whose role has `permission`; a member who lacks `full`
    (the secretary, an animateur…) sees the `limited` tile instead, which names
    what they can do there and links to it. Without `url_name`, the tile is
    shown as « bientôt ».
    """

    key: str
    title: str
    summary: str
    permission: str = "org.view"
    url_name: str | None = None
    full: str = ""
    limited: Limited | None = None


@dataclass(frozen=True)
class Link:
    """A page of a capability, shown beside what it helps with."""

    label: str
    url: str


@dataclass(frozen=True)
class Plugin:
    app: str
    tile: Tile | None = None
    housekeeping: Callable[[datetime], object] | None = None
    demo: Callable[..., object] | None = None
    journal_labels: Mapping[str, str] = field(default_factory=dict)
    tick: Callable[[datetime], object] | None = None
    demo_region: Callable[..., object] | None = None
    measure_links: Callable[[str], list[Link]] | None = None


_registry: dict[str, Plugin] = {}
_labels: dict[str, str] | None = None


def register(
    app: str,
    *,
    tile: Tile | None = None,
    housekeeping: Callable[[datetime], object] | None = None,
    demo: Callable[..., object] | None = None,
    journal_labels: Mapping[str, str] | None = None,
    tick: Callable[[datetime], object] | None = None,
    demo_region: Callable[..., object] | None = None,
    measure_links: Callable[[str], list[Link]] | None = None,
) -> Plugin:
    """Declare what the capability `app` (its app label) brings."""
    global _labels
    plugin = Plugin(
        app,
        tile,
        housekeeping,
        demo,
        dict(journal_labels or {}),
        tick,
        demo_region,
        measure_links,
    )
    for other in _registry.values():
        if other.app == app:
            continue
        taken = set(other.journal_labels) & set(plugin.journal_labels)
        if taken:
            raise ImproperlyConfigured(
                f"{app} declares journal actions already declared by {other.app}: {sorted(taken)}"
            )
    _registry[app] = plugin
    _labels = None
    return plugin


def unregister(app: str) -> None:
    """Forget a registration (for tests)."""
    global _labels
    _registry.pop(app, None)
    _labels = None


def registered() -> list[Plugin]:
    return list(_registry.values())


def tiles() -> list[Tile]:
    return [p.tile for p in _registry.values() if p.tile is not None]


def housekeeping() -> list[Callable[[datetime], object]]:
    return [p.housekeeping for p in _registry.values() if p.housekeeping is not None]


def ticks() -> list[Callable[[datetime], object]]:
    """What runs at every pass of the reminders loop (`hygie rappels --loop`)."""
    return [p.tick for p in _registry.values() if p.tick is not None]


def demos() -> list[Callable[..., object]]:
    return [p.demo for p in _registry.values() if p.demo is not None]


def region_demos() -> list[Callable[..., object]]:
    """What each capability adds to the demo regional body: f(region, animateur, practice)."""
    return [p.demo_region for p in _registry.values() if p.demo_region is not None]


def measure_links(key: str) -> list[Link]:
    """The pages every capability offers to help apply the diagnostic measure
    `key` (a card, a tool), in the order of the installed apps."""
    return [
        link
        for p in _registry.values()
        if p.measure_links is not None
        for link in p.measure_links(key)
    ]


def journal_labels() -> dict[str, str]:
    """Every journal action the capabilities declared, with its French label."""
    global _labels
    if _labels is None:
        _labels = {k: v for p in _registry.values() for k, v in p.journal_labels.items()}
    return _labels
