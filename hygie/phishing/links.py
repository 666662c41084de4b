"""The link rules: where each link really leads, and whether it pretends.

Each link is read, never followed. A rule fires once per message, at the
weight of its strongest case, with every link it concerns as evidence.
Strong rules (a domain that imitates a protected service's, a link that
shows one domain and leads to another) reach « Suspect » alone; weak ones
(a shortener, a cheap top-level domain) only add to others. The weights are
explained in docs/decisions.md.
"""

from __future__ import annotations

import ipaddress
import re
import unicodedata
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, unquote

from hygie.phishing import domains, sender
from hygie.phishing.analysis import EMAIL, SMS, Evidence, Link, Message, Signal
from hygie.phishing.domains import Address, Brand, BrandIndex, address, brands, registrable
from hygie.phishing.reading import INVISIBLE

FAMILY = "lien"
CYBERMALVEILLANCE = "cybermalveillance-hameconnage"
SEED = "seed-003"
PSL = "public-suffix-list"
TR39 = "unicode-tr39"

# Rules and their weights (docs/decisions.md says why).
LOOKALIKE = 5.0  # lien.sosie-de-domaine
FAKE_SUBDOMAIN = 5.0  # lien.faux-sous-domaine
BRAND_IN_DOMAIN = 4.0  # lien.marque-dans-le-domaine
TEXT_SHOWS_BRAND_DOMAIN = 5.0  # lien.texte-trompeur, the text shows a brand's domain
TEXT_SHOWS_DOMAIN = 3.0  # lien.texte-trompeur, another domain
TEXT_NAMES_BRAND = 3.5  # lien.texte-trompeur, the text names a brand
TRACKER_UNAUTHENTICATED = 1.0  # lien.texte-trompeur, through a tracker, sender not authenticated
USERINFO = 3.0  # lien.identifiant-dans-l-adresse
USERINFO_BRAND = 5.0
IP_HOST = 3.0  # lien.adresse-ip
PRIVATE_IP_HOST = 1.5  # an address of a local network
MIXED_SCRIPTS = 3.0  # lien.ecritures-melangees
INTERNATIONAL = 1.0  # lien.nom-international
INVISIBLE_CHARS = 3.0  # lien.caracteres-invisibles
OBFUSCATED = 1.5  # lien.obfusque
SHORTENER = 1.5  # lien.raccourci
REDIRECT = 1.5  # lien.redirection
HOSTING = 1.5  # lien.hebergement-gratuit
HOSTING_DOCUMENT = 3.0  # the same, for a document to see, sign or a login
EXECUTABLE = 3.0  # lien.fichier-executable
CHEAP_TLD_STRONG = 2.0  # lien.extension-suspecte
CHEAP_TLD_MODERATE = 1.0
BRAND_IN_PATH = 3.0  # lien.marque-dans-le-chemin
PORT = 1.0  # lien.port-inhabituel
LURE_NAME = 2.0  # lien.nom-trompeur
LURE_NAME_DOCUMENT = 3.0  # the same, for a document to see or a login
SCRIPT_LINK = 3.0  # lien.code-dans-le-lien (javascript:, data:)
FORM = 3.0  # lien.formulaire
SMS_SERVICE = 3.0  # lien.sms-service
CLAIMED_ELSEWHERE = 2.0  # lien.hors-marque (e-mail)
SHARED_BY_PERSON = 2.0  # lien.document-partage, a person's only link is a shared document
SHARED_AGGRAVATING = 1.0  # for each sign of a stolen or throwaway mailbox
SHARED_MOST = 4.0

MAX_EVIDENCE = 10
# A link written so that it cannot be clicked (« hxxp », « [.] »): the way
# security warnings quote a lure's address.
DEFANGED = re.compile(r"(?i)hxxp|\[\.\]|\(\.\)|\{\.\}|\[dot\]|\[:\]")
# Files that run when opened, at the end of a link's path.
EXECUTABLE_PATH = re.compile(
    r"(?i)\.(?:exe|msi|scr|bat|cmd|com|pif|vbs|vbe|js|jse|wsf|hta|ps1|jar|lnk|iso|img|vhdx?|apk)"
    r"(?:$|[?#])"
)
# Forms and pages anyone can put up on a big provider's domain.
FORM_PAGES = re.compile(
    r"^(?:docs\.google\.com/forms|forms\.office\.com/|forms\.microsoft\.com/|"
    r"[a-z0-9-]+\.notion\.site/|"
    r"[a-z0-9-]+\.typeform\.com/|[a-z0-9-]+\.jotform\.com/|form\.jotform\.com/)"
)
# What a lure's link invites to do with a document, or to log in.
DOCUMENT_ACTION = re.compile(
    r"(?<![a-z])(?:consulter|voir|ouvrir|acceder|telecharger|signer|examiner|visualiser|"
    r"afficher|recuperer|connecte[rz]|identifie[rz]|se connecter|login|view|open|download|"
    r"sign|review)(?![a-z])|\.(?:pdf|docx?|xlsx?)\b|(?<![a-z])(?:document|fichier|facture|"
    r"dossier|resultats?|compte rendu|ordonnance|devis|contrat)(?![a-z])"
)
# Link targets that any message may carry: they belong to nobody's claim.
NEUTRAL = domains.names("twitter.com x.com w3.org schema.org tiktok.com pinterest.com bsky.app")


