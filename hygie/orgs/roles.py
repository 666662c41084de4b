"""Roles and what each may do: the one place where permissions are declared.

A capability adds its permissions here; views ask for a permission, never for
a role. The secretary works on administrative data only (seed 004: « le
secrétaire médical accède aux données administratives … mais n'accède pas à
la totalité du dossier médical »).
"""

from django.db import models


class Role(models.TextChoices):
    TITULAIRE = "titulaire", "Titulaire"
    PRATICIEN = "praticien", "Praticien"
    SECRETARIAT = "secretariat", "Secrétariat"
    REFERENT = "referent", "Référent externe"
    ANIMATEUR = "animateur", "Animateur"


ROLE_HELP = {
    Role.TITULAIRE: "Responsable de traitement : gère les membres et les paramètres.",
    Role.PRATICIEN: "Professionnel de santé de la structure.",
    Role.SECRETARIAT: "Travail administratif uniquement, sans accès au reste.",
    Role.REFERENT: "DPO ou prestataire informatique, souvent pour plusieurs structures.",
    Role.ANIMATEUR: "Personnel d'une structure d'appui régionale (3C, GRADeS, URPS…).",
}

T, P, S, R, A = (
    Role.TITULAIRE,
    Role.PRATICIEN,
    Role.SECRETARIAT,
    Role.REFERENT,
    Role.ANIMATEUR,
)
EVERYONE = frozenset(Role)

PERMISSIONS: dict[str, frozenset[Role]] = {
    # Foundation
    "org.view": EVERYONE,
    "org.manage": frozenset({T}),  # members, invitations, settings
    "journal.view": frozenset({T, R}),
    "deadlines.view": EVERYONE,
    "deadlines.manage": frozenset({T, P, R, A}),
    # Diagnostic: practitioners and the referent answer and see the results;
    # the secretary sees the plan's actions assigned to her, not the answers.
    "diagnostic.answer": frozenset({T, P, R}),
    "diagnostic.plan": frozenset({T, P, S, R}),
    "diagnostic.reflex_sheet": EVERYONE,
    # Incidents: anyone may declare one; the details are for the titulaire,
    # the praticiens and the referent (the secretary sees those she declared).
    "incidents.declare": EVERYONE,
    "incidents.view": frozenset({T, P, R}),
    # Patients' requests: the secretary logs them and follows them (only the
    # requester's name and contact are kept, no medical content); answering,
    # refusing and extending are for the titulaire, the praticiens and the referent.
    "rights.view": frozenset({T, P, S, R}),
    "rights.decide": frozenset({T, P, R}),
    # RGPD register: the titulaire and the referent edit it, the praticiens read
    # it; the secretary reads the processings she works in.
    "register.view": frozenset({T, P, S, R}),
    "register.read": frozenset({T, P, R}),
    "register.edit": frozenset({T, R}),
    # Cyberquiz: any member may compose a quiz and host a game.
    "quiz.host": EVERYONE,
    # Suspicious messages: whoever receives mail may check a message before
    # clicking, the secretary first, and keep a redacted report of it; a kept
    # report is deleted by its author, the titulaire or the referent.
    "phishing.analyse": EVERYONE,
    "phishing.manage": frozenset({T, R}),
    # Identitovigilance: any member checks a NIR or a status (admission is the
    # secretary's daily work); auditing the identity file is administrative
    # work too, for everyone but the animateur, who sees no patient data; a
    # kept audit report is deleted by its author, the titulaire or the referent.
    "identity.check": EVERYONE,
    "identity.audit": frozenset({T, P, S, R}),
    "identity.manage": frozenset({T, R}),
    # Passwords: every member checks a password and makes a passphrase (the
    # tool is public too; nothing typed leaves the browser).
    "passwords.use": EVERYONE,
    # Backups: whoever does the practice's backup logs it, the secretary
    # often; the plan is set by the titulaire, the praticiens and the referent.
    # The animateur, who sees no patient data, has no part in it.
    "backups.view": frozenset({T, P, S, R}),
    "backups.log": frozenset({T, P, S, R}),
    "backups.plan": frozenset({T, P, R}),
    # Sensibilisation et territoire. Every member sees the hub (the surveys
    # the practice is asked to answer, the awareness pages); the titulaire,
    # who answers for the practice's data, decides to join or leave a
    # territory. In a regional body (Kind.APPUI, or a CPTS), the titulaire and
    # the animateurs run the surveys, read the territory's dashboard and send
    # the newsletter (hygie.orgs.access.regional_view).
    "territory.view": EVERYONE,
    "territory.join": frozenset({T}),
    "territory.dashboard": frozenset({T, A}),
    "surveys.manage": frozenset({T, A}),
    "newsletter.manage": frozenset({T, A}),
}


def allows(role: str, permission: str) -> bool:
    try:
        return role in PERMISSIONS[permission]
    except KeyError:
        raise KeyError(f"Unknown permission {permission!r}: declare it in orgs/roles.py") from None


def permissions_of(role: str) -> frozenset[str]:
    return frozenset(name for name, roles in PERMISSIONS.items() if role in roles)
