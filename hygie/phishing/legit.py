"""What makes a real message quiet: signals of the family « legitime », with
negative weights.

A real service's notification often reads like a lure (« votre compte »,
« sous 48 h », a code): what tells it apart is what a forger cannot do. The
receiving server checked that it comes from the service's own domain; it
comes through MSSanté, the health professionals' closed messaging; it is a
calendar invitation; an SMS gives a code and warns never to pass it on,
without a link. The other quieting (newsletters' click trackers, links to the
sender's own authenticated domain) is done by the link rules themselves,
which do not fire on them (hygie/phishing/links.py).
"""

from __future__ import annotations

import re

from hygie.phishing import sender
from hygie.phishing.analysis import EMAIL, SMS, Evidence, Message, Signal
from hygie.phishing.domains import address, brands, fold, registrable

FAMILY = "legitime"
# Characters of an SMS shown as the evidence of a quieting signal.
SENTENCE_EXCERPT = 160

AUTHENTICATED_SERVICE = -5.0  # legitime.service-authentifie
MSSANTE = -3.0  # legitime.messagerie-sante
CALENDAR = -2.0  # legitime.invitation
ONE_TIME_CODE = -2.0  # legitime.code-a-usage-unique
OFFICIAL_LINKS = -1.5  # legitime.liens-officiels
QUOTED_LURE = -3.5  # legitime.mise-en-garde
KNOWN_CHANNEL = -2.0  # legitime.canal-habituel
SMS_WARNING = -3.0  # legitime.alerte-prevention
DELIVERY_REPORT = -3.0  # legitime.rapport-de-remise
# What wording may weigh, at most, in a message that a vouching structure
# covers and that nothing but its wording makes suspect (legitime.mots-seuls).
WORDING_ONLY_CAP = 2.5
# The signals that vouch for a sender or a warning, for review_wording_only.
VOUCHING = ("legitime.service-authentifie", "legitime.mise-en-garde")

NEVER_SHARE = re.compile(
    r"ne (?:le|la|les|jamais le|le jamais)? ?(?:communiquez|partagez|transmettez|donnez|divulguez)"
    r"(?: jamais| a personne| pas| sous aucun pretexte)"
)
CODE = re.compile(r"(?<!\d)\d{4,8}(?!\d)")
# The channels a customer already knows, that a real alert sends to: the
# number on the back of the card, the official app, one's agency or adviser.
KNOWN_CHANNELS = re.compile(
    r"(?<![a-z])(?:(?:numero|telephone|n°) (?:qui figure |figurant |inscrit |indique )?"
    r"(?:au dos|au verso) de (?:votre|la|ta) carte"
    r"|(?:votre|l|ton|notre) (?:appli|application)(?![a-z])"
    r"|(?:appel\w*|contact\w*|rappel\w*|joign\w*|adressez vous a|rapprochez vous de|rendez vous (?:dans|a)) "
    r"(?:sans attendre |directement |rapidement |immediatement |des que possible )?"
    r"(?:votre|ton) (?:agence|conseill\w*))(?![a-z])"
)
# What would let a lure act without a link or a number: a reply, an
# announced call, an operation to validate.
LURE_ACTIONS = re.compile(
    r"(?<![a-z])(?:repond\w*|renvoy\w*|par retour|va vous (?:appeler|rappeler|contacter|joindre)|"
    r"vous (?:appellera|rappellera|contactera|joindra|appelle|rappelle)|gard\w* votre (?:telephone|portable)|"
    r"valid\w*|confirm\w*|communiqu\w* (?:le|ce|votre|vos) code\w*|whatsapp|telegram)(?![a-z])"
)
# A warning about fraudulent messages, and the advice that goes with it.
FRAUD_WARNING = re.compile(
    r"(?<![a-z])(?:(?:faux|fausses?) (?:sms|messages?|mails?|e mails?|courriels?|appels?|conseillers?|sites?)"
    r"|(?:sms|messages?|mails?|courriels?|appels?) (?:frauduleux|malveillants?|suspects?)"
    r"|tentatives? (?:d hameconnage|de fraude|d escroquerie)|hameconnage|arnaques?|escroquer\w*)(?![a-z])"
)
SAFETY_ADVICE = re.compile(
    r"(?<![a-z])(?:ne (?:cliquez|repondez|rappelez|communiquez|donnez|payez|transmettez|saisissez)"
    r" (?:pas|jamais|sur aucun)|(?:ne|n) (?:vous |te )?(?:contact\w*|demand\w*|appel\w*|envoi\w*|ecri\w*)"
    r"(?: \w+){0,4} jamais|ni [^.!?]{0,40} ne (?:vous )?(?:contact|demand|appel|envoi|ecri)\w*|"
    r"supprimez les|signalez les|33700|(?:prevenez|previens|avertissez|informez|alertez) "
    r"(?:vos|tes|les|votre|ton|autour)|(?:supprimez|ignorez|effacez|bloquez)(?: le| la| les| ce)?|"
    r"(?:dit|conseille|demande|recommande) de (?:le |la |les |l )?(?:supprimer|ignorer|effacer|bloquer))"
    r"(?![a-z])"
)