@dataclass
class Findings:
    """The rules that fired, one entry per rule: its strongest case and every
    piece of evidence."""

    rules: dict[str, list] = field(default_factory=dict)

    def add(
        self, rule: str, weight: float, explanation: str, source: str, *evidence: Evidence
    ) -> None:
        entry = self.rules.get(rule)
        if entry is None:
            self.rules[rule] = [weight, explanation, source, list(evidence), 1]
            return
        if weight > entry[0]:
            entry[0], entry[1], entry[2] = weight, explanation, source
        entry[4] += 1
        for piece in evidence:
            if piece not in entry[3] and len(entry[3]) < MAX_EVIDENCE:
                entry[3].append(piece)

    def signals(self, family: str = FAMILY) -> list[Signal]:
        signals = []
        for rule, (weight, explanation, source, evidence, count) in self.rules.items():
            if count > 1:
                explanation += f" ({count} liens sont concernés.)"
            signals.append(Signal(rule, family, weight, explanation, tuple(evidence), source))
        return signals


@dataclass
class Context:
    index: BrandIndex
    channel: str
    # The sender's registrable domain when the receiving server checked it
    # (DMARC, or DKIM/SPF aligned with From), else "".
    authenticated: str = ""


def check_links(message: Message) -> list[Signal]:
    if not message.links:
        return []
    index = brands()
    context = Context(index, message.channel, sender.authenticated_domain(message))
    findings = Findings()
    report = message.channel == EMAIL and sender.is_delivery_report(message)
    for link in message.links:
        if report and is_bare_name(link):
            # A delivery report names servers and the recipients' domains
            # (« name=exemple.fr type=MX: Host not found »), mistyped ones
            # included: it names them, it does not offer them to visit.
            continue
        _link(link, context, findings, outer=None)
    _claims(message, context, findings)
    if message.channel == EMAIL:
        _shared_by_person(message, context, findings)
        _meeting_elsewhere(message, context, findings)
    return findings.signals()


MEETING_ELSEWHERE = 3.0  # lien.reunion-ailleurs
# A video meeting service a message names, and the brand that holds it.
MEETING_SERVICES = (
    (re.compile(r"(?<![a-z])(?:microsoft )?teams(?![a-z])"), "microsoft"),
    (re.compile(r"(?<![a-z])zoom(?![a-z])"), "zoom"),
    (re.compile(r"(?<![a-z])google meet(?![a-z])"), "google"),
    (re.compile(r"(?<![a-z])webex(?![a-z])"), "webex"),
)
MEETING_WORDS = re.compile(
    r"(?<![a-z])(?:reunion|visio\w*|conference|meeting|webinaire|webinar|rendez vous en ligne)(?![a-z])"
)
# What the link to join a meeting says, or where a meeting's address leads.
JOIN_TEXT = re.compile(
    r"(?<![a-z])(?:rejoindre|rejoignez|participer|participez|acceder|join|entrer|ouvrir la reunion)(?![a-z])"
)
JOIN_PATH = re.compile(r"(?i)(?:meetup-join|/j/\d|/wc/join|/meet/|/join\b)")


def meeting_elsewhere(
    message: Message, index: BrandIndex | None = None
) -> tuple[Link, Brand] | None:
    """The link to join a Teams, Zoom, Meet or Webex meeting the message names,
    when it leads to none of that service's domains (nor to another listed
    service's, nor to the authenticated sender's own)."""
    from hygie.phishing import wording

    if message.channel != EMAIL or not message.links:
        return None
    said = wording.fold(f"{message.subject}\n{message.text[:6000]}").text
    if not MEETING_WORDS.search(said):
        return None
    index = index or brands()
    named = []
    for pattern, brand_id in MEETING_SERVICES:
        if pattern.search(said):
            brand = next((b for b in index.brands if b.id == brand_id), None)
            if brand is not None:
                named.append(brand)
    if not named:
        return None
    authenticated = sender.authenticated_domain(message)
    for link in message.links:
        target = address(link.url)
        inner = embedded_url(target)
        if inner is not None and domains.is_wrapper(target.host):
            target = address(inner)
        if not target.host or target.scheme not in ("http", "https") or is_defanged(link):
            continue
        shown = wording.fold(link.text or "").text
        if not JOIN_TEXT.search(shown) and not JOIN_PATH.search(target.path or ""):
            continue
        if any(brand.owns(target.host) for brand in named) or index.owner(target.host) is not None:
            continue
        if authenticated and target.registrable == authenticated:
            continue
        return link, named[0]
    return None


