from django.core import mail
from django.urls import reverse

from hygie.newsletter.models import Delivery, Issue, Subscriber
from hygie.newsletter.tests.base import NewsletterTestCase, letter, subscriber
from hygie.orgs.models import Membership
from hygie.orgs.roles import Role
from hygie.tests.base import make_user


class RolesTestCase(NewsletterTestCase):
    def test_only_the_regions_titulaire_and_animateur_manage_the_letter(self):
        issue = letter(self.region, self.animateur)
        other = make_user("Marc Noir", "marc@grades.example")
        Membership.objects.create(user=other, org=self.region, role=Role.PRATICIEN)
        urls = [
            reverse("newsletter:home", args=[self.region.code]),
            reverse("newsletter:subscribers", args=[self.region.code]),
            reverse("newsletter:issue", args=[self.region.code, issue.pk]),
            reverse("newsletter:preview", args=[self.region.code, issue.pk]),
            reverse("newsletter:preview_html", args=[self.region.code, issue.pk]),
        ]
        for user, expected in [
            (self.animateur, 200),
            (self.director, 200),
            (other, 403),
            (self.titulaire, 404),
            (self.outsider, 404),
        ]:
            self.client.force_login(user)
            for url in urls:
                with self.subTest(user=user.email, url=url):
                    self.assertEqual(self.client.get(url).status_code, expected)

    def test_a_practice_has_no_newsletter(self):
        self.client.force_login(self.titulaire)
        url = reverse("newsletter:home", args=[self.org.code])
        self.assertEqual(self.client.get(url).status_code, 404)