def check_legitimate(message: Message) -> list[Signal]:
    if message.channel == EMAIL:
        return _email(message)
    if message.channel == SMS:
        return _sms(message)
    return []


def _email(message: Message) -> list[Signal]:
    signals = []
    host = sender.sender_host(message)
    authenticated = sender.authenticated_domain(message)
    index = brands()
    owner = index.owner(host) if host else None
    who = Evidence("expéditeur", message.sender_address)
    # A real mailbox may be used by someone else (stolen, or a service sending
    # for a customer): it vouches for the sender, not for where it leads.
    vouched = not _borrowed(message, host, owner, index)
    # Every professional has a mailbox on MSSanté: it speaks for itself only
    # when it takes MSSanté's name (then the rule below does not apply).
    personal = registrable(host) == "mssante.fr" and owner not in sender.claimed_brands(
        message, index
    )
    if (
        vouched
        and not personal
        and owner is not None
        and authenticated
        and authenticated == registrable(host)
    ):
        signals.append(
            Signal(
                "legitime.service-authentifie",
                FAMILY,
                AUTHENTICATED_SERVICE,
                f"Le message vient bien de {authenticated} ({owner.name}) : le serveur qui l'a "
                "reçu l'a vérifié (DMARC). Un message authentique peut tout de même "
                "être inattendu : en cas de doute, passez par l'application ou le site officiel.",
                (who,),
                sender.RFC7489,
            )
        )
    elif (
        vouched
        and registrable(host) == "mssante.fr"
        and not sender.authentication(message).failed("dmarc")
    ):
        signals.append(
            Signal(
                "legitime.messagerie-sante",
                FAMILY,
                MSSANTE,
                f"Le message vient d'une messagerie sécurisée de santé ({host}), un espace "
                "de confiance réservé aux professionnels et établissements de santé.",
                (who,),
                "ans-mssante",
            )
        )
    calendar = next(
        (
            a
            for a in message.attachments
            if a.content_type == "text/calendar" or a.filename.lower().endswith(".ics")
        ),
        None,
    )
    if calendar is not None and not _meeting_link_elsewhere(message, index):
        signals.append(
            Signal(
                "legitime.invitation",
                FAMILY,
                CALENDAR,
                "Le message est une invitation d'agenda (iCalendar), comme en envoient les "
                "messageries pour une réunion ou un rendez-vous.",
                (Evidence("pièce jointe", calendar.filename or calendar.content_type),),
                "rfc5545",
            )
        )
    # A service sending for a customer who takes replies on free webmail
    # (« X via Docusign »): its links lead to the service, but what the
    # service shows there comes from that customer.
    official = _official_links(message) if vouched else None
    if official:
        signals.append(official)
    quoted = _quoted_lure(message, authenticated, index)
    if quoted:
        signals.append(quoted)
    report = _delivery_report(message, host, index)
    if report:
        signals.append(report)
    return signals


