"""The sender rules: who the message says it is from, and what the receiving
server checked.

The display name is what a reader sees: a brand's name there, over an
address that does not belong to it, is the commonest lure. Authentication
results (SPF, DKIM, DMARC) are read only from the topmost
Authentication-Results header, the one the receiving system added last:
anything below it may have been written by the sender (RFC 8601, section 5).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from hygie.phishing import domains
from hygie.phishing.analysis import EMAIL, SMS, Evidence, Message, Signal
from hygie.phishing.domains import Brand, BrandIndex, brands, fold, registrable

FAMILY = "expediteur"
AUTH_FAMILY = "authentification"
SEED = "seed-003"
CYBERMALVEILLANCE = "cybermalveillance-hameconnage"
RFC8601 = "rfc8601"
RFC7489 = "rfc7489"

# Rules and their weights (docs/decisions.md says why).
BRAND_SPOOF = 4.0  # expediteur.marque-usurpee
BRAND_CONSISTENT = 0.5  # expediteur.marque-usurpee, sender and links consistent with the brand
WEBMAIL_BRAND = 4.5  # expediteur.messagerie-gratuite
WEBMAIL_SERVICE = 2.0  # expediteur.messagerie-gratuite, a service without a brand
ADDRESS_IN_NAME = 3.0  # expediteur.adresse-dans-le-nom
SENDER_LOOKALIKE = 5.0  # expediteur.sosie-de-domaine
SENDER_BRAND_IN_DOMAIN = 4.0  # expediteur.marque-dans-le-domaine
SENDER_BRAND_CONSISTENT = 1.0  # expediteur.marque-dans-le-domaine, links all official
REPLY_ELSEWHERE = 1.0  # expediteur.reponse-ailleurs
REPLY_TO_WEBMAIL = 2.5  # for a brand, claimed or owned
REPLY_TO_WEBMAIL_OTHER = 1.5  # from an organisation's own address
RECIPIENT_LOOKALIKE = 5.0  # expediteur.sosie-du-destinataire
RETURN_ELSEWHERE = 0.5  # expediteur.retour-ailleurs
INVISIBLE_NAME = 2.0  # expediteur.caracteres-invisibles
MOBILE_FOR_SERVICE = 2.0  # expediteur.numero-personnel
LANDLINE_FOR_SERVICE = 1.5  # expediteur.numero-personnel, from an ordinary landline number
CALLBACK_FOR_SERVICE = 1.5  # expediteur.numero-a-rappeler
HIDDEN_LINK_FROM_PERSON = 1.5  # expediteur.lien-de-particulier
FOREIGN_STRANGER = 1.0  # expediteur.numero-etranger
DMARC_FAIL_BRAND = 5.0  # authentification.dmarc-echec, on a brand's own domain
DMARC_FAIL = 2.0
SPF_FAIL_BRAND = 4.0  # authentification.spf-echec
SPF_FAIL = 1.0
RELAYED_CALLBACK = 3.5  # expediteur.service-detourne

# Words by which a display name speaks for an organisation without naming a
# brand; from free webmail, they announce a lure.
SERVICE_WORDS = re.compile(
    r"(?<![a-z])(?:service client|service clients|support|administrat(?:eur|ion|if)|"
    r"ministere|direction generale|tresor public|securite|helpdesk|webmaster|"
    r"service technique|service informatique|messagerie|comptabilite|facturation|"
    r"recouvrement|contentieux|prefecture|tribunal|huissier|commissaire de justice|"
    r"maitre|avocats?|cabinet d'avocats|notaire|etude notariale|"
    r"banque|conseiller|remboursement|notification|no.?reply|ne.?pas.?repondre)(?![a-z])"
)
EMAIL_IN_TEXT = re.compile(r"[\w.+-]+@([\w-]+(?:\.[\w-]+)+)")
# A place, not a claim: « Pharmacie de la Poste », « rue de la Poste ».
PLACE_BEFORE = re.compile(r"(?:^|\s)(?:de|du|des|rue|place|avenue|bd|boulevard|quai)\s+$")
# Where an SMS names who speaks: its first characters.
SMS_CLAIM_CHARS = 100
MOBILE = re.compile(r"^(?:\+33|0033|0)[67]\d{8}$")
LANDLINE = re.compile(r"^(?:\+33|0033|0)[1-59]\d{8}$")
# Who speaks for an authority or a collection service without being a brand of
# the list (« Étude de Me X, commissaire de justice », « service contentieux »).
AUTHORITY_WORDS = re.compile(
    r"(?<![a-z])(?:commissaires? de justice|huissiers?(?: de justice)?|etude de (?:me|maitre)|"
    r"tribunal|tresor public|service des impots|centre des finances|recouvrement|contentieux|"
    r"service (?:juridique|controle|fraude|litiges?)|police|gendarmerie|procureur)(?![a-z])"
)
# An SMS's heading: up to 60 characters before a colon, full stop, « ! », « ? »
# or a dash between spaces.
HEADING = re.compile(r"^\s*([^:.!?\n]{2,60}?)\s*(?::|\.|!|\?|\n| [-–—] )")
PERSONAL = re.compile(
    r"(?<![a-z])(?:je|j|moi|ma|mon|mes|ils|elle|il|nous avons|tu|ta|ton|tes|on)(?![a-z])"
)
# An SMS that opens by addressing a relative (« Coucou tata », « Maman c'est
# Inès »): the brands it mentions are the family's life (the operator one
# moved to, the CAF payment awaited), not a sender it speaks for.
KIN_OPENING = re.compile(
    r"^\W*(?:(?:coucou|salut|slt|bonjour|bjr|bonsoir|cc|hello|hey|kikou|coucou toi)\W+)?"
    r"(?:ma |mon )?(?:maman|papa|mamie|mamy|papi|papy|mami|tata|tatie|tonton|mam|pap|mum|mom|"
    r"daron|daronne|grand mere|grand pere|marraine|parrain|frerot|soeurette|cousin|cousine)"
    r"(?![a-z])"
)
# A full French number to call (a short number such as 3646 is not one).
FULL_NUMBER = re.compile(
    r"(?<![\d+])(?:\+ ?33 ?\(?0?\)? ?|0033 ?|0 ?)[1-9](?:[ .]?\d){8}(?![ .]?\d)"
)
CALL_VERB = re.compile(
    r"(?<![a-z])(?:appel\w*|rappel\w*|contact\w*|joindre|joign\w*|telephon\w*|compos\w*)(?![a-z])"
)
# What real organisations give a number for: an appointment to move.
APPOINTMENT = re.compile(
    r"(?<![a-z])(?:rendez vous|rdv|consultation|cabinet|secretariat|admission|intervention|"
    r"hospitalisation|ambulatoire|vaccin\w*|livraison prevue)(?![a-z])"
)
# Services that carry a customer's own words under their authentic address:
# a PayPal invoice or money request, a DocuSign or Yousign envelope.
RELAY_BRANDS = frozenset({"paypal", "docusign", "yousign"})
# An invitation to call a number given in the message (French or international).
CALL_NUMBER = re.compile(
    r"\b(?:appel\w*|contact\w*|joindre|telephon\w*|call)\b[^\d+]{0,60}"
    r"(\+?\(?\d[\d\s().-]{7,18}\d)",
    re.IGNORECASE,
)
FOREIGN = re.compile(r"^(?:\+|00)(?!33)\d{8,15}$")


@dataclass
class Authentication:
    """The results of the topmost Authentication-Results header."""

    header: str = ""
    results: dict[str, str] = field(default_factory=dict)  # method → result
    header_from: str = ""  # the domain DMARC checked
    dkim_domains: list[str] = field(default_factory=list)  # d= of passing signatures
    mailfrom: str = ""  # the domain SPF checked

    def passed(self, method: str) -> bool:
        return self.results.get(method, "") in ("pass", "bestguesspass")

    def failed(self, method: str) -> bool:
        return self.results.get(method, "") in ("fail", "softfail")


def authentication(message: Message) -> Authentication:
    values = message.headers.get("authentication-results", [])
    if not values:
        return Authentication()
    header = values[0]
    found = Authentication(header=header)
    text = re.sub(r"\([^()]*\)", " ", header)
    for segment in text.split(";"):
        match = re.match(r"\s*([a-z0-9_.-]+)\s*=\s*([a-z]+)", segment, re.IGNORECASE)
        if not match:
            continue
        method, result = match.group(1).lower(), match.group(2).lower()
        if method not in ("spf", "dkim", "dmarc", "arc", "compauth"):
            continue
        properties = dict(
            (k.lower(), v.strip("<>\"'").lower())
            for k, v in re.findall(r"([a-z]+\.[a-z0-9_-]+)\s*=\s*([^\s;]+)", segment, re.I)
        )
        if method == "dkim":
            domain = properties.get("header.d") or properties.get("header.i", "").lstrip("@")
            domain = domain.rsplit("@", 1)[-1]
            if result == "pass" and domain:
                found.dkim_domains.append(domain)
            # One passing signature is enough; keep the best result.
            if found.results.get("dkim") != "pass":
                found.results["dkim"] = result
            continue
        found.results.setdefault(method, result)
        if method == "dmarc":
            found.header_from = properties.get("header.from", "")
        elif method == "spf":
            found.mailfrom = properties.get("smtp.mailfrom", "").rsplit("@", 1)[-1]
    return found


def sender_host(message: Message) -> str:
    return (
        message.sender_address.rsplit("@", 1)[-1].lower().strip(".")
        if "@" in message.sender_address
        else ""
    )


def authenticated_domain(message: Message) -> str:
    """The registrable domain of the From address when the receiving server
    checked that the message comes from it (DMARC, or a DKIM signature or SPF
    aligned with it), else ""."""
    if message.channel != EMAIL:
        return ""
    host = sender_host(message)
    if not host:
        return ""
    auth = authentication(message)
    if not auth.header or auth.failed("dmarc"):
        return ""
    own = registrable(host)
    if auth.passed("dmarc") and (not auth.header_from or registrable(auth.header_from) == own):
        return own
    if any(registrable(d) == own for d in auth.dkim_domains):
        return own
    if auth.passed("spf") and auth.mailfrom and registrable(auth.mailfrom) == own:
        return own
    return ""


def claimed_brands(message: Message, index: BrandIndex | None = None) -> list[Brand]:
    """The brands a message speaks for: named in an e-mail's display name or
    subject, or in an SMS's sender or first words."""
    index = index or brands()
    if message.channel == EMAIL:
        texts = [message.sender_name, message.subject]
    elif message.channel == SMS:
        texts = [message.sender_name]
        if not KIN_OPENING.match(fold(message.text[:SMS_CLAIM_CHARS])):
            texts.append(message.text[:SMS_CLAIM_CHARS])
    else:
        return []
    found: dict[str, Brand] = {}
    for text in texts:
        for brand in _claims_in(text, index):
            found.setdefault(brand.id, brand)
    return list(found.values())


