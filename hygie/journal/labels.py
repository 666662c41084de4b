"""Every action the journal records, with the French label shown to people.

The foundation's actions are declared here; a capability declares its own when
it registers (lib/plugins.py, `journal_labels`). Recording an undeclared
action fails.
"""

from collections.abc import Iterator, Mapping

from hygie.lib import plugins

FOUNDATION_ACTIONS: dict[str, str] = {
    # Accounts (recorded outside any organisation)
    "account.signup": "Inscription",
    "account.email_confirmed": "Adresse e-mail confirmée",
    "login.success": "Connexion réussie",
    "login.failure": "Échec de connexion",
    "login.locked": "Compte verrouillé après des échecs de connexion",
    "account.unlocked": "Compte déverrouillé",
    "logout": "Déconnexion",
    "session.locked": "Session verrouillée",
    "session.unlocked": "Session déverrouillée",
    "session.ended": "Session fermée à distance",
    "session.expired": "Session fermée après inactivité",
    "password.changed": "Mot de passe changé",
    "password.reset": "Mot de passe réinitialisé",
    "mfa.enabled": "Double authentification activée",
    "mfa.disabled": "Double authentification désactivée",
    "mfa.recovery_regenerated": "Codes de secours renouvelés",
    "mfa.recovery_used": "Code de secours utilisé",
    # Organisations
    "org.created": "Organisation créée",
    "org.settings_changed": "Paramètres modifiés",
    "member.invited": "Invitation envoyée",
    "invitation.revoked": "Invitation annulée",
    "invitation.accepted": "Invitation acceptée",
    "invitation.declined": "Invitation déclinée",
    "member.role_changed": "Rôle modifié",
    "member.removed": "Membre retiré",
    "member.left": "Membre parti",
    "contacts.changed": "Contacts d'urgence modifiés",
    # Deadlines
    "deadline.created": "Échéance créée",
    "deadline.changed": "Échéance modifiée",
    "deadline.done": "Échéance marquée comme faite",
    "deadline.reopened": "Échéance rouverte",
    "deadline.cancelled": "Échéance annulée",
    # Journal and content
    "journal.exported": "Journal exporté",
    "journal.verified": "Intégrité du journal vérifiée",
    "journal.sealed": "Journal scellé, sceau envoyé par e-mail",
    "content.loaded": "Bibliothèque de contenus chargée",
}


class Actions(Mapping):
    """The foundation's actions, then those the capabilities registered."""

    def _all(self) -> Mapping[str, str]:
        declared = plugins.journal_labels()
        return {**FOUNDATION_ACTIONS, **declared} if declared else FOUNDATION_ACTIONS

    def __getitem__(self, action: str) -> str:
        return self._all()[action]

    def __iter__(self) -> Iterator[str]:
        return iter(self._all())

    def __len__(self) -> int:
        return len(self._all())


ACTIONS = Actions()

# Account events a titulaire sees in the organisation's journal for its members.
ACCOUNT_ACTIONS = [
    "login.success",
    "login.failure",
    "login.locked",
    "account.unlocked",
    "logout",
    "session.ended",
    "session.expired",
    "password.changed",
    "password.reset",
    "mfa.enabled",
    "mfa.disabled",
    "mfa.recovery_regenerated",
    "mfa.recovery_used",
]

# Keys that entries recorded before details were written in French may hold,
# with the label they are shown under (details are now recorded in French).
DETAIL_LABELS: dict[str, str] = {
    "name": "nom",
    "kind": "type de structure",
    "profession": "profession principale",
    "address": "adresse postale",
    "time_zone": "fuseau horaire",
    "require_mfa": "exiger la double authentification de tous les membres",
    "session_idle_minutes": "fin de session après inactivité (minutes)",
    "title": "intitulé",
    "due_at": "échéance",
    "double_authentification": "double authentification",
    "inactivité_minutes": "inactivité (minutes)",
    "codes_restants": "codes restants",
    "prestataire_tel": "téléphone du prestataire informatique",
    "editeur_tel": "assistance de l'éditeur",
    "assureur_tel": "téléphone de l'assureur",
    "referent_tel": "téléphone du référent ou DPO",
    "cyber_regional": "assistance cyber de votre région",
    "cyber_regional_tel": "téléphone de l'assistance cyber de votre région",
    "contrat": "n° de contrat",
    "referent": "référent ou DPO",
    "editeur": "éditeur du logiciel de cabinet",
    "prestataire": "prestataire informatique",
    "secretariat": "secrétariat",
    "hebergement": "hébergement du logiciel de cabinet",
    "teleconsultation": "téléconsultation",
}