def _meeting_elsewhere(message: Message, context: Context, findings: Findings) -> None:
    """An invitation to a video meeting whose link to join leads elsewhere: the
    meeting is a pretext for a page that copies the service's sign-in (a
    stolen partner's mailbox sends it to every contact)."""
    found = meeting_elsewhere(message, context.index)
    if found is None:
        return
    link, brand = found
    reg = address(link.url).registrable
    findings.add(
        "lien.reunion-ailleurs",
        MEETING_ELSEWHERE,
        f"Le message invite à une réunion {brand.name}, mais son lien pour la rejoindre "
        f"mène à {reg}, qui n'appartient pas {brand.to} ({brand.main_domain}). Une fausse "
        "invitation sert à faire saisir votre mot de passe de messagerie sur une page "
        "imitée : ne vous y identifiez pas.",
        brand.source or SEED,
        _where(link),
    )


def _where(link: Link) -> Evidence:
    return Evidence("lien", link.raw or link.url)


def _link(link: Link, context: Context, findings: Findings, outer: Address | None) -> None:
    target = address(link.url)
    evidence = _where(link)
    if target.scheme in ("javascript", "data", "vbscript"):
        findings.add(
            "lien.code-dans-le-lien",
            SCRIPT_LINK,
            f"Un lien contient du code ({target.scheme}:) au lieu d'une adresse : "
            "un vrai service n'en envoie pas.",
            CYBERMALVEILLANCE,
            evidence,
        )
        return
    host = target.host
    if not host or ("." not in host and not domains.is_ip(host)):
        return
    raw = link.raw or link.url
    if outer is None and context.channel == EMAIL and is_defanged(link):
        # Quoted in a warning, not offered to click (legit.py weighs it).
        return
    if outer is None:
        if raw != link.url and DEFANGED.search(raw):
            findings.add(
                "lien.obfusque",
                OBFUSCATED,
                f"Le lien vers {target.registrable} est écrit de façon déguisée "
                "(« hxxp », « [.] ») pour échapper aux filtres.",
                CYBERMALVEILLANCE,
                evidence,
            )
        if INVISIBLE.search(raw) or INVISIBLE.search(link.text):
            findings.add(
                "lien.caracteres-invisibles",
                INVISIBLE_CHARS,
                f"Le lien vers {target.registrable} contient des caractères invisibles "
                "ou d'inversion du sens d'écriture, qui changent ce qu'on lit.",
                TR39,
                evidence,
            )
        if link.found_in == "formulaire":
            findings.add(
                "lien.formulaire",
                FORM,
                f"Le message contient un formulaire qui envoie ce qu'on y tape à {target.registrable} : "
                "un vrai service ne demande jamais de remplir un formulaire dans un e-mail.",
                CYBERMALVEILLANCE,
                evidence,
            )
    inner = embedded_url(target)
    if inner is not None:
        quiet = domains.is_wrapper(host) or domains.is_tracker(host)
        # Share buttons (x.com/intent/tweet?url=…) and a site's own redirects.
        ordinary = (
            context.index.owner(host) is not None
            or target.registrable in NEUTRAL
            or address(inner).registrable == target.registrable
        )
        if not quiet and not ordinary and outer is None:
            findings.add(
                "lien.redirection",
                REDIRECT,
                f"Le lien passe par {target.registrable}, qui renvoie vers une autre adresse : "
                f"{address(inner).host or inner}.",
                CYBERMALVEILLANCE,
                evidence,
            )
        if outer is None:
            _link(
                Link(url=inner, text=link.text, found_in=link.found_in, raw=raw),
                context,
                findings,
                target,
            )
            if quiet:
                return
    _host_rules(link, target, context, findings, evidence, redirects=inner is not None)
    if inner is None or outer is not None:
        _text_rules(link, target, context, findings, evidence)