def _claims_in(text: str, index: BrandIndex) -> list[Brand]:
    if not text:
        return []
    folded = fold(text)
    claims = []
    for mention in index.mentions(text):
        if PLACE_BEFORE.search(folded[: mention.start]):
            continue
        claims.append(mention.brand)
    whole = index.brand_named(text)
    if whole is not None and whole not in claims:
        claims.append(whole)
    return claims


def check_sender(message: Message) -> list[Signal]:
    if message.channel == SMS:
        return _sms_sender(message)
    if message.channel != EMAIL:
        return []
    index = brands()
    signals: list[Signal] = []
    host = sender_host(message)
    reg = registrable(host) if host else ""
    name = message.sender_name
    who = Evidence("expéditeur", message.sender_address or name)
    shown = Evidence("expéditeur", name) if name else who

    if name and re.search("[\u200b-\u200f\u202a-\u202e\u2066-\u2069]", name):
        signals.append(
            Signal(
                "expediteur.caracteres-invisibles",
                FAMILY,
                INVISIBLE_NAME,
                "Le nom de l'expéditeur contient des caractères invisibles ou d'inversion "
                "du sens d'écriture, qui changent ce qu'on lit.",
                (shown,),
                "unicode-tr39",
            )
        )

    claims = [b for b in _claims_in(name, index)]
    other = EMAIL_IN_TEXT.search(name or "")
    if other and host and registrable(other.group(1).lower()) != reg:
        other_owner = index.owner(other.group(1).lower())
        if other_owner is not None and other_owner not in claims:
            claims.append(other_owner)
        signals.append(
            Signal(
                "expediteur.adresse-dans-le-nom",
                FAMILY,
                ADDRESS_IN_NAME,
                f"Le nom affiché contient l'adresse {other.group(0)}, mais le message vient "
                f"de {message.sender_address} : le nom cache la vraie adresse.",
                (shown, who),
                SEED,
            )
        )

    owner = index.owner(host) if host else None
    mssante = reg == "mssante.fr"
    authenticated = authenticated_domain(message)
    consistent = _consistent_with_brand(message, claims, host, reg, authenticated, index)
    if claims and own_delivery_report(message):
        # The practice's own mail server signs its reports with its software's
        # name (« Microsoft Outlook », « Mail Delivery System »).
        claims = []
    if claims and host and not mssante:
        brand = claims[0]
        if owner is not None and any(owner is b for b in claims):
            pass
        elif authenticated == reg and index.public_service(host) and all(b.public for b in claims):
            # The State and the public services speak for one another
            # (« ARS - Assurance Maladie » from ars.sante.fr).
            pass
        elif domains.is_webmail(host):
            signals.append(
                Signal(
                    "expediteur.messagerie-gratuite",
                    FAMILY,
                    WEBMAIL_BRAND,
                    f"Le nom affiché « {name} » se réclame {brand.of}, mais le message vient "
                    f"d'une messagerie gratuite ({reg}) où n'importe qui peut ouvrir une adresse.",
                    (shown, who),
                    brand.source or SEED,
                )
            )
        else:
            signals.append(
                Signal(
                    "expediteur.marque-usurpee",
                    FAMILY,
                    BRAND_CONSISTENT if consistent is brand else BRAND_SPOOF,
                    f"Le nom affiché « {name} » se réclame {brand.of}, mais l'adresse "
                    f"{message.sender_address} n'appartient pas {brand.to} ({brand.main_domain})"
                    + (
                        ", même si tous les liens du message mènent à son site officiel."
                        if consistent is brand
                        else "."
                    ),
                    (shown, who),
                    brand.source or SEED,
                )
            )
    elif host and domains.is_webmail(host) and SERVICE_WORDS.search(fold(name or "")):
        signals.append(
            Signal(
                "expediteur.messagerie-gratuite",
                FAMILY,
                WEBMAIL_SERVICE,
                f"Le nom affiché « {name} » annonce un service, mais le message vient d'une "
                f"messagerie gratuite ({reg}) où n'importe qui peut ouvrir une adresse.",
                (shown, who),
                SEED,
            )
        )

    if host and owner is None:
        imitation = index.imitation(host, message.sender_address.rsplit("@", 1)[-1])
        if imitation is not None:
            brand = imitation.brand
            if imitation.kind == "marque":
                signals.append(
                    Signal(
                        "expediteur.marque-dans-le-domaine",
                        FAMILY,
                        SENDER_BRAND_CONSISTENT if consistent is brand else SENDER_BRAND_IN_DOMAIN,
                        f"L'adresse de l'expéditeur est sur {reg}, qui n'appartient pas "
                        f"{brand.to} ({imitation.official})"
                        + (
                            " ; ses liens mènent pourtant tous au site officiel : "
                            "vérifiez sur ce site plutôt qu'en répondant."
                            if consistent is brand
                            else "."
                        ),
                        (who,),
                        brand.source or SEED,
                    )
                )
            else:
                signals.append(
                    Signal(
                        "expediteur.sosie-de-domaine",
                        FAMILY,
                        SENDER_LOOKALIKE,
                        f"L'adresse de l'expéditeur est sur {reg}, qui imite "
                        f"{imitation.official} ({brand.name}) sans lui appartenir.",
                        (who,),
                        brand.source or SEED,
                    )
                )

    signals.extend(relayed_callback(message, owner, index, who))

    lookalike = recipient_lookalike(message, reg)
    if lookalike:
        signals.append(
            Signal(
                "expediteur.sosie-du-destinataire",
                FAMILY,
                RECIPIENT_LOOKALIKE,
                f"L'adresse de l'expéditeur est sur {reg}, qui imite votre propre domaine "
                f"({lookalike}) à une lettre près : c'est la ruse des faux collègues et "
                "des faux dirigeants. Vérifiez de vive voix avant toute suite.",
                (who,),
                CYBERMALVEILLANCE,
            )
        )

    reply_host = message.reply_to.rsplit("@", 1)[-1].lower() if "@" in message.reply_to else ""
    if reply_host and reg and registrable(reply_host) != reg:
        webmail_reply = domains.is_webmail(reply_host)
        strong = webmail_reply and (owner is not None or claims)
        # A discussion list sends under its own domain, the author in Reply-To.
        listed = bool(message.headers.get("list-id")) and domains.is_mailing_list(host)
        # A known service authenticated on its own domain sends for a customer,
        # a merchant or a person, and sets replies to them (« X via GoCardless »).
        serving = owner is not None and authenticated_domain(message) == reg
        if serving and not webmail_reply:
            weight = 0.0
        elif strong and _relayed(message, owner, reg):
            # A signing or sharing service sends for its customer, and names them.
            weight = REPLY_ELSEWHERE
        elif strong:
            weight = REPLY_TO_WEBMAIL
        elif webmail_reply and not domains.is_webmail(host) and not listed:
            weight = REPLY_TO_WEBMAIL_OTHER
        else:
            weight = 0.0 if listed else REPLY_ELSEWHERE
        if weight:
            signals.append(
                Signal(
                    "expediteur.reponse-ailleurs",
                    FAMILY,
                    weight,
                    f"Les réponses partiraient vers {message.reply_to}, une autre adresse que "
                    f"celle de l'expéditeur ({message.sender_address})"
                    + (", sur une messagerie gratuite." if webmail_reply else "."),
                    (Evidence("en-têtes", message.reply_to), who),
                    SEED,
                )
            )
    return_host = (
        message.return_path.rsplit("@", 1)[-1].lower() if "@" in message.return_path else ""
    )
    if (
        return_host
        and reg
        and registrable(return_host) != reg
        and not domains.is_tracker(return_host)
        and not _esp_bounce(return_host)
        and not authenticated_domain(message)
    ):
        signals.append(
            Signal(
                "expediteur.retour-ailleurs",
                FAMILY,
                RETURN_ELSEWHERE,
                f"L'adresse technique d'envoi ({message.return_path}) n'est pas sur le domaine "
                f"de l'expéditeur ({reg}).",
                (Evidence("en-têtes", message.return_path),),
                RFC7489,
            )
        )
    return signals


