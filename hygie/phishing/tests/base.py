"""What the tests of suspicious messages share: the seed's lure, an analysis
written out by hand, and the signed summary an organisation's page hands on."""

from __future__ import annotations

from django.core import signing

from hygie.phishing.analysis import (
    EMAIL,
    SMS,
    Analysis,
    Evidence,
    Link,
    Message,
    Signal,
)
from hygie.phishing.summary import summary
from hygie.phishing.views import SALT

# Seed 003's example of phishing (« Remboursement impôts »), as its source.
TAX_REFUND_EML = """\
Return-Path: <JaiDeMauvaisesIntentions@office360.com>
From: Direction Générale des Impôts <JaiDeMauvaisesIntentions@office360.com>
To: IsidoreTRUC <isidore.truc@cabinet-martin.example>
Subject: Remboursement impôts
Date: Tue, 3 Mar 2026 09:12:44 +0100
Message-ID: <20260303091244.4242@office360.com>
MIME-Version: 1.0
Content-Type: text/html; charset=utf-8
Content-Transfer-Encoding: 8bit

<html><body>
<p>Madame, Monsieur,</p>
<p>Suite aux derniers calculs de l'exercice fiscal de l'année précédente, nous vous informons que vous êtes admissible à recevoir un remboursement d'une somme de <b>120,70€</b>.</p>
<p>Pour percevoir votre remboursement d'impôt dans les plus brefs délais, vous devez nous transmettre impérativement la demande de remboursement dans un délai de <b>48h maximum</b>.</p>
<p>Pour accéder au formulaire de remboursement d'impôt, cliquez ci-dessous :</p>
<p><a href="http://impots.gouv.fr.remboursement-dgfip.com/formulaire">Go</a></p>
<p>Un remboursement peut être retardé pour diverses raisons. Par exemple, la soumission du dossier non-valide ou une inscription trop tardive au formulaire de remboursement.</p>
<p>Direction Générale des Impôts</p>
</body></html>
"""
LOOK_ALIKE = "impots.gouv.fr.remboursement-dgfip.com"
SENDER = "JaiDeMauvaisesIntentions@office360.com"

# Seed 003's smishing example.
VITALE_SMS = (
    "ASSURANCE MALADIE : Votre nouvelle carte vitale est disponible. "
    "Remplissez ce formulaire afin de rester couvert : https://cpam-contact.fr"
)


def written_analysis(channel: str = EMAIL) -> Analysis:
    """An analysis as the checks would give it for the seed's lure, written out
    by hand: what the pages do with signals, whatever the checks."""
    if channel == SMS:
        message = Message(
            channel=SMS,
            sender_name="AMELI",
            text=VITALE_SMS,
            links=[Link(url="https://cpam-contact.fr", raw="https://cpam-contact.fr")],
        )
        signals = [
            Signal(
                "lien.sosie",
                "lien",
                4.0,
                "Le lien imite le site de l'Assurance Maladie sans en être.",
                (Evidence("lien", "cpam-contact.fr"),),
                "seed-003",
            ),
            Signal(
                "contenu.carte-vitale",
                "contenu",
                3.0,
                "Le message annonce une nouvelle carte Vitale : un leurre courant.",
                (Evidence("texte", "nouvelle carte vitale est disponible"),),
                "seed-003",
            ),
        ]
        return Analysis(message, signals)
    url = f"http://{LOOK_ALIKE}/formulaire"
    message = Message(
        channel=EMAIL,
        sender_name="Direction Générale des Impôts",
        sender_address=SENDER,
        subject="Remboursement impôts",
        text="Madame, Monsieur,\nvous êtes admissible à recevoir un remboursement d'une "
        "somme de 120,70€ … dans un délai de 48h maximum.\nGo\n",
        links=[Link(url=url, text="Go", found_in="html", raw=url)],
    )
    signals = [
        Signal(
            "expediteur.nom-trompeur",
            "expediteur",
            4.0,
            "Le nom affiché se dit les impôts, l'adresse n'en est pas.",
            (Evidence("expéditeur", SENDER),),
            "seed-003",
        ),
        Signal(
            "lien.marque-incrustee",
            "lien",
            4.0,
            "Le lien « Go » mène à un domaine qui commence par impots.gouv.fr sans en être.",
            (Evidence("lien", LOOK_ALIKE),),
            "seed-003",
        ),
        Signal(
            "contenu.urgence",
            "contenu",
            1.5,
            "Le message presse d'agir dans un délai très court.",
            (Evidence("texte", "dans un délai de 48h maximum"),),
            "seed-003",
        ),
        Signal("legitime.exemple", "legitime", -0.5, "Un signe qui rassure, pour l'exemple."),
    ]
    return Analysis(message, signals)


def signed(org, user, analysis: Analysis | None = None, at: str = "2026-03-03T09:20:00+01:00"):
    """The signed summary an organisation's result page puts in its form."""
    data = summary(analysis or written_analysis(), at)
    return signing.dumps(
        {"org": org.pk, "user": user.pk, "summary": data}, salt=SALT, compress=True
    )
