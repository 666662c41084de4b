import re
from datetime import timedelta

from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from hygie.newsletter import letters, sending
from hygie.newsletter.models import Subscriber
from hygie.newsletter.subscribers import CONFIRM_DAYS, PENDING_KEEP_DAYS, forget_unconfirmed
from hygie.newsletter.tests.base import NewsletterTestCase, letter, subscriber

S = Subscriber.Status


def confirm_link(message) -> str:
    return re.search(r"http://\S+/lettre/confirmation/\S+/", message.body).group(0)


class SubscribeTestCase(NewsletterTestCase):
    def setUp(self):
        super().setUp()
        cache.clear()
        self.url = reverse("newsletter:subscribe", args=[self.region.code])

    def subscribe(self, address: str, **extra):
        return self.client.post(self.url, {"email": address, "consent": "on", **extra})

    def test_the_page_gives_the_consent_information(self):
        response = self.client.get(self.url)
        self.assertContains(response, "responsable de ce traitement")
        self.assertContains(response, "Désabonnement à tout moment")
        self.assertContains(response, "une fois par mois")

    def test_a_subscription_waits_for_its_confirmation(self):
        response = self.subscribe("Nouveau@Exemple.example")
        self.assertContains(response, "Confirmez votre adresse")
        (message,) = mail.outbox
        self.assertEqual(message.to, ["nouveau@exemple.example"])
        sub = Subscriber.objects.get()
        self.assertEqual(sub.status, S.PENDING)
        self.assertNotIn(confirm_link(message).split("/")[-2], sub.confirm_digest)
        # Unconfirmed: the letter does not go to it.
        letters.queue(letter(self.region, self.animateur), actor=self.animateur)
        sending.send_batch(timezone.now())
        self.assertEqual(len(mail.outbox), 1)
        # A GET of the link (a link scanner) confirms nothing; the button does.
        path = "/" + confirm_link(message).split("/", 3)[3]
        self.client.get(path)
        self.assertEqual(Subscriber.objects.get().status, S.PENDING)
        response = self.client.post(path)
        self.assertContains(response, "Abonnement confirmé")
        self.assertEqual(Subscriber.objects.get().status, S.CONFIRMED)
        # A second use of the link does nothing.
        self.assertContains(self.client.post(path), "Lien inconnu ou expiré")

    def test_a_confirmation_link_lasts_the_days_it_announces(self):
        self.assertContains(self.subscribe("tard@exemple.example"), f"valable {CONFIRM_DAYS} jours")
        (message,) = mail.outbox
        self.assertIn(f"valable {CONFIRM_DAYS} jours", message.body)
        path = "/" + confirm_link(message).split("/", 3)[3]
        Subscriber.objects.update(
            confirm_sent_at=timezone.now() - timedelta(days=CONFIRM_DAYS, minutes=1)
        )
        response = self.client.post(path)
        self.assertContains(response, "Lien inconnu ou expiré")
        self.assertContains(response, f"pendant {CONFIRM_DAYS} jours")
        self.assertEqual(Subscriber.objects.get().status, S.PENDING)

    def test_an_address_never_confirmed_is_forgotten_after_the_days_announced(self):
        self.assertContains(self.client.get(self.url), f"effacée après {PENDING_KEEP_DAYS} jours")
        now = timezone.now()
        old = now - timedelta(days=PENDING_KEEP_DAYS, minutes=1)
        pending = subscriber(self.region, "oubli@exemple.example", S.PENDING)
        recent = subscriber(self.region, "recente@exemple.example", S.PENDING)
        confirmed = subscriber(self.region, "fidele@exemple.example")
        Subscriber.objects.filter(pk__in=[pending.pk, confirmed.pk]).update(created=old)
        self.assertEqual(forget_unconfirmed(now), 1)
        self.assertEqual(
            set(Subscriber.objects.values_list("pk", flat=True)), {recent.pk, confirmed.pk}
        )

    def test_the_answer_is_the_same_for_a_known_address(self):
        subscriber(self.region, "deja@exemple.example")
        first = self.subscribe("deja@exemple.example").content.decode()
        second = self.subscribe("inconnue@exemple.example").content.decode()
        # Equal but for the CSRF tokens.
        self.assertEqual(re.sub(r"\w{32,}", "", first), re.sub(r"\w{32,}", "", second))

    def test_a_robot_filling_the_hidden_field_gets_nothing(self):
        response = self.subscribe("robot@exemple.example", website="http://spam.example")
        self.assertContains(response, "Confirmez votre adresse")
        self.assertEqual(mail.outbox, [])
        self.assertFalse(Subscriber.objects.exists())

    def test_consent_is_required(self):
        response = self.client.post(self.url, {"email": "a@exemple.example"})
        self.assertContains(response, "Cochez la case")
        self.assertFalse(Subscriber.objects.exists())

    def test_confirmation_e_mails_are_capped_per_address(self):
        with self.assertLogs("hygie.emails", "WARNING"):
            for _ in range(8):
                Client().post(self.url, {"email": "moi@exemple.example", "consent": "on"})
        self.assertEqual(len(mail.outbox), 5)

    def test_a_network_asking_too_often_is_slowed_down(self):
        for i in range(10):
            self.subscribe(f"a{i}@exemple.example")
        response = self.subscribe("encore@exemple.example")
        self.assertContains(response, "Trop de demandes")
        self.assertEqual(Subscriber.objects.count(), 10)

    def test_a_practice_has_no_subscription_page(self):
        url = reverse("newsletter:subscribe", args=[self.org.code])
        self.assertEqual(self.client.get(url).status_code, 404)