def relayed_callback(
    message: Message, owner: Brand | None, index: BrandIndex, who: Evidence
) -> list[Signal]:
    """A real PayPal invoice or DocuSign envelope whose customer's note names another
    company and asks to call a number: the callback scam borrowing a genuine service."""
    if owner is None or owner.id not in RELAY_BRANDS:
        return []
    text = f"{message.subject}\n{message.text}"
    call = CALL_NUMBER.search(fold(text))
    if call is None or len(re.sub(r"\D", "", call.group(1))) < 9:
        return []
    # Every mention counts here, « Facture de Microsoft » included.
    others = [m.brand for m in index.mentions(text) if m.brand is not owner]
    if not others:
        return []
    return [
        Signal(
            "expediteur.service-detourne",
            FAMILY,
            RELAYED_CALLBACK,
            f"Le message vient bien {owner.of}, mais le texte écrit par son client se "
            f"réclame {others[0].of} et fait appeler un numéro : des escrocs envoient de "
            f"vraies factures ou demandes de signature {owner.of} pour faire rappeler un "
            "faux service client. Ne rappelez pas ; vérifiez sur votre compte officiel.",
            (who, Evidence("texte", call.group(0).strip())),
            CYBERMALVEILLANCE,
        )
    ]


def _consistent_with_brand(
    message: Message,
    claims: list[Brand],
    host: str,
    reg: str,
    authenticated: str,
    index: BrandIndex,
) -> Brand | None:
    """The brand a display name claims when the sender is consistent with it:
    authenticated on a domain of its own whose name holds the brand's word
    (« Colissimo » from notif-colissimo-laposte.info), replies going nowhere
    else, and every link leading to the brand's official domains. A look-alike
    sending to itself (ameli-remboursement.fr linking to ameli-remboursement.fr)
    is not: its links are the lure."""
    if not claims or not host or not authenticated or authenticated != reg:
        return None
    if domains.is_webmail(host) or index.owner(host) is not None:
        return None
    imitation = index.imitation(host, message.sender_address.rsplit("@", 1)[-1])
    if imitation is None or imitation.kind != "marque" or imitation.brand not in claims:
        return None
    brand = imitation.brand
    reply = message.reply_to.rsplit("@", 1)[-1].lower() if "@" in message.reply_to else ""
    if reply and registrable(reply) != reg:
        return None
    from hygie.phishing.domains import address

    targets = [address(link.url) for link in message.links]
    if not targets:
        return None
    for target in targets:
        if target.userinfo or not target.host or target.scheme not in ("http", "https"):
            return None
        if not (brand.owns(target.host) or domains.is_tracker(target.host)):
            return None
    return brand if any(brand.owns(t.host) for t in targets) else None