class ComposeTestCase(NewsletterTestCase):
    def setUp(self):
        super().setUp()
        self.client.force_login(self.animateur)
        self.issue = letter(self.region, self.animateur)
        self.code = self.region.code

    def url(self, name, *args):
        return reverse(f"newsletter:{name}", args=[self.code, self.issue.pk, *args])

    def test_each_kind_of_block_is_added_and_shown(self):
        posts = {
            "reflexe": {"item": "mises-a-jour"},
            "formations": {
                "date_1": "2027-01-20",
                "title_1": "Atelier sauvegardes",
                "place_1": "en ligne",
                "link_1": "https://exemple.fr/inscription",
            },
            "enquete": {
                "mode": "appel",
                "title": "Notre enquête",
                "text": "Répondez.",
                "link": "https://exemple.fr/enquete",
            },
            "quiz": {"item": "mdp-un-par-compte"},
        }
        for kind, data in posts.items():
            with self.subTest(kind=kind):
                self.assertEqual(self.client.get(self.url("block_new", kind)).status_code, 200)
                response = self.client.post(self.url("block_new", kind), data)
                self.assertRedirects(response, self.issue.get_absolute_url())
        response = self.client.get(self.url("preview_html"))
        html = response.content.decode()
        self.assertIn("Les mises à jour, sans attendre", html)
        self.assertIn("mercredi 20 janvier 2027", html)
        self.assertIn("Répondre à l'enquête", html)
        self.assertIn("Réponse : Faux", html)
        # The réflexe and the quiz question name their sources.
        self.assertEqual(html.count("Sources : "), 2)
        self.assertIn("'unsafe-inline'", response["Content-Security-Policy"])
        self.assertNotIn("<img", html)
        text = self.client.get(self.url("preview")).content.decode()
        self.assertIn("PROCHAINES FORMATIONS", text)

    def test_the_survey_block_offers_the_region_s_open_survey_and_its_published_results(self):
        from hygie.surveys.models import Survey

        survey = Survey.objects.create(
            org=self.region, title="Pratiques 2026", status=Survey.Status.OPEN
        )
        past = Survey.objects.create(
            org=self.region,
            title="Pratiques 2025",
            status=Survey.Status.CLOSED,
            results_published=True,
        )
        Survey.objects.create(org=self.other_org, title="Ailleurs", status=Survey.Status.OPEN)
        page = self.client.get(self.url("block_new", "enquete")).content.decode()
        self.assertIn("Pratiques 2026 — lien pour répondre", page)
        self.assertIn("Pratiques 2025 — résultats publiés", page)
        self.assertNotIn("Ailleurs", page)
        data = {"mode": "appel", "title": "Notre enquête", "text": "Répondez."}
        response = self.client.post(self.url("block_new", "enquete"), data)
        self.assertContains(response, "Choisissez une enquête ou saisissez un lien.")
        data["survey"] = f"repondre-{survey.pk}"
        self.client.post(self.url("block_new", "enquete"), data)
        block = self.issue.blocks.get(kind="enquete")
        self.assertEqual(block.data["link"], survey.public_url())
        self.assertNotIn("survey", block.data)
        self.assertNotIn(past.results_token, block.data["link"])

    def test_a_training_without_its_date_is_refused_in_french(self):
        response = self.client.post(self.url("block_new", "formations"), {"title_1": "Atelier"})
        self.assertContains(response, "indiquez au moins sa date et son intitulé")
        self.assertEqual(self.issue.blocks.count(), 1)

    def test_user_text_is_escaped_and_links_kept(self):
        data = {
            "title": "<script>alert(1)</script>",
            "text": "Voir https://exemple.fr/page\n\n<b>gras</b>",
            "link": "javascript:alert(1)",
        }
        response = self.client.post(self.url("block_new", "actualite"), data)
        self.assertContains(response, "adresse web complète")
        data["link"] = ""
        self.client.post(self.url("block_new", "actualite"), data)
        for name in ("preview_html", "issue"):
            html = self.client.get(self.url(name)).content.decode()
            self.assertNotIn("<script>alert", html)
            self.assertIn("&lt;script&gt;alert(1)&lt;/script&gt;", html)
            self.assertIn("&lt;b&gt;gras&lt;/b&gt;", html)
            self.assertIn('<a href="https://exemple.fr/page"', html)

    def test_blocks_are_reordered_and_deleted(self):
        self.client.post(self.url("block_new", "quiz"), {"item": "mdp-un-par-compte"})
        first, second = self.issue.blocks.all()
        self.client.post(self.url("block_move", second.pk), {"sens": "haut"})
        self.assertEqual([b.pk for b in self.issue.blocks.all()], [second.pk, first.pk])
        self.client.post(self.url("block_delete", second.pk))
        self.assertEqual([b.pk for b in self.issue.blocks.all()], [first.pk])

    def test_editing_a_block_keeps_its_place(self):
        (block,) = self.issue.blocks.all()
        page = self.client.get(self.url("block_edit", block.pk))
        self.assertContains(page, "Venez nombreux.")
        self.client.post(self.url("block_edit", block.pk), {"title": "Nouveau", "text": "Texte"})
        block.refresh_from_db()
        self.assertEqual(block.data["title"], "Nouveau")

    def test_a_test_goes_to_the_animateur_only(self):
        subscriber(self.region, "abonne@exemple.example")
        self.client.post(self.url("send_test"))
        (message,) = mail.outbox
        self.assertEqual(message.to, [self.animateur.email])
        self.assertTrue(message.subject.startswith("[Essai]"))
        self.assertFalse(Delivery.objects.exists())

    def test_sending_asks_for_confirmation_with_the_number_of_recipients(self):
        subscriber(self.region, "a@exemple.example")
        subscriber(self.region, "b@exemple.example")
        subscriber(self.region, "c@exemple.example", Subscriber.Status.PENDING)
        self.assertContains(self.client.get(self.url("send")), "2 destinataires")
        self.client.post(self.url("send"))
        self.issue.refresh_from_db()
        self.assertEqual(self.issue.status, Issue.Status.SENDING)
        self.assertEqual(self.issue.deliveries.count(), 2)
        progress = self.client.get(self.url("progress"))
        self.assertContains(progress, "0 envoyée sur 2")
        self.assertContains(progress, 'hx-trigger="every 3s"')
        # Sent: it cannot change any more.
        response = self.client.post(self.url("block_new", "actualite"), {"title": "x", "text": "y"})
        self.assertEqual(self.issue.blocks.count(), 1)
        self.assertRedirects(response, self.issue.get_absolute_url())


class SubscribersPageTestCase(NewsletterTestCase):
    def test_the_animateur_invites_a_list_and_removes_an_address(self):
        self.client.force_login(self.animateur)
        url = reverse("newsletter:subscribers", args=[self.region.code])
        response = self.client.post(url, {"addresses": "a@exemple.example; pas-une-adresse"})
        self.assertContains(response, "Adresses non valables : pas-une-adresse")
        self.assertFalse(Subscriber.objects.exists())
        self.client.post(
            url, {"addresses": "a@exemple.example\nB@exemple.example, a@exemple.example"}
        )
        self.assertEqual(len(mail.outbox), 2)
        self.assertEqual(
            set(Subscriber.objects.values_list("status", flat=True)), {Subscriber.Status.PENDING}
        )
        page = self.client.get(url)
        self.assertContains(page, "b@exemple.example")
        self.assertContains(page, "<strong>2</strong> en attente de confirmation", html=False)
        sub = Subscriber.objects.get(email="a@exemple.example")
        self.client.post(reverse("newsletter:subscriber_remove", args=[self.region.code, sub.pk]))
        self.assertFalse(Subscriber.objects.filter(pk=sub.pk).exists())