def _host_rules(
    link: Link,
    target: Address,
    context: Context,
    findings: Findings,
    evidence: Evidence,
    redirects: bool = False,
) -> None:
    host, reg = target.host, target.registrable
    index = context.index
    owner = index.owner(host)
    if target.userinfo:
        shown = target.userinfo.split(":")[0]
        pretends = index.owner(shown) or (index.named(shown) or [None])[0]
        findings.add(
            "lien.identifiant-dans-l-adresse",
            USERINFO_BRAND if pretends else USERINFO,
            f"Le lien commence par « {shown}@ », mais un navigateur ignore ce qui précède « @ » : "
            f"il mène en réalité à {host}.",
            CYBERMALVEILLANCE,
            evidence,
        )
    if domains.is_ip(host):
        findings.add(
            "lien.adresse-ip",
            IP_HOST if ipaddress.ip_address(host.strip("[]")).is_global else PRIVATE_IP_HOST,
            f"Le lien mène à une adresse IP ({host}) et non à un nom de domaine : "
            "les services sérieux n'envoient pas de tels liens.",
            CYBERMALVEILLANCE,
            evidence,
        )
        return
    if not host.isascii() or "xn--" in target.host_raw.lower():
        if mixed_scripts(host):
            findings.add(
                "lien.ecritures-melangees",
                MIXED_SCRIPTS,
                f"Le nom {host} mélange des alphabets (latin et cyrillique, par exemple) "
                "pour imiter un autre nom.",
                TR39,
                evidence,
            )
        elif owner is None:
            findings.add(
                "lien.nom-international",
                INTERNATIONAL,
                f"Le nom {host} contient des lettres hors de l'alphabet latin simple "
                f"(il s'écrit {punycode(host, target.host_raw)} en réalité).",
                TR39,
                evidence,
            )
    imitation = index.imitation(host, target.host_raw)
    if imitation is not None:
        brand = imitation.brand
        if imitation.kind == "sous-domaine":
            findings.add(
                "lien.faux-sous-domaine",
                FAKE_SUBDOMAIN,
                f"Le lien commence par {imitation.official} mais mène en réalité à {reg}, "
                f"qui n'appartient pas {brand.to} : {imitation.official} n'y est qu'un "
                "début d'adresse trompeur.",
                PSL,
                evidence,
            )
        elif imitation.kind == "sosie":
            findings.add(
                "lien.sosie-de-domaine",
                LOOKALIKE,
                f"Le lien mène à {reg}, qui imite {imitation.official} ({brand.name}) "
                f"sans lui appartenir.",
                brand.source or CYBERMALVEILLANCE,
                evidence,
            )
        elif not _sender_counts_it(reg, context):
            findings.add(
                "lien.marque-dans-le-domaine",
                BRAND_IN_DOMAIN,
                f"Le lien mène à {reg}, qui n'appartient pas {brand.to} ({imitation.official}).",
                brand.source or SEED,
                evidence,
            )
    if domains.is_shortener(host) and owner is None:
        findings.add(
            "lien.raccourci",
            SHORTENER,
            f"Le lien passe par un raccourcisseur d'adresse ({host}) qui cache sa vraie destination ; "
            "Hygie ne le suit pas.",
            CYBERMALVEILLANCE,
            evidence,
        )
    if is_user_page(target):
        document = DOCUMENT_ACTION.search(domains.fold(link.text or ""))
        findings.add(
            "lien.hebergement-gratuit",
            HOSTING_DOCUMENT if document else HOSTING,
            f"Le lien mène à une page hébergée gratuitement ({host}), "
            "où n'importe qui peut créer un faux site ou un formulaire en quelques minutes"
            + (
                f" ; il invite pourtant à « {link.text.strip()[:60]} », ce que font les "
                "fausses pages de partage de document ou de connexion."
                if document
                else "."
            ),
            CYBERMALVEILLANCE,
            evidence,
        )
    if EXECUTABLE_PATH.search(target.path.split("?", 1)[0].split("#", 1)[0] or "") and (
        owner is None
    ):
        findings.add(
            "lien.fichier-executable",
            EXECUTABLE,
            f"Le lien télécharge un programme ({target.path.split('?', 1)[0].rsplit('/', 1)[-1][:60]}) "
            f"depuis {reg} : un éditeur de logiciel fait passer ses mises à jour par le "
            "logiciel lui-même, pas par un lien dans un e-mail. Ne l'ouvrez pas.",
            CYBERMALVEILLANCE,
            evidence,
        )
    if owner is None and imitation is None and not domains.is_tracker(host):
        words = lure_words(reg)
        if words:
            document = DOCUMENT_ACTION.search(domains.fold(link.text or ""))
            findings.add(
                "lien.nom-trompeur",
                LURE_NAME_DOCUMENT if document else LURE_NAME,
                f"Le lien mène à {reg}, un nom fait de mots qui imitent un service "
                f"({', '.join(f'« {w} »' for w in words)}) sans être celui d'un service connu"
                + (
                    f", et invite à « {link.text.strip()[:60]} » : c'est la forme des fausses "
                    "pages de connexion ou de consultation de document."
                    if document
                    else "."
                ),
                CYBERMALVEILLANCE,
                evidence,
            )
    top = domains.tld(host)
    if owner is None and (top in domains.CHEAP_TLDS_STRONG or top in domains.CHEAP_TLDS_MODERATE):
        findings.add(
            "lien.extension-suspecte",
            CHEAP_TLD_STRONG if top in domains.CHEAP_TLDS_STRONG else CHEAP_TLD_MODERATE,
            f"Le lien mène à {reg}, en « .{top} », une extension bon marché très utilisée "
            "par les sites frauduleux.",
            CYBERMALVEILLANCE,
            evidence,
        )
    if owner is None and not redirects and not domains.is_tracker(host):
        named = _brand_domain_in(target.path, index)
        if named is not None:
            brand, shown = named
            findings.add(
                "lien.marque-dans-le-chemin",
                BRAND_IN_PATH,
                f"L'adresse du lien contient « {shown} », mais elle mène à {reg}, "
                f"qui n'appartient pas {brand.to}.",
                CYBERMALVEILLANCE,
                evidence,
            )
    if target.port and target.port not in ("80", "443"):
        findings.add(
            "lien.port-inhabituel",
            PORT,
            f"Le lien vers {host} passe par un port inhabituel ({target.port}).",
            CYBERMALVEILLANCE,
            evidence,
        )