# Words by which a name is an organisation's, not a person's.
ORGANISATION_WORDS = re.compile(
    r"(?<![a-z])(?:direction|financ\w*|paie|rh|ressources humaines|comptab\w*|factur\w*|"
    r"service|cabinet|societe|groupe|sas|sarl|selarl|sci|scm|entreprise|agence|mairie|"
    r"office|departement|equipe|team|payroll|hr|accounts?|billing|legal|juridique|"
    r"tresorerie|commercial|fournisseur|gestion|immobili\w*|assurances?|mutuelle|banque)(?![a-z])"
)
# Bodies that speak for their members (a union, an association, a network):
# a survey or a form shared with them is their daily work.
MEMBERS_BODY_WORDS = re.compile(
    r"(?<![a-z])(?:urps|union|syndicat|federation|association|amicale|collectif|conseil|"
    r"ordre|cpts|reseau|comite|bureau)(?![a-z])"
)
# « Paul Martin via Docusign », « Julie Martin (via Google Drive) ».
VIA_SERVICE = re.compile(r"(?<![a-z])via\s+\S")


def _relayed(message: Message, owner: Brand | None, reg: str) -> bool:
    """A service's notification that sends a person's document
    (« X via Docusign », « x@gmail.com vous a envoyé des fichiers »), with
    replies going to that person: the service names who the mail is for."""
    if owner is None:
        return False
    # Authenticated, or with no check at all written by the receiving server
    # (a forgery of the service's domain fails DMARC where it is checked).
    if authenticated_domain(message) != reg and authentication(message).header:
        return False
    name = fold(message.sender_name or "")
    via = VIA_SERVICE.search(name)
    if via:
        # An organisation or a service answering from free webmail is what
        # the rule is for (« Cabinet d'avocats X via Docusign »).
        who = name[: via.start()]
        return not SERVICE_WORDS.search(who) and not ORGANISATION_WORDS.search(who)
    reply = message.reply_to.lower()
    said = fold(f"{message.subject or ''}\n{message.text[:2000]}")
    if reply in said:
        return True
    # The person the notice names (« Julie Martin vous a envoyé des fichiers »)
    # owns the mailbox replies go to (julie.martin.photo@…).
    words = set(re.findall(r"[a-z]+", said))
    parts = [p for p in re.split(r"[^a-z]+", fold(reply.split("@", 1)[0])) if len(p) >= 3]
    return sum(p in words for p in parts) >= 2


