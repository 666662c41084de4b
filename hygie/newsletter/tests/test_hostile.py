"""Hostile input thrown at the newsletter's public pages, its composer and
its bounce reader: never a 500 nor a traceback, nothing kept when refused."""

import tempfile
from io import StringIO
from pathlib import Path

from django.core import mail
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from hygie.newsletter import letters, sending
from hygie.newsletter.models import Block, Delivery, Issue, Subscriber
from hygie.newsletter.tests.base import NewsletterTestCase, letter, subscriber, web_token
from hygie.newsletter.tests.test_bounces import dsn
from hygie.tests.base import make_region

SCRIPT = '<script>alert("x")</script>'


def rows() -> tuple[int, int, int]:
    return Subscriber.objects.count(), Issue.objects.count(), Block.objects.count()


class PublicHostileTest(NewsletterTestCase):
    def setUp(self):
        super().setUp()
        cache.clear()
        self.client = Client(raise_request_exception=False)
        self.url = reverse("newsletter:subscribe", args=[self.region.code])

    def test_malformed_addresses_are_refused_in_french_and_nothing_is_kept(self):
        for email in ("", "pas-une-adresse", "a\x00@exemple.example", "a" * 100_000 + "@x.fr"):
            with self.subTest(email=email[:20]):
                before = rows()
                response = self.client.post(self.url, {"email": email, "consent": "on"})
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, "adresse")
                self.assertEqual(rows(), before)
                self.assertEqual(mail.outbox, [])

    def test_malformed_tokens_and_codes_answer_404_or_a_french_page(self):
        for url in (
            "/lettre/%00/inscription/",
            "/lettre/a%00b/",
            "/lettre/inconnue/",
            f"/lettre/{self.org.code}/inscription/",
        ):
            with self.subTest(url=url):
                # A NUL character is refused before any view (400).
                self.assertIn(self.client.get(url).status_code, (400, 404))
                self.assertIn(self.client.post(url).status_code, (400, 404))
        for name in ("confirm", "unsubscribe"):
            for token in ("%00", "x" * 5000, "inconnu"):
                with self.subTest(name=name, token=token[:10]):
                    url = reverse(f"newsletter:{name}", args=["t"]).replace("/t/", f"/{token}/")
                    response = self.client.post(url)
                    self.assertIn(response.status_code, (200, 400, 404))
                    if response.status_code == 200:
                        self.assertContains(response, "Lien inconnu")

    def test_the_subscription_form_requires_the_csrf_token(self):
        client = Client(enforce_csrf_checks=True)
        response = client.post(self.url, {"email": "a@exemple.example", "consent": "on"})
        self.assertEqual(response.status_code, 403)
        self.assertEqual(Subscriber.objects.count(), 0)

    def test_html_in_a_letter_comes_out_escaped_in_the_e_mail_and_the_web_version(self):
        subscriber(self.region, "lecteur@exemple.example")
        issue = letters.create(self.region, subject=SCRIPT, intro=SCRIPT, actor=self.animateur)
        letters.add_block(
            issue,
            Block.Kind.NEWS,
            {"title": SCRIPT, "text": f'{SCRIPT} https://exemple.fr/"onmouseover=x', "link": ""},
        )
        letters.queue(issue, actor=self.animateur)
        sending.send_batch(timezone.now())
        message = mail.outbox[-1]
        html = message.alternatives[0][0]
        self.assertNotIn("<script>", html)
        self.assertNotIn('"onmouseover', html)
        self.assertIn("&lt;script&gt;", html)
        self.assertIn(SCRIPT, message.body)  # plain text: shown as typed
        page = self.client.get(reverse("newsletter:web", args=[issue.web_token]))
        self.assertNotContains(page, "<script>alert")
        self.assertContains(page, "&lt;script&gt;")

    def test_a_draft_has_no_web_version(self):
        issue = letter(self.region)
        url = reverse("newsletter:web", args=[issue.web_token])
        self.assertEqual(self.client.get(url).status_code, 404)
        self.assertEqual(
            self.client.get(reverse("newsletter:web", args=[web_token(self.region)])).status_code,
            200,
        )


