"""The capabilities of Hygie as shown on an organisation's home page.

A capability without a page yet is shown as « bientôt ». When it lands, its
issue sets `url_name` and the permission that opens it (orgs/roles.py).

A tile asks of each member only what their role lets them do: a member who
lacks `full` (the secretary, an animateur…) sees the `limited` tile instead,
which names what they can do there and links to it.
"""

from dataclasses import dataclass, replace


@dataclass(frozen=True)
class Limited:
    """The tile of a member whose role lacks the capability's `full` permission."""

    summary: str
    title: str = ""
    url_name: str = ""


@dataclass(frozen=True)
class Capability:
    key: str
    title: str
    summary: str
    permission: str = "org.view"
    url_name: str | None = None
    full: str = ""
    limited: Limited | None = None


CAPABILITIES = [
    Capability(
        "diagnostic",
        "Diagnostic d'hygiène numérique",
        "Faites le point sur vos pratiques et repartez avec six actions prioritaires.",
        permission="diagnostic.plan",
        url_name="diagnostic:home",
        full="diagnostic.answer",
        limited=Limited(
            "Les actions du plan de sécurité qui vous sont confiées, avec leur date.",
            title="Mes actions du plan",
            url_name="diagnostic:plan",
        ),
    ),
    Capability(
        "incidents",
        "Incidents et violations de données",
        "Les premiers réflexes, les délais de 72 heures et les documents à produire.",
        permission="incidents.declare",
        url_name="incidents:list",
        full="incidents.view",
        limited=Limited("Signalez un incident et suivez pas à pas les premiers réflexes."),
    ),
    Capability(
        "droits",
        "Droits des patients",
        "Les demandes d'accès au dossier et leurs délais légaux, sans rien oublier.",
        permission="rights.view",
        url_name="rights:dashboard",
        full="rights.decide",
        limited=Limited("Enregistrez les demandes des patients et suivez leurs délais légaux."),
    ),
    Capability(
        "registre",
        "Registre RGPD",
        "Votre registre des traitements et l'information des patients.",
        permission="register.view",
        url_name="register:home",
        full="register.read",
        limited=Limited(
            "Les traitements de données du registre RGPD dans lesquels vous travaillez."
        ),
    ),
    Capability(
        "cyberquiz",
        "Cyberquiz",
        "Un quiz en direct pour sensibiliser une équipe ou une salle.",
        permission="quiz.host",
        url_name="quiz:home",
    ),
    Capability(
        "messages",
        "Messages suspects",
        "Analysez un e-mail ou un SMS douteux avant de cliquer.",
    ),
    Capability(
        "identitovigilance",
        "Identitovigilance",
        "Vérifiez un NIR, les statuts d'identité et les doublons d'un fichier.",
    ),
    Capability(
        "mots-de-passe",
        "Mots de passe",
        "Testez un mot de passe dans votre navigateur et créez des phrases de passe.",
    ),
    Capability(
        "sauvegardes",
        "Sauvegardes",
        "Votre plan de sauvegarde et les tests de restauration à ne pas oublier.",
    ),
    Capability(
        "sensibilisation",
        "Sensibilisation et territoire",
        "Enquêtes, indicateurs anonymes et fiches réflexes.",
    ),
    Capability(
        "echeances",
        "Échéances",
        "Tout ce qui est dû, par ordre d'urgence, avec rappels et agenda.",
        "deadlines.view",
        "deadlines:list",
    ),
    Capability(
        "journal",
        "Journal d'audit",
        "Qui a fait quoi et quand, avec une chaîne d'empreintes vérifiable.",
        "journal.view",
        "journal:list",
    ),
    Capability(
        "membres",
        "Membres et rôles",
        "Invitez votre équipe et donnez à chacun l'accès dont il a besoin.",
        "org.view",
        "orgs:members",
        full="org.manage",
        limited=Limited("Qui fait partie de l'équipe, et le rôle de chacun."),
    ),
]


def coming() -> list[Capability]:
    """The capabilities without a page yet: the public pages name them as to
    come, never as available."""
    return [c for c in CAPABILITIES if c.url_name is None]


def _as_seen_by(capability: Capability, membership) -> Capability:
    if not capability.full or membership.can(capability.full) or capability.limited is None:
        return capability
    limited = capability.limited
    return replace(
        capability,
        title=limited.title or capability.title,
        summary=limited.summary,
        url_name=limited.url_name or capability.url_name,
    )


def for_membership(membership) -> list[Capability]:
    """The capabilities this member may open, as their role sees them, those available first."""
    allowed = [_as_seen_by(c, membership) for c in CAPABILITIES if membership.can(c.permission)]
    return sorted(allowed, key=lambda c: c.url_name is None)