# The parts of a delivery report besides its readable text (RFC 3464, RFC 6522).
REPORT_PARTS = frozenset(
    {
        "text/rfc822-headers",
        "message/rfc822",
        "message/delivery-status",
        "message/global-headers",
        "message/global-delivery-status",
        "message/global",
    }
)


# What a mail server calls a report it writes itself (« Non remis : … »).
NDR_SUBJECT = re.compile(
    r"^(?:undeliverable|undelivered|non remis|non distribue|echec de (?:la )?remise|"
    r"remise impossible|impossible de remettre|message non (?:remis|distribue)|"
    r"delivery status notification|delivery (?:has )?failed|mail delivery failed|"
    r"returned mail|failure notice)(?![a-z])"
)
# The mailboxes a mail server writes its reports from.
NDR_SENDER = re.compile(r"^(?:microsoftexchange\w*|mailer.daemon|postmaster|mail.delivery\w*)$")


def is_delivery_report(message: Message) -> bool:
    """A delivery status notification as mail servers write it: a
    multipart/report of type delivery-status (RFC 6522), whose only other
    parts are the report itself and the returned message's headers; or the
    same report some servers (Exchange) write as a plain message, marked as
    such in its headers, sent automatically from the server's own mailbox."""
    if message.channel != EMAIL:
        return False
    if not all(a.content_type in REPORT_PARTS for a in message.attachments):
        return False
    content_type = " ".join(message.headers.get("content-type", [])[:1]).lower()
    if content_type.startswith("multipart/report") and re.search(
        r"report-type\s*=\s*\"?delivery-status", content_type
    ):
        return True
    marked = " ".join(message.headers.get("x-ms-exchange-message-is-ndr", [])[:1]).strip()
    automatic = " ".join(message.headers.get("auto-submitted", [])[:1]).strip().lower()
    local = fold(message.sender_address.rsplit("@", 1)[0])
    subject = fold(message.subject or "").strip()
    return bool(
        (marked or (automatic.startswith("auto-") and automatic != "auto-no"))
        and NDR_SENDER.match(local)
        and NDR_SUBJECT.match(subject)
    )


