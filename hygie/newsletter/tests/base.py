from __future__ import annotations

from django.core import mail

from hygie.newsletter import letters, tokens
from hygie.newsletter.models import Block, Issue, Subscriber
from hygie.orgs.models import Membership
from hygie.orgs.roles import Role
from hygie.tests.base import BaseTestCase, make_user


def subscriber(region, address: str, status=Subscriber.Status.CONFIRMED) -> Subscriber:
    return Subscriber.objects.create(
        region=region,
        email=address,
        email_digest=tokens.address_digest(address),
        status=status,
    )


def letter(region, actor=None, subject="Lettre de mars") -> Issue:
    issue = letters.create(region, subject=subject, intro="Bonjour.", actor=actor)
    letters.add_block(
        issue,
        Block.Kind.NEWS,
        {"title": "Formation", "text": "Venez nombreux.", "link": "https://exemple.fr/a"},
    )
    return issue


def links_in(message, start: str) -> list[str]:
    body = message.body
    return [w for w in body.split() if w.startswith(start)]


class NewsletterTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        # The region's titulaire (its director), beside its animateur.
        cls.director = make_user("Hélène Garnier", "helene@grades.example")
        Membership.objects.create(user=cls.director, org=cls.region, role=Role.TITULAIRE)

    def setUp(self):
        mail.outbox = []


def web_token(region) -> str:
    """The web version's token of a letter of the region that was sent."""
    issue = letter(region, subject="Lettre envoyée")
    letters.queue(issue, actor=None)
    return issue.web_token