def _meeting_link_elsewhere(message: Message, index) -> bool:
    """An invitation whose link to join the meeting leads away from the
    service it names: the calendar part vouches for nothing then."""
    from hygie.phishing import links

    return links.meeting_elsewhere(message, index) is not None


def _delivery_report(message: Message, host: str, index) -> Signal | None:
    """A delivery report from the practice's own mail server (« message non
    remis »), whose links lead only to that domain or to a known service's
    help pages: its words (« adresse introuvable », « vérifiez l'adresse ») are
    the server's, about an e-mail address. The fake ones lead elsewhere or
    bring a page to open."""
    from hygie.phishing import domains, links

    if not sender.own_delivery_report(message):
        return None
    own = registrable(host)
    for link in message.links:
        target = address(link.url)
        inner = links.embedded_url(target)
        if inner is not None and domains.is_wrapper(target.host):
            target = address(inner)
        if target.scheme == "mailto" or not target.host or links.names_a_mailbox(link, message):
            continue
        if target.userinfo or target.scheme not in ("http", "https"):
            return None
        if target.registrable == own or index.owner(target.host) is not None:
            continue
        return None
    return Signal(
        "legitime.rapport-de-remise",
        FAMILY,
        DELIVERY_REPORT,
        f"Le message est un avis de non-remise écrit par votre propre serveur de messagerie "
        f"({own}) : un message que vous avez envoyé n'a pas pu être remis. Il ne demande "
        "rien d'autre que de vérifier l'adresse du destinataire.",
        (Evidence("en-têtes", message.headers.get("content-type", [""])[0][:80]),),
        "rfc3464",
    )


def _borrowed(message: Message, host: str, owner, index) -> bool:
    """Whether an authenticated sender is not speaking for itself: a free or
    shared mailbox (webmail, MSSanté) not named in the display name, replies
    sent to a free webmail, a customer's note in a real invoice or envelope that
    sends to another company's phone number, or a link that imitates a service or leads to a
    page anyone can put up."""
    from hygie.phishing import domains, links

    if not host:
        return False
    reg = registrable(host)
    if sender.relayed_callback(message, owner, index, Evidence("expéditeur", host)):
        return True
    if domains.is_webmail(host) and (
        owner is None or owner not in sender.claimed_brands(message, index)
    ):
        return True
    reply = message.reply_to.rsplit("@", 1)[-1].lower() if "@" in message.reply_to else ""
    if reply and registrable(reply) != reg and domains.is_webmail(reply):
        return True
    for link in message.links[:50]:
        if links.is_defanged(link):
            continue
        target = address(link.url)
        if not target.host or index.owner(target.host) is not None:
            continue
        if links.is_user_page(target) or index.imitation(target.host, target.host_raw):
            return True
    return False


# A subject that warns against fake messages, not one that raises an alarm
# about an account (« Faux e-mails Doctolib : ne cliquez pas », « Arnaque
# aux faux conseillers »).
WARNING_SUBJECT = re.compile(
    r"(?<![a-z])(?:faux|fausses?) (?:e ?mails?|mails?|courriels?|sms|messages?|sites?|appels?|"
    r"conseillers?|techniciens?|factures?|pages?|liens?|notifications?)|(?<![a-z])(?:arnaques?|"
    r"escroquer\w*|hameconnage|phishing|smishing|tentatives? d hameconnage|campagnes? (?:de|d) "
    r"(?:faux|hameconnage|phishing|arnaques?))(?![a-z])"
)
WARNED = -2.0  # legitime.mise-en-garde, a warning by its subject, without a quoted address