def own_delivery_report(message: Message) -> bool:
    """A delivery report written by the recipient's own mail server: it comes
    from the very domain the message was delivered to, and the receiving
    server found nothing forged."""
    if not is_delivery_report(message):
        return False
    reg = registrable(sender_host(message))
    auth = authentication(message)
    if not reg or auth.failed("dmarc") or auth.failed("spf"):
        return False
    return reg in recipient_domains(message)


def recipient_domains(message: Message) -> list[str]:
    """The registrable domains the message was delivered to (Delivered-To,
    X-Original-To, To)."""
    found: list[str] = []
    for name in ("delivered-to", "x-original-to", "to"):
        for value in message.headers.get(name, [])[:3]:
            for domain in EMAIL_IN_TEXT.findall(value):
                reg = registrable(domain.lower().strip("."))
                if reg and reg not in found:
                    found.append(reg)
    return found


def recipient_lookalike(message: Message, reg: str) -> str:
    """The recipient's own domain that the sender's imitates (`cabinet-exernple.fr`
    for `cabinet-exemple.fr`), else ""."""
    if not reg or domains.is_webmail(reg):
        return ""
    own = _core(reg)
    if len(own) < 5:
        return ""
    for theirs in recipient_domains(message):
        if theirs == reg:
            continue
        core = _core(theirs)
        if len(core) < 5 or core == own:
            continue
        if domains.domain_skeleton(core) == domains.domain_skeleton(own):
            return theirs
        lev = domains.bounded_levenshtein(domains.plain(own), domains.plain(core), 2)
        if 1 <= lev <= 2 and 2 * lev / (len(own) + len(core)) <= 0.2:
            return theirs
    return ""


