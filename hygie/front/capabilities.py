"""The capabilities of Hygie as shown on an organisation's home page.

A capability without a page yet is shown as « bientôt ». When it lands, its
issue sets `url_name` and the permission that opens it (orgs/roles.py).
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Capability:
    key: str
    title: str
    summary: str
    permission: str = "org.view"
    url_name: str | None = None


CAPABILITIES = [
    Capability(
        "diagnostic",
        "Diagnostic d'hygiène numérique",
        "Faites le point sur vos pratiques et repartez avec six actions prioritaires.",
        permission="diagnostic.plan",
        url_name="diagnostic:home",
    ),
    Capability(
        "incidents",
        "Incidents et violations de données",
        "Les premiers réflexes, les délais de 72 heures et les documents à produire.",
        permission="incidents.declare",
        url_name="incidents:list",
    ),
    Capability(
        "droits",
        "Droits des patients",
        "Les demandes d'accès au dossier et leurs délais légaux, sans rien oublier.",
        permission="rights.view",
        url_name="rights:dashboard",
    ),
    Capability(
        "registre",
        "Registre RGPD",
        "Votre registre des traitements et l'information des patients.",
        permission="register.view",
        url_name="register:home",
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
    ),
]


def for_membership(membership) -> list[Capability]:
    """The capabilities this member may open, those available first."""
    allowed = [c for c in CAPABILITIES if membership.can(c.permission)]
    return sorted(allowed, key=lambda c: c.url_name is None)