def _text_rules(
    link: Link, target: Address, context: Context, findings: Findings, evidence: Evidence
) -> None:
    """The rspamd test: what the link shows against where it leads."""
    text = link.text.strip()
    if not text:
        return
    host, reg = target.host, target.registrable
    index = context.index
    through_tracker = domains.is_tracker(host)
    if through_tracker and context.authenticated:
        return
    if context.authenticated and reg == context.authenticated:
        return
    shown_links = _shown_address(text)
    if shown_links is not None:
        shown = shown_links.host
        if not shown or registrable(shown) == reg:
            return
        shown_owner = index.owner(shown)
        if shown_owner is not None and shown_owner is index.owner(host):
            return
        if through_tracker:
            weight = TRACKER_UNAUTHENTICATED
        elif shown_owner is not None:
            weight = TEXT_SHOWS_BRAND_DOMAIN
        else:
            weight = TEXT_SHOWS_DOMAIN
        whose = f" ({shown_owner.name})" if shown_owner is not None else ""
        findings.add(
            "lien.texte-trompeur",
            weight,
            f"Le lien affiche « {text} »{whose} mais mène en réalité à {reg}.",
            SEED,
            evidence,
            Evidence("texte", link.text),
        )
        return
    named = index.named(text)
    if not named or through_tracker:
        return
    owner = index.owner(host)
    if owner is not None or reg in NEUTRAL:
        return
    brand = named[0]
    findings.add(
        "lien.texte-trompeur",
        TEXT_NAMES_BRAND,
        f"Le lien « {text} » nomme {brand.name}, mais mène à {reg}, "
        f"qui n'appartient pas {brand.to} ({brand.main_domain}).",
        SEED,
        evidence,
        Evidence("texte", link.text),
    )


def _sender_counts_it(reg: str, context: Context) -> bool:
    """A link to the sender's own authenticated domain, whose name itself holds
    a brand's word: the sender rule (expediteur.marque-dans-le-domaine) counts
    that name once for the whole message."""
    if not context.authenticated or reg != context.authenticated:
        return False
    imitation = context.index.imitation(reg)
    return imitation is not None and imitation.kind == "marque"


def _shown_address(text: str) -> Address | None:
    """The address a link's text shows, when it shows one."""
    from hygie.phishing.reading import links_in

    found = links_in(text, limit=1)
    if not found:
        return None
    return address(found[0].url)