def _core(reg: str) -> str:
    suffix = domains.public_suffix(reg)
    return reg[: -len(suffix) - 1] if suffix and reg.endswith("." + suffix) else reg


# Sending services whose bounce addresses stand in Return-Path for their customers.
ESP_BOUNCES = domains.names(
    """
    amazonses.com sendgrid.net mcsv.net mcdlv.net rsgsv.net mandrillapp.com mailgun.org
    sparkpostmail.com bounces.google.com mktomail.com exacttarget.com
    """
)


def _esp_bounce(host: str) -> bool:
    reg = registrable(host)
    return reg in ESP_BOUNCES or host in ESP_BOUNCES


def _sms_sender(message: Message) -> list[Signal]:
    """What the SMS's sender says against what its text claims: a service
    writing from an ordinary number, asking to call a number it gives, an
    ordinary number sending a hidden or shared link, a foreign number."""
    number = message.sender_address
    mobile = bool(number and MOBILE.match(number))
    landline = bool(number and LANDLINE.match(number))
    foreign = bool(number and FOREIGN.match(number))
    ordinary = mobile or landline or foreign
    folded = fold(message.text)
    number_given = FULL_NUMBER.search(folded) is not None
    claims: list[Brand] = []
    speaks_as: list[Brand] = []
    heading = ""
    if ordinary or number_given:
        index = brands()
        claims = claimed_brands(message, index)
        heading = sms_heading(message.text)
        # Who the SMS speaks as: named as its sender or in its heading, not
        # merely mentioned (« la carte Vitale de ma fille »).
        speaks_as = [
            brand for text in (message.sender_name, heading) for brand in _claims_in(text, index)
        ]
    signals: list[Signal] = []
    who = Evidence("expéditeur", message.sender_name)
    if landline and not speaks_as:
        claims = []
    if claims and ordinary:
        brand = claims[0]
        kind = (
            "d'un numéro de mobile personnel"
            if mobile
            else "d'un numéro de téléphone fixe ordinaire"
            if landline
            else "d'un numéro étranger"
        )
        signals.append(
            Signal(
                "expediteur.numero-personnel",
                FAMILY,
                LANDLINE_FOR_SERVICE if landline else MOBILE_FOR_SERVICE,
                f"Le SMS parle au nom {brand.of} mais vient {kind} ({message.sender_name}) : "
                "les services envoient leurs SMS depuis un nom ou un numéro court.",
                (who,),
                SEED,
            )
        )
    callback = _callback_number(message, folded, speaks_as, heading) if number_given else None
    if callback is not None:
        named, shown = callback
        signals.append(
            Signal(
                "expediteur.numero-a-rappeler",
                FAMILY,
                CALLBACK_FOR_SERVICE,
                f"Le SMS se réclame {named} et demande d'appeler le numéro qu'il donne "
                f"({shown}). Un organisme se joint au numéro de son site officiel ou de vos "
                "courriers, jamais à celui d'un SMS : au bout du fil, un faux agent obtient "
                "vos codes ou un paiement.",
                (Evidence("texte", shown),),
                "cybermalveillance-faux-conseiller",
            )
        )
    if mobile or foreign:
        hidden = _hidden_link(message)
        if hidden is not None:
            signals.append(
                Signal(
                    "expediteur.lien-de-particulier",
                    FAMILY,
                    HIDDEN_LINK_FROM_PERSON,
                    f"Le SMS vient d'un numéro de particulier ({message.sender_name}) et son "
                    f"lien passe par {hidden[1]}, un raccourcisseur, un hébergement gratuit ou "
                    "un service de partage de fichiers : la vraie destination est cachée, ou "
                    "la page a pu être mise en ligne par n'importe qui. Les services envoient "
                    "leurs notifications depuis un nom ou un numéro court.",
                    (Evidence("lien", hidden[0]),),
                    CYBERMALVEILLANCE,
                )
            )
    if foreign and not claims:
        signals.append(
            Signal(
                "expediteur.numero-etranger",
                FAMILY,
                FOREIGN_STRANGER,
                f"Le SMS, écrit en français, vient d'un numéro étranger ({message.sender_name}). "
                "Seul, ce n'est pas anormal ; c'est souvent le cas des messages d'inconnus qui "
                "engagent la conversation avant une arnaque.",
                (who,),
                CYBERMALVEILLANCE,
            )
        )
    return signals