def _quoted_lure(message: Message, authenticated: str, index) -> Signal | None:
    """A warning from an authenticated organisation that quotes a lure's
    address written so that it cannot be clicked (« hxxp », « [.] »), as
    security alerts do, or whose subject warns against fake messages; its
    clickable links lead nowhere suspicious."""
    from hygie.phishing import domains, links

    if not authenticated or domains.is_webmail(authenticated):
        return None
    quoted = [link for link in message.links if links.is_defanged(link)]
    if not quoted:
        subject = fold(message.subject or "")
        warned = WARNING_SUBJECT.search(subject)
        if warned is None or not _links_stay_safe(message, authenticated, index):
            return None
        return Signal(
            "legitime.mise-en-garde",
            FAMILY,
            WARNED,
            f"Le message, authentifié comme venant de {authenticated}, met en garde contre "
            "de faux messages et ne mène qu'à des sites connus : ses mots décrivent "
            "l'arnaque pour la faire reconnaître.",
            (Evidence("objet", message.subject),),
            "cybermalveillance-hameconnage",
        )
    for link in message.links:
        if link in quoted:
            continue
        target = address(link.url)
        if not target.host or target.userinfo or domains.is_ip(target.host):
            return None
        if index.owner(target.host) is not None or target.registrable == authenticated:
            continue
        if (
            links.is_user_page(target)
            or domains.is_shortener(target.host)
            or index.imitation(target.host, target.host_raw)
        ):
            return None
    return Signal(
        "legitime.mise-en-garde",
        FAMILY,
        QUOTED_LURE,
        f"Le message, authentifié comme venant de {authenticated}, cite des adresses "
        "écrites de façon à ne pas pouvoir être cliquées (« hxxp », « [.] ») : c'est "
        "ainsi que les alertes de sécurité montrent l'adresse d'un faux site. N'y allez pas.",
        tuple(Evidence("lien", link.raw or link.url) for link in quoted[:5]),
        "cybermalveillance-hameconnage",
    )


def _links_stay_safe(message: Message, authenticated: str, index) -> bool:
    """Every clickable link leads to the sender's own domain, a listed
    service's or the State's, unwrapped from a mail system's protection."""
    from hygie.phishing import domains, links

    for link in message.links:
        target = address(link.url)
        inner = links.embedded_url(target)
        if inner is not None and domains.is_wrapper(target.host):
            target = address(inner)
        if target.scheme == "mailto":
            continue
        if not target.host or target.userinfo or domains.is_ip(target.host):
            return False
        if links.is_user_page(target) or domains.is_shortener(target.host):
            return False
        if (
            target.registrable == authenticated
            or index.owner(target.host) is not None
            or domains.is_state(target.host)
        ):
            continue
        return False
    return True


def _sms(message: Message) -> list[Signal]:
    signals = []
    folded = fold(message.text)
    if not message.links and CODE.search(message.text) and NEVER_SHARE.search(folded):
        match = CODE.search(message.text)
        signals.append(
            Signal(
                "legitime.code-a-usage-unique",
                FAMILY,
                ONE_TIME_CODE,
                "Le SMS donne un code et rappelle de ne jamais le communiquer, sans lien à "
                "suivre : c'est la forme des vrais codes de confirmation. Ne le donnez à "
                "personne, même à quelqu'un qui se dit de votre banque.",
                (Evidence("texte", match.group(0)),),
                "cybermalveillance-hameconnage",
            )
        )
    official = _official_links(message)
    if official:
        signals.append(official)
    known = _known_channel(message, folded)
    if known:
        signals.append(known)
    warning = _sms_warning(message, folded)
    if warning:
        signals.append(warning)
    return signals