def _claims(message: Message, context: Context, findings: Findings) -> None:
    """A message that speaks for a brand, with links that lead elsewhere."""
    claimed = sender.claimed_brands(message, context.index)
    if claimed and message.channel == EMAIL and context.authenticated:
        # An authenticated sender that does not take a brand's name may write
        # about it (« faux e-mails Doctolib » in a warning's subject).
        named = sender._claims_in(message.sender_name, context.index)
        claimed = [brand for brand in claimed if brand in named]
    if not claimed:
        return
    index = context.index
    # The recipient's own domain, named in a notice about its account or its
    # mailbox (« votre abonnement (cabinet-exemple.fr) »): no lure sends there.
    own = sender.recipient_domains(message) if message.channel == EMAIL else []
    elsewhere: list[tuple[Link, str]] = []
    for link in message.links:
        target = address(link.url)
        inner = embedded_url(target)
        if inner is not None:
            target = address(inner)
        host = target.host
        if not host or target.scheme not in ("http", "https"):
            continue
        if message.channel == EMAIL and (is_defanged(link) or names_a_mailbox(link, message)):
            continue
        if any(brand.owns(host) for brand in claimed):
            continue
        if message.channel == EMAIL and (
            index.owner(host) is not None
            or target.registrable in NEUTRAL
            or domains.is_tracker(host)
            or domains.is_wrapper(host)
            or domains.is_state(host)
            or (context.authenticated and target.registrable == context.authenticated)
            or target.registrable in own
        ):
            continue
        if message.channel == SMS and _official_elsewhere(host, index):
            continue
        elsewhere.append((link, target.registrable))
    if not elsewhere:
        return
    brand = claimed[0]
    link, reg = elsewhere[0]
    evidence = [_where(item) for item, _reg in elsewhere[:MAX_EVIDENCE]]
    if message.channel == SMS:
        findings.add(
            "lien.sms-service",
            SMS_SERVICE,
            f"Le SMS parle au nom {brand.of} mais son lien mène à {reg}, "
            f"qui n'appartient pas {brand.to} ({brand.main_domain}).",
            brand.source or SEED,
            *evidence,
        )
    elif message.channel == EMAIL:
        findings.add(
            "lien.hors-marque",
            CLAIMED_ELSEWHERE,
            f"Le message se présente comme venant {brand.of}, mais son lien mène à {reg}, "
            f"qui n'appartient pas {brand.to} ({brand.main_domain}).",
            brand.source or SEED,
            *evidence,
        )


# What a shared document is called in a message.
SHARED_WORDS = re.compile(
    r"(?<![a-z])(?:partag\w*|documents?|fichiers?|dossiers?|photos?|ordonnances?|"
    r"comptes? rendus?|pdf|formulaires?|questionnaires?|drive|onedrive|sharepoint|"
    r"pieces? jointes?|resultats?|factures?|devis|contrats?|scann?\w*|protocoles?|"
    r"planning|telecharg\w*|shared?)(?![a-z])"
)
# A person's own mail that copies a sharing service's notice.
SHARING_NOTICE = re.compile(
    r"(?<![a-z])(?:a partage|vous a (?:partage|envoye) (?:un|des|le|les) (?:fichiers?|documents?|dossiers?)|"
    r"shared (?:a )?(?:file|document|folder)s? with you|has shared)(?![a-z])"
)
# Opening the document asks to sign in (« identifiez-vous avec votre adresse »).
SIGN_IN_TO_OPEN = re.compile(
    r"(?<![a-z])(?:(?:vous|t|s|se|me) (?:y )?(?:identifier|connecter|authentifier|logger)|"
    r"(?:identifiez|connectez|authentifiez|identifie|connecte) (?:vous|toi)|sign in|log in|login|"
    r"(?:saisi\w*|entre[rz]?|renseign\w*|tape[rz]?) (?:votre|vos|ton|tes) (?:adresse|identifiants?|"
    r"mot de passe|e ?mail|code)|"
    # « l'accès se fait avec votre adresse de messagerie professionnelle »
    r"(?:acces|authentification|connexion|identification|ouverture)\b[^.!?]{0,40}"
    r"\bavec (?:votre|vos|ton|tes) (?:adresse|identifiants?|mot de passe|compte) "
    r"(?:de messagerie|e ?mail|mail|professionnel\w*|habituel\w*|microsoft|office))(?![a-z])"
)
# A person's name, not a service's: no noreply address.
NO_REPLY = re.compile(r"^(?:no.?reply|ne.?pas.?repondre|notifications?|mailer.daemon|postmaster)\b")


