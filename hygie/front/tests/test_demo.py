import re
import tempfile
from io import StringIO
from pathlib import Path

from django.core.management import call_command
from django.test import TestCase, override_settings

from hygie.accounts.models import User
from hygie.deadlines.models import Deadline
from hygie.front.demo import ORG_NAME, PEOPLE
from hygie.orgs.models import Membership, Organisation, Profession
from hygie.orgs.roles import Role

LOGIN_LINE = re.compile(r"^\S+\s+(\S+@\S+)\s+mot de passe : (\S+)$", re.M)


def printed_logins(output: str) -> dict[str, str]:
    return dict(LOGIN_LINE.findall(output))


class DemoCommandTestCase(TestCase):
    def setUp(self):
        data_dir = tempfile.TemporaryDirectory()
        self.addCleanup(data_dir.cleanup)
        self.data_dir = Path(data_dir.name)
        settings = override_settings(DATA_DIR=self.data_dir)
        settings.enable()
        self.addCleanup(settings.disable)

    def demo(self) -> str:
        out = StringIO()
        call_command("demo", stdout=out)
        return out.getvalue()

    def can_log_in(self, email: str, password: str) -> bool:
        r = self.client.post("/connexion/", {"email": email, "password": password})
        self.client.logout()
        return r.status_code == 302 and r.url == "/accueil/"

    def test_it_creates_the_demo_practice(self):
        self.demo()
        org = Organisation.objects.get(is_demo=True, name="Cabinet du Dr Martin")
        self.assertEqual(org.name, ORG_NAME)
        self.assertEqual(org.name, "Cabinet du Dr Martin")
        self.assertEqual(org.profession, Profession.MEDECIN_GENERALISTE)
        roles = sorted(Membership.objects.filter(org=org).values_list("role", flat=True))
        self.assertEqual(roles, [Role.SECRETARIAT, Role.TITULAIRE])
        # Three set by hand, the yearly diagnostic, the secretary's action,
        # the incident's CNIL notification and its complaint (filed, so done),
        # the two patients' requests (one answered), the HDS certificate's end,
        # and the next backup and restore test of the plan's three copies.
        self.assertEqual(Deadline.objects.filter(org=org).count(), 16)
        self.assertEqual(Deadline.objects.open().filter(org=org).count(), 14)
        # A complete register.
        from hygie.register.actions import snapshot
        from hygie.register.completeness import missing

        self.assertEqual(missing(snapshot(org)), [])
        self.assertGreaterEqual(org.processings.count(), 5)
        answered = org.patient_requests.get(status="repondue")
        self.assertTrue(answered.on_time())
        incident = org.incidents.get()
        self.assertEqual(incident.declared_by.email, PEOPLE[1][1])
        self.assertEqual(incident.timeline.filter(kind="reflex").count(), 2)
        history = org.assessments.exclude(completed_at=None).order_by("completed_at")
        self.assertEqual(history.count(), 2)
        self.assertLess(history[0].indice, history[1].indice)
        self.assertTrue(org.plan_items.filter(owner__email=PEOPLE[1][1]).exists())

    def test_the_printed_passwords_work(self):
        logins = printed_logins(self.demo())
        self.assertEqual(len(logins), 3)
        for email, password in logins.items():
            with self.subTest(email=email):
                self.assertTrue(self.can_log_in(email, password))

    def test_the_animateur_of_the_demo_regional_body_has_a_line_of_her_own(self):
        output = self.demo()
        line = next(line for line in output.splitlines() if line.startswith("Animateur"))
        email = line.split()[1]
        self.assertTrue(self.can_log_in(email, printed_logins(output)[email]))
        region = Organisation.objects.get(is_demo=True, name="GRADeS de démonstration")
        self.assertTrue(region.is_regional)
        self.assertEqual(region.memberships.get().user.email, email)

    def test_the_titulaire_lands_on_the_demo_practice(self):
        logins = printed_logins(self.demo())
        email = "claire.martin@cabinet-martin.example"
        self.client.post("/connexion/", {"email": email, "password": logins[email]})
        r = self.client.get("/accueil/", follow=True)
        self.assertContains(r, "Cabinet du Dr Martin")
        self.assertContains(r, "Mettre à jour la liste des personnes")

    def test_it_keeps_the_logins_for_their_owner_only(self):
        output = self.demo()
        path = self.data_dir / "demo-logins.txt"
        self.assertEqual(path.stat().st_mode & 0o777, 0o600)
        self.assertEqual(printed_logins(path.read_text()), printed_logins(output))

    def test_it_recreates_the_demo_when_run_again(self):
        first = printed_logins(self.demo())
        second = printed_logins(self.demo())
        # The demo practice once, beside the territory's member practices (no users).
        self.assertEqual(Organisation.objects.filter(is_demo=True, name=ORG_NAME).count(), 1)
        self.assertEqual(User.objects.count(), 3)
        self.assertEqual(set(first), set(second))
        for email, password in second.items():
            with self.subTest(email=email):
                self.assertTrue(self.can_log_in(email, password))
                self.assertFalse(self.can_log_in(email, first[email]))

    def test_it_leaves_real_organisations_alone(self):
        real = Organisation.objects.create(name="Cabinet du Dr Martin", kind="cabinet")
        self.demo()
        self.demo()
        self.assertTrue(Organisation.objects.filter(pk=real.pk).exists())
