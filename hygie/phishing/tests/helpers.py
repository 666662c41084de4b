"""Messages written for the tests, and what their analysis found."""

from __future__ import annotations

from email.message import EmailMessage

from django.test import TestCase

from hygie.phishing.analysis import Analysis, Message, analyse
from hygie.phishing.reading import read_email


def eml(
    *,
    sender: str = '"Dr Claire Martin" <c.martin@cabinet-martin.fr>',
    subject: str = "Dossier de Mme Durand",
    text: str | None = "Bonjour,\nVoici le compte rendu.\nBien à vous",
    html: str | None = None,
    auth: str | None = None,
    headers: tuple[tuple[str, str], ...] = (),
    attachments: tuple[tuple[str, str, bytes], ...] = (),
) -> bytes:
    """The source of an e-mail; `auth` is the topmost Authentication-Results."""
    message = EmailMessage()
    if auth is not None:
        message["Authentication-Results"] = auth
    for name, value in headers:
        message[name] = value
    message["From"] = sender
    message["To"] = "accueil@cabinet-durand.fr"
    message["Subject"] = subject
    if text is not None:
        message.set_content(text)
    if html is not None:
        if text is None:
            message.set_content(html, subtype="html")
        else:
            message.add_alternative(html, subtype="html")
    for filename, content_type, data in attachments:
        maintype, subtype = content_type.split("/")
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=filename)
    return message.as_bytes()


def passed(domain: str) -> str:
    """What a receiving server writes for a message that really comes from `domain`."""
    return (
        f"mx.cabinet-durand.fr; spf=pass smtp.mailfrom={domain}; "
        f"dkim=pass header.d={domain}; dmarc=pass (p=REJECT) header.from={domain}"
    )


class AnalysisTestCase(TestCase):
    """Tests read the brands from the content library, loaded in the test database."""

    def analyse_email(self, **fields) -> Analysis:
        return analyse(read_email(eml(**fields)))

    def rules(self, analysis: Analysis | Message) -> dict:
        if isinstance(analysis, Message):
            analysis = analyse(analysis)
        return {signal.rule: signal for signal in analysis.signals}

    def assertFires(self, analysis: Analysis | Message, rule: str) -> None:
        found = self.rules(analysis)
        self.assertIn(rule, found, f"{rule} did not fire; fired: {sorted(found)}")

    def assertQuiet(self, analysis: Analysis | Message, rule: str) -> None:
        found = self.rules(analysis)
        self.assertNotIn(rule, found, found.get(rule) and found[rule].explanation)
