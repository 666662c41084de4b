"""The capabilities of Hygie as shown on an organisation's home page.

Each capability brings its own tile when it registers (lib/plugins.py); the
tiles of the foundation's pages (Échéances, Journal d'audit, Membres) and of
the capabilities to come are declared here. A capability to come is shown as
« bientôt » until one registers a tile under its key.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from hygie.lib import plugins
from hygie.lib.plugins import Limited, Tile

COMING = [
    Tile(
        "messages",
        "Messages suspects",
        "Analysez un e-mail ou un SMS douteux avant de cliquer.",
    ),
    Tile(
        "identitovigilance",
        "Identitovigilance",
        "Vérifiez un NIR, les statuts d'identité et les doublons d'un fichier.",
    ),
    Tile(
        "mots-de-passe",
        "Mots de passe",
        "Testez un mot de passe dans votre navigateur et créez des phrases de passe.",
    ),
    Tile(
        "sauvegardes",
        "Sauvegardes",
        "Votre plan de sauvegarde et les tests de restauration à ne pas oublier.",
    ),
    Tile(
        "sensibilisation",
        "Sensibilisation et territoire",
        "Enquêtes, indicateurs anonymes et fiches réflexes.",
    ),
]

FOUNDATION = [
    Tile(
        "echeances",
        "Échéances",
        "Tout ce qui est dû, par ordre d'urgence, avec rappels et agenda.",
        "deadlines.view",
        "deadlines:list",
    ),
    Tile(
        "journal",
        "Journal d'audit",
        "Qui a fait quoi et quand, avec une chaîne d'empreintes vérifiable.",
        "journal.view",
        "journal:list",
    ),
    Tile(
        "membres",
        "Membres et rôles",
        "Invitez votre équipe et donnez à chacun l'accès dont il a besoin.",
        "org.view",
        "orgs:members",
        full="org.manage",
        limited=Limited("Qui fait partie de l'équipe, et le rôle de chacun."),
    ),
]


def all_tiles() -> list[Tile]:
    """The registered capabilities' tiles (in the order of INSTALLED_APPS), those
    still to come, then the foundation's."""
    registered = plugins.tiles()
    keys = {t.key for t in registered}
    return [*registered, *(t for t in COMING if t.key not in keys), *FOUNDATION]


class _Tiles(Sequence):
    """All tiles, read when used: the capabilities register theirs once the apps are ready."""

    def __getitem__(self, index):
        return all_tiles()[index]

    def __len__(self) -> int:
        return len(all_tiles())


CAPABILITIES: Sequence[Tile] = _Tiles()


def coming() -> list[Tile]:
    """The capabilities without a page yet: the public pages name them as to
    come, never as available."""
    return [c for c in CAPABILITIES if c.url_name is None]


def _as_seen_by(capability: Tile, membership) -> Tile:
    if not capability.full or membership.can(capability.full) or capability.limited is None:
        return capability
    limited = capability.limited
    return replace(
        capability,
        title=limited.title or capability.title,
        summary=limited.summary,
        url_name=limited.url_name or capability.url_name,
    )


# A regional body's own work comes first on its home page.
REGIONAL_FIRST = "sensibilisation"


def for_membership(membership) -> list[Tile]:
    """The capabilities this member may open, as their role sees them, those
    available first (and, in a regional body, its territory's tools before all)."""
    allowed = [_as_seen_by(c, membership) for c in CAPABILITIES if membership.can(c.permission)]
    regional = membership.org.is_regional
    return sorted(
        allowed, key=lambda c: (c.url_name is None, not (regional and c.key == REGIONAL_FIRST))
    )