def _shared_by_person(message: Message, context: Context, findings: Findings) -> None:
    """The stolen mailbox's lure: a person (not a service, not a colleague of
    the same organisation) whose only link leads to a shared document on a
    cloud drive, a transfer service or a page anyone can put up. A real
    colleague does this too, so the rule alone stays below « Suspect »; the
    signs of a stolen or throwaway mailbox add to it: a free webmail, the
    recipients hidden (sent to oneself), a person's mail copying a sharing
    service's notice, signing in to open the document. (A link said to expire
    is not one: professionals set their shares so.)"""
    host = sender.sender_host(message)
    if not host:
        return
    index = context.index
    webmail = domains.is_webmail(host)
    own = registrable(host)
    # Free webmail and MSSanté hold everyone's own mailbox: their domain says
    # nothing of who writes, nor of a shared organisation.
    shared_mailbox = webmail or own == "mssante.fr"
    name = domains.fold(message.sender_name or "")
    local = domains.fold(message.sender_address.rsplit("@", 1)[0])
    if (
        (index.owner(host) is not None and not shared_mailbox)
        or sender._claims_in(message.sender_name, index)
        or sender.SERVICE_WORDS.search(name)
        or sender.ORGANISATION_WORDS.search(name)
        or NO_REPLY.match(local)
        or message.headers.get("list-id")
        or domains.is_mailing_list(host)
    ):
        return
    recipients = sender.recipient_domains(message)
    if not shared_mailbox and own in recipients:
        return  # a colleague of the same organisation
    if any(not a.content_type.startswith("image/") for a in message.attachments):
        return
    shared: list[Link] = []
    for link in message.links:
        target = address(link.url)
        inner = embedded_url(target)
        if inner is not None and domains.is_wrapper(target.host):
            target = address(inner)
        if target.scheme in ("mailto", "tel") or not target.host:
            continue
        if is_defanged(link) or target.registrable in NEUTRAL:
            continue
        if not shared_mailbox and target.registrable == own:
            continue  # the signature's website
        if target.scheme in ("http", "https") and (
            domains.is_sharing(target.host) or is_user_page(target)
        ):
            shared.append(link)
            continue
        return  # another link: not a message whose only action is the document
    if not shared or len({address(link.url).host for link in shared}) > 2:
        return
    from hygie.phishing import wording

    # Apostrophes and hyphens read as spaces (« identifiez-vous »).
    text = wording.fold(f"{message.subject}\n{message.text[:4000]}").text
    shown = wording.fold(" ".join(link.text for link in shared)).text
    if not SHARED_WORDS.search(text) and not SHARED_WORDS.search(shown):
        return
    signs = []
    if webmail:
        signs.append(f"une messagerie gratuite ({own})")
    to = [v.lower() for v in message.headers.get("to", [])[:3]]
    if not to or any(
        message.sender_address.lower() in v
        or "undisclosed" in v
        or "non divulgue" in domains.fold(v)
        for v in to
    ):
        signs.append("des destinataires cachés (le message est adressé à son propre expéditeur)")
    if SHARING_NOTICE.search(text) and not sender.authentication(message).mailfrom.endswith(
        ("sharepointonline.com", "google.com", "dropbox.com", "wetransfer.com", "box.com")
    ):
        signs.append("la copie d'un avis de partage, écrite depuis une boîte personnelle")
    if SIGN_IN_TO_OPEN.search(text):
        signs.append("une identification demandée pour ouvrir le document")
    if not signs and sender.MEMBERS_BODY_WORDS.search(name):
        return  # a union or an association writing to one member, openly
    weight = min(SHARED_MOST, SHARED_BY_PERSON + SHARED_AGGRAVATING * len(signs))
    target = address(shared[0].url)
    findings.add(
        "lien.document-partage",
        weight,
        f"Le seul lien du message, envoyé par une personne, ouvre un document partagé sur "
        f"{target.registrable} : c'est la forme que prend une boîte mail piratée, qui envoie "
        "ce faux partage à tous ses contacts pour voler leurs mots de passe"
        + (f" ; s'y ajoutent {', '.join(signs)}." if signs else ".")
        + " Avant d'ouvrir, vérifiez auprès de l'expéditeur par un autre moyen (téléphone).",
        CYBERMALVEILLANCE,
        *[_where(link) for link in shared[:MAX_EVIDENCE]],
    )


def _official_elsewhere(host: str, index) -> bool:
    """An SMS link to another listed service's real site (an Assurance Maladie
    SMS sending to net-entreprises.fr) or to a State site under gouv.fr, which
    only administrations may hold: a partner, not an imitation."""
    if domains.is_hosting(host) or domains.is_shortener(host):
        return False
    return index.owner(host) is not None or host == "gouv.fr" or host.endswith(".gouv.fr")


# Helpers ------------------------------------------------------------------------


def names_a_mailbox(link: Link, message: Message) -> bool:
    """A bare domain name in the text (no scheme, no path) that is the domain
    of an e-mail address the message writes (« introuvable sur exemple.fr »
    beside « secretariat@exemple.fr »): it speaks of a mailbox, not of a page."""
    url = link.url.strip().lower()
    if link.text or "/" in url or ":" in url or "@" in url:
        return False
    reg = registrable(url)
    if not reg:
        return False
    return any(
        registrable(domain.lower()) == reg
        for domain in sender.EMAIL_IN_TEXT.findall(message.text[:20_000])
    )


def is_bare_name(link: Link) -> bool:
    """A bare domain name in the text, without scheme, path or anchor text
    (« exemple.fr »), as opposed to an address offered to visit."""
    raw = (link.raw or link.url).strip().lower()
    return (
        not link.text
        and link.found_in == "texte"
        and "/" not in raw
        and ":" not in raw
        and "@" not in raw
        and not raw.startswith("www.")
    )


