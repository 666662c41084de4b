"""Every action the journal records, with the French label shown to people.

A capability declares its actions here; recording an undeclared action fails.
"""

ACTIONS: dict[str, str] = {
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
    # Deadlines
    "deadline.created": "Échéance créée",
    "deadline.changed": "Échéance modifiée",
    "deadline.done": "Échéance marquée comme faite",
    "deadline.reopened": "Échéance rouverte",
    "deadline.cancelled": "Échéance annulée",
    # Diagnostic
    "diagnostic.started": "Diagnostic commencé",
    "diagnostic.profile_saved": "Profil du diagnostic enregistré",
    "diagnostic.completed": "Diagnostic terminé",
    "diagnostic.deleted": "Diagnostic en cours supprimé",
    "action.created": "Action ajoutée au plan",
    "action.changed": "Action du plan modifiée",
    "action.closed": "Action du plan close",
    "action.reopened": "Action du plan rouverte",
    "contacts.changed": "Contacts d'urgence modifiés",
    "questionnaire.sent": "Questionnaire fournisseur envoyé",
    "questionnaire.returned": "Questionnaire fournisseur retourné signé",
    # Incidents
    "incident.declared": "Incident déclaré",
    "incident.entry": "Entrée ajoutée à la chronologie d'un incident",
    "incident.register_policy": "Conservation du registre des violations fixée",
    # Patients' requests
    "rights.recue": "Demande de patient reçue",
    "rights.identite": "Identité du demandeur vérifiée",
    "rights.en_cours": "Demande de patient prise en charge",
    "rights.prolongee": "Prolongation d'une demande annoncée",
    "rights.repondue": "Réponse à une demande envoyée",
    "rights.refusee": "Refus motivé d'une demande envoyé",
    "rights.courrier": "Courrier d'une demande produit",
    "rights.note": "Note ajoutée à une demande",
    "rights.retention": "Conservation des demandes closes fixée",
    "rights.purged": "Demandes closes supprimées au terme de leur conservation",
    # RGPD register
    "register.changed": "Registre RGPD modifié",
    # Journal and content
    "journal.exported": "Journal exporté",
    "journal.verified": "Intégrité du journal vérifiée",
    "content.loaded": "Bibliothèque de contenus chargée",
    "demo.created": "Organisation de démonstration créée",
}

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