class UnsubscribeTestCase(NewsletterTestCase):
    def setUp(self):
        super().setUp()
        self.sub = subscriber(self.region, "lecteur@exemple.example")
        self.issue = letter(self.region, self.animateur)
        letters.queue(self.issue, actor=self.animateur)
        sending.send_batch(timezone.now())
        (message,) = mail.outbox
        url = message.extra_headers["List-Unsubscribe"][1:-1]
        self.path = "/" + url.split("/", 3)[3]

    def test_a_one_click_post_without_csrf_or_cookie_unsubscribes(self):
        client = Client(enforce_csrf_checks=True)
        response = client.post(
            self.path,
            "List-Unsubscribe=One-Click",
            content_type="application/x-www-form-urlencoded",
        )
        self.assertEqual(response.status_code, 200)
        self.sub.refresh_from_db()
        self.assertEqual(self.sub.status, S.UNSUBSCRIBED)
        # Only the digest stays.
        self.assertEqual(self.sub.email, "")
        self.assertTrue(self.sub.email_digest)

    def test_a_get_does_not_unsubscribe(self):
        response = self.client.get(self.path)
        self.assertContains(response, "Me désabonner")
        self.sub.refresh_from_db()
        self.assertEqual(self.sub.status, S.CONFIRMED)

    def test_an_unsubscribed_address_gets_no_more_letters_and_the_animateur_cannot_readd_it(self):
        Client(enforce_csrf_checks=True).post(self.path)
        second = letter(self.region, self.animateur, subject="Lettre d'avril")
        self.assertEqual(letters.queue(second, actor=self.animateur), 0)
        from hygie.newsletter.subscribers import request_subscription

        self.assertEqual(
            request_subscription(self.region, "LECTEUR@exemple.example", by_animateur=True),
            "refused",
        )
        self.assertEqual(len(mail.outbox), 1)

    def test_an_unknown_token_is_told_so(self):
        response = Client().post(reverse("newsletter:unsubscribe", args=["inconnu"]))
        self.assertContains(response, "Lien inconnu")


class WebVersionTestCase(NewsletterTestCase):
    def test_it_is_public_once_sent_only(self):
        issue = letter(self.region, self.animateur)
        url = issue.web_url()
        self.assertEqual(self.client.get(url).status_code, 404)
        letters.queue(issue, actor=self.animateur)
        response = self.client.get(url)
        self.assertContains(response, "Venez nombreux.")
        self.assertContains(response, "GRADeS Exemple")
