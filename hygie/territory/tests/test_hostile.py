"""Hostile input thrown at joining, leaving, the invitations and the exports:
never a 500, never another organisation's data, nothing kept when refused."""

from django.test import Client
from django.urls import reverse

from hygie.territory import actions
from hygie.territory.models import JoinLink, Participation
from hygie.territory.tests.base import TerritoryTestCase
from hygie.tests.base import make_region


def rows() -> tuple[int, int]:
    return Participation.objects.count(), JoinLink.objects.count()


class TerritoryHostileTest(TerritoryTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.other_region, cls.other_animateur = make_region()
        cls.foreign_link = actions.create_link(
            cls.other_region, label="", actor=cls.other_animateur
        )

    def setUp(self):
        super().setUp()
        self.client = Client(raise_request_exception=False)

    def test_malformed_join_tokens_answer_404_or_400(self):
        self.login(self.titulaire)
        for token in ("%00", "a%00b", "inconnu", "x" * 5000):
            with self.subTest(token=token[:10]):
                url = f"/territoire/rejoindre/{token}/"
                # A NUL character is refused before any lookup (lib.middleware).
                expected = 400 if "%00" in token else 404
                self.assertEqual(self.client.get(url).status_code, expected)
                post = self.client.post(url, {"practice": self.org.code, "consent": "on"})
                self.assertEqual(post.status_code, expected)
        self.assertEqual(Participation.objects.count(), 0)

    def test_hostile_join_forms_are_refused_in_french(self):
        self.login(self.titulaire)
        url = self.link.get_absolute_url()
        cases = [
            ({"consent": "on"}, "Choisissez la structure"),
            ({"practice": self.other_org.code, "consent": "on"}, "Choisissez une structure"),
            ({"practice": "\x00", "consent": "on"}, "Choisissez une structure"),
            ({"practice": ["x"] * 10, "consent": "on"}, "Choisissez une structure"),
            ({"practice": self.org.code}, "Cochez la case"),
        ]
        for data, message in cases:
            with self.subTest(data=str(data)[:40]):
                self.assertContains(self.client.post(url, data), message)
        self.assertEqual(Participation.objects.count(), 0)

    def test_a_revoked_link_cannot_be_used(self):
        actions.revoke_link(self.link, actor=self.animateur)
        self.login(self.titulaire)
        response = self.client.post(
            self.link.get_absolute_url(), {"practice": self.org.code, "consent": "on"}
        )
        self.assertEqual(response.status_code, 410)
        self.assertEqual(Participation.objects.count(), 0)

    def test_the_join_form_requires_the_csrf_token(self):
        client = Client(enforce_csrf_checks=True)
        client.force_login(self.titulaire)
        response = client.post(
            self.link.get_absolute_url(), {"practice": self.org.code, "consent": "on"}
        )
        self.assertEqual(response.status_code, 403)
        self.assertEqual(Participation.objects.count(), 0)

    def test_another_regions_links_answer_404(self):
        self.login(self.animateur)
        before = rows()
        for name in ("link_revoke", "link_send"):
            with self.subTest(name=name):
                url = reverse(f"territory:{name}", args=[self.region.code, self.foreign_link.pk])
                self.assertIn(self.client.get(url).status_code, (404, 405))
                post = self.client.post(url, {"email": "a@exemple.example"})
                self.assertEqual(post.status_code, 404)
        self.foreign_link.refresh_from_db()
        self.assertTrue(self.foreign_link.is_usable)
        self.assertEqual(rows(), before)

    def test_another_practices_participation_answers_404(self):
        other = self.practice(1)
        participation = actions.join(self.link, other, actor=other.owner)
        self.login(self.titulaire)
        url = reverse("territory:leave", args=[self.org.code, participation.pk])
        self.assertEqual(self.client.post(url).status_code, 404)
        self.assertEqual(Participation.objects.active().count(), 1)

    def test_unknown_export_formats_and_huge_keys_answer_404_or_400(self):
        self.login(self.animateur)
        for fmt in ("csv", "pdf%00", "xlsx.exe", "x" * 1000):
            with self.subTest(fmt=fmt[:10]):
                url = f"/o/{self.region.code}/territoire/tableau/export.{fmt}"
                expected = 400 if "%00" in fmt else 404
                self.assertEqual(self.client.get(url).status_code, expected)
        url = f"/o/{self.region.code}/territoire/inviter/{10**30}/retirer/"
        self.assertEqual(self.client.post(url).status_code, 404)

    def test_a_hostile_invitation_label_and_address_are_refused_or_escaped(self):
        self.login(self.animateur)
        url = reverse("territory:invite", args=[self.region.code])
        before = rows()
        for label in ("x" * 100_000, "a\x00"):
            with self.subTest(label=label[:10]):
                self.assertEqual(self.client.post(url, {"label": label}).status_code, 200)
                self.assertEqual(rows(), before)
        self.client.post(url, {"label": '<script>alert("x")</script>'})
        page = self.client.get(url)
        self.assertNotContains(page, "<script>alert")
        self.assertContains(page, "&lt;script&gt;")
        send = reverse("territory:link_send", args=[self.region.code, self.link.pk])
        for email in ("", "pas-une-adresse", "a\x00@exemple.example"):
            with self.subTest(email=email):
                response = self.client.post(send, {"email": email}, follow=True)
                self.assertEqual(response.status_code, 200)