def _known_channel(message: Message, folded: str) -> Signal | None:
    """An alert that sends to the number on the back of the card, the official
    app or one's agency, and gives no link, no number and nothing to reply:
    a lure needs one of them to reach its victim."""
    if message.links or sender.FULL_NUMBER.search(folded):
        return None
    found = KNOWN_CHANNELS.search(folded)
    if found is None or LURE_ACTIONS.search(folded):
        return None
    return Signal(
        "legitime.canal-habituel",
        FAMILY,
        KNOWN_CHANNEL,
        "Le SMS renvoie vers un moyen que vous connaissez déjà (le numéro au dos de la "
        "carte, l'application officielle, votre agence), sans lien, sans numéro à appeler "
        "et sans rien demander en réponse : c'est la forme des vraies alertes. Passez bien "
        "par ce moyen, trouvé vous-même.",
        (Evidence("texte", message.text[:SENTENCE_EXCERPT]),),
        "cybermalveillance-faux-conseiller",
    )


def _sms_warning(message: Message, folded: str) -> Signal | None:
    """A prevention SMS that warns against fraudulent messages, perhaps quoting
    one, with advice, and offers no number, no reply and no link but to official
    sites. What it quotes in « » or quotes, introduced as a message received,
    is the lure's: its words and its link are left out of this reading."""
    from hygie.phishing import domains, links

    spans = lure_spans(message)
    if spans:
        folded = fold(blank_spans(message.text, spans))
    # « Ne répondez pas », « ne confirmez jamais » are advice, not actions asked.
    asked = SAFETY_ADVICE.sub(" ", folded)
    if sender.FULL_NUMBER.search(folded) or LURE_ACTIONS.search(asked):
        return None
    if not FRAUD_WARNING.search(folded) or not SAFETY_ADVICE.search(folded):
        return None
    index = brands()
    for link in unquoted_links(message, spans):
        target = address(link.url)
        host = target.host
        if not host or target.userinfo:
            return None
        if links.is_user_page(target) or domains.is_shortener(host):
            return None
        if index.owner(host) is None and not domains.is_state(host):
            return None
    return Signal(
        "legitime.alerte-prevention",
        FAMILY,
        SMS_WARNING,
        "Le SMS met en garde contre des messages frauduleux et donne des conseils de "
        "prudence, sans numéro à appeler, sans rien demander en réponse et sans lien "
        "autre qu'officiel : c'est la forme des messages de prévention.",
        (Evidence("texte", message.text[:SENTENCE_EXCERPT]),),
        "cybermalveillance-hameconnage",
    )


# A quotation in an SMS: between « », “ ” or straight quotes, long enough to be
# a message (a bare address in quotes is not one).
QUOTATION = re.compile(r"«([^«»]{12,400})»|“([^“”]{12,400})”|\"([^\"]{12,400})\"")
# What introduces a quoted lure: the kind of message it was, just before.
QUOTED_MESSAGE = re.compile(
    r"(?<![a-z])(?:sms|textos?|messages?|mails?|e mails?|courriels?|notifications?|appels?|"
    r"disant|qui dit|du type|du genre|comme|intitule|rec\w*|montre\w*|transf\w*|transmis|"
    r"fait suivre|circul\w*)(?![a-z])"
)
# Words of a quotation, at least, for it to be a message rather than a name.
QUOTED_WORDS = 4
# Characters around a quotation where it must be called a fraud.
QUOTED_REACH = 100


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """The positions of the quotations of `text` introduced as messages
    received (« un SMS « … » », « un message disant "…" »)."""
    spans = []
    for match in QUOTATION.finditer(text):
        inner = next(group for group in match.groups() if group is not None)
        if len(re.findall(r"[^\W\d_]{2,}", inner)) < QUOTED_WORDS:
            continue
        before = fold(text[max(0, match.start() - 60) : match.start()]).replace("-", " ")
        if QUOTED_MESSAGE.search(before) is None:
            continue
        # The quotation is called a fraud next to it (« de faux SMS « … » »,
        # « … ». C'est une arnaque »), not merely set in a warning's margin.
        around = fold(
            text[max(0, match.start() - QUOTED_REACH) : match.start()]
            + " "
            + text[match.end() : match.end() + QUOTED_REACH]
        ).replace("-", " ")
        if FRAUD_WARNING.search(around) is None:
            continue
        spans.append((match.start(), match.end()))
    return spans