def is_defanged(link: Link) -> bool:
    """Whether a link is written so that it cannot be clicked (« hxxp », « [.] »)."""
    raw = link.raw or link.url
    return raw != link.url and DEFANGED.search(raw) is not None


def is_user_page(target: Address) -> bool:
    """A page anyone can put up: free hosting, or a form or shared page on a
    big provider's domain (a form on docs.google.com)."""
    if not target.host:
        return False
    if domains.is_hosting(target.host):
        return True
    return FORM_PAGES.match(target.host + target.path) is not None


_EMBEDDED = re.compile(r"(?i)(?:https?|hxxps?)(?::|%3a)(?://|%2f%2f)[^\s&\"'<>]+")


def embedded_url(target: Address) -> str | None:
    """The one address a redirecting link carries (in its query or its path),
    decoded; None when it carries none, or several."""
    path = target.path
    if not path or ("http" not in path.lower() and "%3a" not in path.lower()):
        return None
    found: list[str] = []
    _, _, query = path.partition("?")
    for _key, value in parse_qsl(query.split("#", 1)[0], keep_blank_values=False):
        value = value.strip()
        for _ in range(2):
            if value.lower().startswith(("http%3a", "https%3a")):
                value = unquote(value)
        if value.lower().startswith(("http://", "https://")):
            found.append(value)
    if not found:
        match = _EMBEDDED.search(path)
        if match:
            value = unquote(match.group(0))
            # Proofpoint writes its links as __https://…__;
            found.append(value.split("__", 1)[0])
    unique = list(dict.fromkeys(found))
    return unique[0] if len(unique) == 1 else None


# Words that lure domains are made of (« secure-banque-fr.com », « suivi-colis24.top »).
LURE_WORDS = domains.names(
    """
    secure securite securise verification verif verify login connexion connect compte account
    client clients support paiement payment pay paie remboursement rembourse refund suivi
    tracking livraison delivery colis parcel frais amende amendes facture factures update maj
    miseajour assistance auth confirm confirmation validation valider renouvellement dossier
    reactivation activation deblocage suspension alerte alert identification identite banque
    bank espace portail service services labo resultats resultat analyses patient patients
    ordonnance retraite documents document partage fichier fichiers signature esign
    """
)


def lure_words(reg: str) -> list[str]:
    """The lure words of a registrable domain's name, when they make it up:
    two of them, or one with « fr » or « france » in a name that is not in .fr."""
    suffix = domains.public_suffix(reg)
    core = reg[: -len(suffix) - 1] if suffix and reg.endswith("." + suffix) else reg
    tokens = re.findall(r"[a-z]+", domains.fold(core))
    found = [t for t in tokens if t in LURE_WORDS]
    french = any(t in ("fr", "france") for t in tokens) and suffix != "fr"
    if len(found) >= 2 or (found and french):
        return found + [t for t in tokens if t in ("fr", "france")]
    return []


def mixed_scripts(host: str) -> bool:
    """Whether one label of the name mixes alphabets (Latin and Cyrillic…)."""
    for label in host.split("."):
        scripts = set()
        for char in label:
            if char.isalpha():
                try:
                    scripts.add(unicodedata.name(char).split()[0])
                except ValueError:
                    continue
        if len(scripts) > 1:
            return True
    return False


def punycode(host: str, host_raw: str) -> str:
    if "xn--" in host_raw.lower():
        return host_raw.lower()
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        return host_raw


def _brand_domain_in(path: str, index: BrandIndex) -> tuple[Brand, str] | None:
    """A brand's domain written in a link's path (`/ameli.fr/connexion`)."""
    if not path or len(path) < 5:
        return None
    compiled = index.__dict__.get("_path")
    if compiled is None:
        names = sorted((d for d in index.by_domain if len(d) >= 7), key=len, reverse=True)
        alternatives = "|".join(
            r"[.\-_]".join(re.escape(p) for p in re.split(r"[.\-]", name)) for name in names
        )
        pattern = re.compile(r"(?<![a-z0-9])(?:" + alternatives + r")(?![a-z0-9])")
        by_key = {re.sub(r"[.\-_]", "", name): index.by_domain[name] for name in names}
        compiled = index.__dict__["_path"] = (pattern, by_key)
    pattern, by_key = compiled
    match = pattern.search(domains.fold(unquote(path)))
    if not match:
        return None
    brand = by_key.get(re.sub(r"[.\-_]", "", match.group(0)))
    return (brand, match.group(0)) if brand is not None else None