def sms_heading(text: str) -> str:
    """The heading an SMS opens with, when it has one: its words before the
    first colon, full stop or dash (« CPAM - Service contrôle : … »), short and
    without a person speaking of themselves (« ma fille », « je »)."""
    match = HEADING.match(text)
    if match is None:
        return ""
    heading = match.group(1)
    if PERSONAL.search(fold(heading)):
        return ""
    return heading


def _callback_number(
    message: Message, text: str, claims: list[Brand], heading: str
) -> tuple[str, str] | None:
    """(whom the SMS speaks for, the number shown) when an SMS speaking as a
    service or an authority asks to call a full number it gives; `text` is
    its folded text."""
    if APPOINTMENT.search(text):
        return None
    if claims:
        named = claims[0].of
    else:
        opening = fold(message.sender_name + " " + heading)
        authority = AUTHORITY_WORDS.search(opening)
        if authority is None:
            return None
        named = f"d'une autorité ou d'un service ({authority.group(0)})"
    for found in FULL_NUMBER.finditer(text):
        before = text[max(0, found.start() - 60) : found.start()]
        if CALL_VERB.search(before):
            return named, found.group(0)
    return None


def _hidden_link(message: Message) -> tuple[str, str] | None:
    """(the link as written, its host) of the first link that goes through a
    shortener, free hosting or a file-sharing service."""
    from hygie.phishing import links

    for link in message.links[:20]:
        target = domains.address(link.url)
        host = target.host
        if not host:
            continue
        if domains.is_shortener(host) or links.is_user_page(target) or domains.is_sharing(host):
            return link.raw or link.url, host
    return None


def check_authentication(message: Message) -> list[Signal]:
    """What the receiving server found, from its own (topmost) header only."""
    if message.channel != EMAIL:
        return []
    auth = authentication(message)
    host = sender_host(message)
    if not auth.header or not host:
        return []
    index = brands()
    owner = index.owner(host)
    evidence = (Evidence("en-têtes", auth.header), Evidence("expéditeur", message.sender_address))
    reg = registrable(host)
    if auth.failed("dmarc") or auth.results.get("dmarc") == "fail":
        if owner is not None:
            text = (
                f"Le message se présente comme venant de {reg} ({owner.name}), mais le serveur "
                f"qui l'a reçu a constaté qu'il n'en vient pas (DMARC en échec) : "
                "l'adresse de l'expéditeur est falsifiée."
            )
        else:
            text = (
                f"Le serveur qui a reçu le message n'a pas pu vérifier qu'il vient bien de {reg} "
                "(DMARC en échec)."
            )
        return [
            Signal(
                "authentification.dmarc-echec",
                AUTH_FAMILY,
                DMARC_FAIL_BRAND if owner is not None else DMARC_FAIL,
                text,
                evidence,
                RFC7489,
            )
        ]
    if "dmarc" not in auth.results and auth.failed("spf") and not auth.passed("dkim"):
        text = (
            f"Le serveur qui a reçu le message a constaté qu'il ne vient pas d'un serveur "
            f"autorisé pour {auth.mailfrom or reg} (SPF en échec), sans signature valable."
        )
        return [
            Signal(
                "authentification.spf-echec",
                AUTH_FAMILY,
                SPF_FAIL_BRAND if owner is not None else SPF_FAIL,
                text,
                evidence,
                RFC8601,
            )
        ]
    return []