# A link that a warning says fake messages lead to (« de faux SMS qui renvoient
# vers x.com »): a lure does not call its own link the fake one.
DESCRIBED_LINK = re.compile(
    r"(?<![a-z])(?:renvoi\w*|renvoy\w*|menent|mene|redirig\w*|pointent|pointe|dirig\w*|"
    r"contenant|contiennent|avec) (?:vers |a |sur |sur le site |le lien |l adresse |le site )?"
    r"(?:le site |l adresse |la page |le lien |un lien |un site )?\W*$"
)


def lure_spans(message: Message) -> list[tuple[int, int]]:
    """What a prevention SMS shows of the lure it warns against: its quotations
    introduced as messages received, and the links it says fake messages
    lead to, right after calling them a fraud."""
    spans = quoted_spans(message.text)
    for link in message.links:
        raw = link.raw or link.url
        where = message.text.find(raw)
        if where == -1 or any(start <= where < end for start, end in spans):
            continue
        before = fold(message.text[max(0, where - QUOTED_REACH) : where]).replace("-", " ")
        if DESCRIBED_LINK.search(before) and FRAUD_WARNING.search(before):
            spans.append((where, where + len(raw)))
    return sorted(spans)


def blank_spans(text: str, spans: list[tuple[int, int]]) -> str:
    """`text` with the given spans replaced by spaces, to the same length."""
    for start, end in spans:
        text = text[:start] + " " * (end - start) + text[end:]
    return text


def unquoted_links(message: Message, spans: list[tuple[int, int]]) -> list:
    """The message's links that do not lie inside one of the quotations."""
    if not spans:
        return list(message.links)
    kept = []
    for link in message.links:
        raw = link.raw or link.url
        where = message.text.find(raw)
        if where != -1 and any(start <= where < end for start, end in spans):
            continue
        kept.append(link)
    return kept


def review_quoted_warning(message: Message, signals: list[Signal]) -> list[Signal]:
    """A prevention SMS (legitime.alerte-prevention) that quotes the lure it
    warns against: the quoted link, brand and words are the lure's, not the
    message's. The message then weighs what it says outside the quotation,
    read again without it; the difference is this signal."""
    from hygie.phishing import analysis

    if message.channel != SMS or not any(s.rule == "legitime.alerte-prevention" for s in signals):
        return []
    spans = lure_spans(message)
    if not spans:
        return []
    outside = Message(
        SMS,
        id=message.id,
        sender_name=message.sender_name,
        sender_address=message.sender_address,
        text=blank_spans(message.text, spans),
        links=unquoted_links(message, spans),
    )
    remaining = max(
        0.0, sum(signal.weight for check in analysis.checks() for signal in check(outside))
    )
    current = sum(signal.weight for signal in signals)
    if remaining >= current:
        return []
    start, end = spans[0]
    return [
        Signal(
            "legitime.mise-en-garde",
            FAMILY,
            round(remaining - current, 1),
            "Le SMS met en garde contre une arnaque qu'il cite entre guillemets : le lien, "
            "le nom d'organisme et les mots de la citation sont ceux du faux message, pas "
            "les siens. Ne suivez pas le lien cité.",
            (Evidence("texte", message.text[start:end][:SENTENCE_EXCERPT]),),
            "cybermalveillance-hameconnage",
        )
    ]


