"""The demo regional body's newsletter: a draft with one block of each kind,
and a few confirmed subscribers (addresses under .example domains)."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from hygie.content import library
from hygie.newsletter import blocks, letters, tokens
from hygie.newsletter.models import Block, Subscriber

SUBSCRIBERS = (
    "cabinet.infirmier@sante-demo.example",
    "pharmacie.du.centre@sante-demo.example",
    "msp.les.tilleuls@sante-demo.example",
    "dr.lefebvre@medecins-demo.example",
    "secretariat@centre-demo.example",
)


def create_region_demo(region, animateur, practice) -> None:
    now = timezone.now()
    Subscriber.objects.bulk_create(
        [
            Subscriber(
                region=region,
                email=address,
                email_digest=tokens.address_digest(address),
                status=Subscriber.Status.CONFIRMED,
                confirmed_at=now,
            )
            for address in SUBSCRIBERS
        ]
    )
    issue = letters.create(
        region,
        subject="Lettre d'information — sécurité des données de santé",
        intro="Bonjour à toutes et à tous,\n\nVoici les nouvelles du territoire : un réflexe "
        "à adopter, nos prochaines formations et notre enquête.",
        actor=animateur,
    )
    reflexes = library.items("reflexes")
    questions = library.items(blocks.QUIZ_COLLECTION)
    today = timezone.localdate()
    # The demo region's open survey (its demo runs first), else its sheets.
    from hygie.surveys.actions import open_surveys

    open_now = open_surveys([region])
    surveys = (
        open_now[0].public_url() if open_now else settings.SITE_URL + reverse("awareness:index")
    )
    content = [
        (Block.Kind.REFLEX, {"item": reflexes[0]["id"]} if reflexes else None),
        (
            Block.Kind.NEWS,
            {
                "title": "Messagerie sécurisée : un webinaire pour s'y mettre",
                "text": "Échanger des données de patients par une messagerie ordinaire les "
                "expose. La messagerie sécurisée de santé est faite pour cela.\n\n"
                "Nous proposons une séance courte pour configurer la vôtre.",
                "link": "",
            },
        ),
        (
            Block.Kind.TRAININGS,
            {
                "items": [
                    {
                        "date": (today + timedelta(days=14)).isoformat(),
                        "title": "Les bases de la cybersécurité au cabinet",
                        "place": "en ligne",
                        "link": "",
                    },
                    {
                        "date": (today + timedelta(days=35)).isoformat(),
                        "title": "RGPD : tenir son registre des traitements",
                        "place": "Maison de santé, salle de réunion",
                        "link": "",
                    },
                ]
            },
        ),
        (
            Block.Kind.SURVEY,
            {
                "mode": "appel",
                "title": "Enquête « Pratiques et connaissances RGPD et cybersécurité »",
                "text": "Dix minutes pour faire l'état des lieux du territoire, de façon "
                "anonyme, et choisir ensemble les actions d'amélioration.",
                "link": surveys,
            },
        ),
        (Block.Kind.QUIZ, {"item": questions[0]["id"]} if questions else None),
    ]
    for kind, data in content:
        if data is not None:
            letters.add_block(issue, kind, data)
