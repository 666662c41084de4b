"""The home page's tiles follow the role: each member is offered what their
role lets them do, and nothing else (the secretary is not asked to invite the
team)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.html import escape

from hygie.front.capabilities import CAPABILITIES
from hygie.orgs.models import Membership
from hygie.orgs.roles import PERMISSIONS, Role
from hygie.tests.base import BaseTestCase, make_user

DIAGNOSTIC = "Diagnostic d'hygiène numérique"
MY_ACTIONS = "Mes actions du plan"
INCIDENTS = "Incidents et violations de données"
RIGHTS = "Droits des patients"
REGISTER = "Registre RGPD"
QUIZ = "Cyberquiz"
MESSAGES = "Messages suspects"
IDENTITY = "Identitovigilance"
PASSWORDS = "Mots de passe"
BACKUPS = "Sauvegardes"
AWARENESS = "Sensibilisation et territoire"
DEADLINES = "Échéances"
JOURNAL = "Journal d'audit"
MEMBERS = "Membres et rôles"

INVITE = "Invitez votre équipe"
SIX_ACTIONS = "repartez avec six actions prioritaires"
CLOCKS = "les délais de 72 heures et les documents à produire"

# role: (the tiles with a page, in order; what the page must not ask of them)
TABLE = {
    Role.TITULAIRE: (
        [
            DIAGNOSTIC,
            INCIDENTS,
            RIGHTS,
            REGISTER,
            QUIZ,
            MESSAGES,
            IDENTITY,
            PASSWORDS,
            BACKUPS,
            AWARENESS,
            DEADLINES,
            JOURNAL,
            MEMBERS,
        ],
        [],
    ),
    Role.PRATICIEN: (
        [
            DIAGNOSTIC,
            INCIDENTS,
            RIGHTS,
            REGISTER,
            QUIZ,
            MESSAGES,
            IDENTITY,
            PASSWORDS,
            BACKUPS,
            AWARENESS,
            DEADLINES,
            MEMBERS,
        ],
        [INVITE],
    ),
    Role.SECRETARIAT: (
        [
            MY_ACTIONS,
            INCIDENTS,
            RIGHTS,
            REGISTER,
            QUIZ,
            MESSAGES,
            IDENTITY,
            PASSWORDS,
            BACKUPS,
            AWARENESS,
            DEADLINES,
            MEMBERS,
        ],
        [INVITE, SIX_ACTIONS, CLOCKS],
    ),
    Role.REFERENT: (
        [
            DIAGNOSTIC,
            INCIDENTS,
            RIGHTS,
            REGISTER,
            QUIZ,
            MESSAGES,
            IDENTITY,
            PASSWORDS,
            BACKUPS,
            AWARENESS,
            DEADLINES,
            JOURNAL,
            MEMBERS,
        ],
        [INVITE],
    ),
    Role.ANIMATEUR: (
        [INCIDENTS, QUIZ, MESSAGES, IDENTITY, PASSWORDS, AWARENESS, DEADLINES, MEMBERS],
        [INVITE, SIX_ACTIONS, CLOCKS],
    ),
}


class TilesByRoleTestCase(BaseTestCase):
    def member(self, role: Role):
        user = make_user(f"Membre {role.label}", f"{role.value}@cabinet-martin.example")
        Membership.objects.create(user=user, org=self.org, role=role)
        return user

    def test_every_role_is_in_the_table(self):
        self.assertEqual(set(TABLE), set(Role))

    def test_each_role_is_offered_what_it_can_do_and_nothing_else(self):
        for role, (tiles, absent) in TABLE.items():
            with self.subTest(role=role.label):
                self.client.force_login(self.member(role))
                r = self.client.get(f"/o/{self.org.code}/")
                shown = [c for c in r.context["capabilities"] if c.url_name]
                self.assertEqual([c.title for c in shown], tiles)
                for words in absent:
                    self.assertNotContains(r, escape(words))
                # Every tile opens, for this role, a page it may use.
                for c in shown:
                    url = reverse(c.url_name, args=[self.org.code])
                    self.assertEqual(self.client.get(url).status_code, 200, f"{c.title}: {url}")

    def test_a_regional_body_finds_its_territory_s_tools_first(self):
        self.login(self.animateur)
        r = self.client.get(f"/o/{self.region.code}/")
        shown = [c for c in r.context["capabilities"] if c.url_name]
        self.assertEqual(shown[0].title, AWARENESS)

    def test_the_titulaire_is_invited_to_bring_the_team(self):
        self.login(self.titulaire)
        self.assertContains(self.client.get(f"/o/{self.org.code}/"), escape(INVITE))

    def test_the_secretary_goes_straight_to_her_actions(self):
        self.login(self.secretaire)
        r = self.client.get(f"/o/{self.org.code}/")
        self.assertContains(r, f'href="/o/{self.org.code}/diagnostic/plan/"')
        self.assertContains(r, "Les actions du plan de sécurité qui vous sont confiées")

    def test_every_tile_names_declared_permissions(self):
        for c in CAPABILITIES:
            with self.subTest(capability=c.key):
                if c.full:
                    self.assertIn(c.full, PERMISSIONS)
                    self.assertIsNotNone(c.limited)
                if c.limited and c.limited.url_name:
                    reverse(c.limited.url_name, args=["code"])