class ComposerHostileTest(NewsletterTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.other_region, cls.other_animateur = make_region()

    def setUp(self):
        super().setUp()
        self.client = Client(raise_request_exception=False)
        self.client.force_login(self.animateur)
        self.issue = letter(self.region, self.animateur)
        self.foreign = letter(self.other_region, self.other_animateur)
        self.foreign_sub = subscriber(self.other_region, "voisin@exemple.example")

    def test_another_regions_letter_and_subscribers_answer_404(self):
        code, pk = self.region.code, self.foreign.pk
        block = self.foreign.blocks.get().pk
        before = rows()
        for url in (
            f"/o/{code}/lettre/{pk}/",
            f"/o/{code}/lettre/{pk}/modifier/",
            f"/o/{code}/lettre/{pk}/blocs/actualite/",
            f"/o/{code}/lettre/{pk}/bloc/{block}/",
            f"/o/{code}/lettre/{pk}/bloc/{block}/deplacer/",
            f"/o/{code}/lettre/{pk}/bloc/{block}/supprimer/",
            f"/o/{code}/lettre/{pk}/apercu/",
            f"/o/{code}/lettre/{pk}/apercu.html",
            f"/o/{code}/lettre/{pk}/essai/",
            f"/o/{code}/lettre/{pk}/envoyer/",
            f"/o/{code}/lettre/{pk}/relancer/",
            f"/o/{code}/lettre/{self.issue.pk}/bloc/{block}/",
            f"/o/{code}/lettre/abonnes/{self.foreign_sub.pk}/retirer/",
            f"/o/{code}/lettre/{10**30}/",
        ):
            with self.subTest(url=url):
                self.assertIn(self.client.get(url).status_code, (404, 405))
                self.assertEqual(self.client.post(url, {"subject": "x"}).status_code, 404)
        self.assertEqual(rows(), before)
        self.assertEqual(mail.outbox, [])

    def test_an_unknown_block_kind_answers_404(self):
        for kind in ("inconnu", "%00", "actualite%00"):
            with self.subTest(kind=kind):
                url = f"/o/{self.region.code}/lettre/{self.issue.pk}/blocs/{kind}/"
                self.assertIn(self.client.post(url, {"title": "x"}).status_code, (400, 404))

    def test_a_javascript_link_and_huge_fields_are_refused_in_french(self):
        url = reverse(
            "newsletter:block_new", args=[self.region.code, self.issue.pk, Block.Kind.NEWS]
        )
        before = rows()
        for data in (
            {"title": "x", "text": "y", "link": "javascript:alert(1)"},
            {"title": "x", "text": "y" * 100_000},
            {"title": "x\x00", "text": "y"},
            {"title": "x", "text": "y", "link": "https://" + "a" * 600 + ".fr"},
        ):
            with self.subTest(data=str(data)[:40]):
                response = self.client.post(url, data)
                self.assertEqual(response.status_code, 200)
                self.assertEqual(rows(), before)


class BounceHostileTest(NewsletterTestCase):
    def setUp(self):
        super().setUp()
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)
        self.sub = subscriber(self.region, "lecteur@exemple.example")

    def read(self, content: bytes) -> str:
        path = Path(self.tmp.name) / "avis.eml"
        path.write_bytes(content)
        out = StringIO()
        call_command("lettre", "rebonds", str(path), stdout=out)
        return out.getvalue()

    def refused(self, content: bytes) -> str:
        before = list(Subscriber.objects.values()), list(Delivery.objects.values())
        with self.assertRaises(CommandError) as caught:
            self.read(content)
        self.assertEqual(
            (list(Subscriber.objects.values()), list(Delivery.objects.values())), before
        )
        self.assertIn("Rien n'a été enregistré", str(caught.exception))
        return str(caught.exception)

    def test_empty_binary_and_headerless_files_are_refused_in_french(self):
        for content in (b"", b"   \n", bytes(range(256)) * 100, b"\x00" * 1000, b"juste du texte"):
            with self.subTest(content=content[:10]):
                self.refused(content)

    def test_a_huge_file_is_read_without_a_crash(self):
        content = dsn("lecteur@exemple.example", "5.1.1", "<x@y>") + b"A" * 20_000_000
        self.assertIn("1 adresse mise en échec", self.read(content))

    def test_an_unknown_charset_is_refused_not_a_crash(self):
        content = (
            b"From: postmaster@exemple.example\nContent-Type: text/plain; charset=x-inconnu\n\n"
            b"550 5.1.1 lecteur@exemple.example\nX-Failed-Recipients: lecteur@exemple.example\n"
        )
        self.assertIn("1 adresse mise en échec", self.read(content))

    def test_a_nul_in_the_returned_message_id_is_not_a_crash(self):
        self.assertIn(
            "1 destinataire inconnu", self.read(dsn("autre@exemple.example", "5.1.1", "<a\x00b@x>"))
        )

    def test_a_report_without_recipients_or_with_a_broken_structure_is_refused(self):
        broken = dsn("lecteur@exemple.example", "5.1.1", "<x@y>").replace(
            b"Final-Recipient: rfc822; lecteur@exemple.example\n", b""
        )
        self.refused(broken)
        no_report = b"From: a@b.example\nContent-Type: multipart/report; boundary=Z\n\n--Z--\n"
        self.refused(no_report)
        unclosed = b"From: a@b.example\nContent-Type: multipart/report; boundary=Z\n\n--Z\nContent-Type: message/delivery-status\n\n"
        self.refused(unclosed)

    def test_a_dsn_nested_in_a_dsn_counts_once(self):
        inner = dsn("lecteur@exemple.example", "5.1.1", "<x@y>")
        outer = (
            b"From: a@b.example\nContent-Type: multipart/mixed; boundary=OUT\n\n--OUT\n"
            b"Content-Type: message/rfc822\n\n" + inner + b"\n--OUT--\n"
        )
        self.assertIn("avis lu", self.read(outer))
        self.sub.refresh_from_db()
        self.assertEqual(self.sub.status, Subscriber.Status.BOUNCED)