def _official_links(message: Message) -> Signal | None:
    """Every link leads to a domain of the brand the message speaks for."""
    if not message.links:
        return None
    claimed = sender.claimed_brands(message)
    if not claimed:
        return None
    for link in message.links:
        target = address(link.url)
        if target.userinfo or not target.host or (link.raw != link.url and "[" in link.raw):
            return None
        if not any(brand.owns(target.host) for brand in claimed):
            return None
        if link.text and not _text_matches(link.text, claimed):
            return None
    brand = claimed[0]
    return Signal(
        "legitime.liens-officiels",
        FAMILY,
        OFFICIAL_LINKS,
        f"Tous les liens du message mènent au site officiel {brand.of} ({brand.main_domain}).",
        tuple(Evidence("lien", link.raw or link.url) for link in message.links[:5]),
        brand.source or "sites-officiels-services",
    )


def _text_matches(text: str, claimed: list) -> bool:
    """A link's text shows no address other than the claimed brand's."""
    from hygie.phishing.reading import links_in

    shown = links_in(text, limit=1)
    if not shown:
        return True
    host = address(shown[0].url).host
    return any(brand.owns(host) for brand in claimed)


def review_wording_only(message: Message, signals: list[Signal]) -> list[Signal]:
    """A real service authenticated on its own domain whose links all stay on
    its own sites, or a warning that quotes a lure without letting it be
    clicked: only its words could make it suspect, and those of a payment
    reminder or of a warning describing a lure are the lure's words. They
    then count for WORDING_ONLY_CAP at most. Any other signal (a link, the
    sender, an attachment) or a number to call keeps them whole."""
    if message.channel != EMAIL:
        return []
    vouchers = [s for s in signals if s.rule in VOUCHING]
    if not vouchers:
        return []
    # A warning that quotes a lure's address unclickable speaks of the lure
    # (its delays, its payment, the number the warning gives is the sender's).
    quoting = next(
        (s for s in vouchers if s.rule == "legitime.mise-en-garde" and s.weight == QUOTED_LURE),
        None,
    )
    vouching = quoting or vouchers[0]
    wording = 0.0
    for signal in signals:
        if signal.weight <= 0:
            continue
        if signal.family != "contenu":
            return []
        wording += signal.weight
    if wording <= WORDING_ONLY_CAP:
        return []
    if quoting is None and sender.CALL_NUMBER.search(
        fold(f"{message.subject}\n{message.text[:20_000]}")
    ):
        return []
    if vouching.rule == "legitime.service-authentifie" and not _links_stay_home(message):
        return []
    if vouching.rule == "legitime.service-authentifie":
        why = (
            f"Le message vient bien de {sender.authenticated_domain(message)} (vérifié) et "
            "tous ses liens restent sur les sites de ce service"
        )
    else:
        why = (
            "Le message est une mise en garde authentifiée qui cite une arnaque sans lien cliquable"
        )
    return [
        Signal(
            "legitime.mots-seuls",
            FAMILY,
            round(WORDING_ONLY_CAP - wording, 1),
            f"{why} : ses tournures (délai, paiement, compte…) ne suffisent pas, seules, "
            "à le rendre suspect. En cas de doute, passez par l'application ou le site "
            "officiel, tapé à la main.",
            vouching.evidence,
            vouching.source,
        )
    ]


def _links_stay_home(message: Message) -> bool:
    """Every link leads to the authenticated sender's own domain or to its
    brand's, unwrapped from a mail system's protection; none to a page anyone
    can put up there."""
    from hygie.phishing import domains, links

    host = sender.sender_host(message)
    own = registrable(host)
    owner = brands().owner(host) if host else None
    recipients = sender.recipient_domains(message)
    for link in message.links:
        target = address(link.url)
        inner = links.embedded_url(target)
        if inner is not None and domains.is_wrapper(target.host):
            target = address(inner)
        if target.scheme == "mailto" or links.names_a_mailbox(link, message):
            continue
        if not link.text and target.registrable in recipients and "/" not in link.url:
            continue  # the recipient's own domain, named (« votre domaine exemple.fr »)
        if not target.host or target.userinfo or target.scheme not in ("http", "https"):
            return False
        if links.is_user_page(target):
            return False
        if target.registrable == own or (owner is not None and owner.owns(target.host)):
            continue
        return False
    return True
