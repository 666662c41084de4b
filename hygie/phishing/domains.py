"""Domain names: registrable domains, the brands of the content library,
imitations of their domains, and the lists of known infrastructure.

The registrable domain of a name (`mail.impots.gouv.fr` → `impots.gouv.fr`,
`impots.gouv.fr.remboursement-secure.com` → `remboursement-secure.com`) comes
from the Public Suffix List bundled in the `publicsuffixlist` package, read
from disk once: nothing is ever downloaded.

The brands (collection `message_brands`, hygie/content/library/
message_brands.yaml) are compiled once per load of the library into a
`BrandIndex`: their domains, the words that name them in a text and in a
domain name, and the skeletons of their domains for the look-alike test.
"""

from __future__ import annotations

import contextlib
import fnmatch
import ipaddress
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

from publicsuffixlist import PublicSuffixList

from hygie.lib.confusables import skeleton


def names(text: str) -> frozenset[str]:
    """A set of names written one after the other, separated by spaces."""
    return frozenset(text.split())


# Free webmail: anyone can open an address there, under any display name.
WEBMAIL = names(
    """
    gmail.com googlemail.com outlook.com outlook.fr hotmail.com hotmail.fr live.com live.fr
    msn.com yahoo.com yahoo.fr ymail.com aol.com aol.fr icloud.com me.com mac.com
    orange.fr wanadoo.fr free.fr sfr.fr neuf.fr cegetel.net club-internet.fr laposte.net
    bbox.fr numericable.fr noos.fr aliceadsl.fr libertysurf.fr gmx.fr gmx.com gmx.net
    gmx.de web.de proton.me protonmail.com pm.me tutanota.com tuta.io yandex.com
    yandex.ru mail.ru mail.com zoho.com
    """
)

# Discussion lists: they send their members' messages under their own domain
# (« Dr X via Groupe Y »), with the author in Reply-To.
MAILING_LISTS = names(
    """
    googlegroups.com groups.io framalistes.org freelists.org simplelists.com
    groupes.renater.fr listes.services.cnrs.fr
    """
)

# URL shorteners: the real target is hidden, and never resolved here.
SHORTENERS = names(
    """
    bit.ly bitly.com tinyurl.com t.co goo.gl ow.ly is.gd buff.ly rebrand.ly cutt.ly
    shorturl.at t.ly rb.gy tiny.cc s.id v.gd x.co bit.do shorte.st adf.ly qrco.de
    u.to clck.ru cli.re snip.ly lc.cx tr.im kutt.it gg.gg urlr.me tny.im tiny.one
    n9.cl shorturl.asia short.gy bl.ink l.ead.me 2u.pw t2m.io shrtco.de urlz.fr
    ouo.io zpr.io ln.run lnk.to linktr.ee me-qr.com qr.io
    """
)

# Click-tracking domains of e-mail service providers: a newsletter's links go
# through them, whatever the link shows. A leading "*" stands for any start.
TRACKERS = names(
    "sendibt1.com sendibt2.com sendibt3.com sendibt4.com sendibm1.com sendibm2.com"
    " sendibm3.com sendibm4.com sendinblue.com brevo.com sp1-brevo.net sp2-brevo.net"
    " list-manage.com mailchi.mp mcsv.net mailchimp.com mcusercontent.com mjt.lu"
    " mailjet.com sarbacane.com sarbacane.net sbc*.com sendgrid.net sendgrid.com"
    " mailgun.org mailgun.net awstrack.me hubspotlinks.com hubspotemail.net"
    " hs-sites.com hubspot.com exacttarget.com createsend.com createsend1.com cmail*.com"
    " rs6.net klaviyo.com klclick.com klclick1.com klclick2.com klclick3.com mlsend.com"
    " mailerlite.com sendpulse.com slgnt.eu dolist.net splio.com cabestan.com"
    " actito.be actito.com emsecure.net mkt*.com mktomail.com mailinblack.com"
    " campaign-archive.com e-i.com emailing.com cm-trk.com trk.klclick.com"
    " mandrillapp.com sparkpostmail.com spgo.io pardot.com salesforce.com"
    " substack.com convertkit-mail.com ck.page"
    " en25.com eloqua.com acemlna.com acemlnb.com acemlnc.com acemlnd.com activehosted.com"
    " ccsend.com pstmrk.it maillist-manage.com maillist-manage.eu beehiiv.com"
)

# Links rewritten by a mail system's protection, that carry the real target.
WRAPPERS = names(
    """
    safelinks.protection.outlook.com urldefense.com urldefense.proofpoint.com
    linkprotect.cudasvc.com protect-eu.mimecast.com protect-us.mimecast.com
    secure-web.cisco.com clicktime.symantec.com
    """
)

# Free hosting and site builders where lures are put up in minutes.
HOSTING = names(
    """
    000webhostapp.com weebly.com weeblysite.com wixsite.com wixstudio.io firebaseapp.com
    web.app pages.dev workers.dev netlify.app vercel.app github.io glitch.me
    godaddysites.com square.site ipfs.io dweb.link r2.dev blogspot.com appspot.com
    azurewebsites.net blob.core.windows.net web.core.windows.net herokuapp.com
    onrender.com replit.app repl.co surge.sh webflow.io jimdosite.com yolasite.com
    mystrikingly.com carrd.co notion.site framer.app ngrok.io ngrok-free.app
    trycloudflare.com duckdns.org ddns.net hopto.org zapto.org sytes.net myftp.org
    sites.google.com storage.googleapis.com firebasestorage.googleapis.com forms.gle
    s3.amazonaws.com translate.goog
    """
)

# Where people share documents: cloud drives, transfer and shared-document
# services. A real colleague uses them too; a stolen mailbox sends their links
# to every contact (« voici le document partagé »), and a stranger's SMS sends
# « my results » or « my CV » there. Photo albums are left out: relatives
# share them, and they ask for no sign-in.
SHARING = names(
    """
    sharepoint.com onedrive.live.com 1drv.ms onedrive.com docs.google.com drive.google.com
    forms.gle dropbox.com db.tt dropboxusercontent.com dl.dropboxusercontent.com
    wetransfer.com we.tl box.com app.box.com swisstransfer.com fromsmash.com
    transfernow.net filemail.com mega.nz mega.io docsend.com canva.com acrobat.adobe.com
    express.adobe.com quip.com pcloud.com kdrive.infomaniak.com grosfichiers.com
    filetransfer.io mediafire.com
    """
)

# Top-level domains that lures favour: cheap, new, little checked. Strong:
# almost only lures in French messages; moderate: also some real sites.
CHEAP_TLDS_STRONG = names(
    """
    top xyz icu cfd sbs buzz bond rest cyou monster quest lol mom beauty hair skin
    makeup autos boats homes yachts tk ml ga cf gq pw su win bid loan men date racing
    review stream download xin kim gdn casa click link cam zip mov
    """
)
CHEAP_TLDS_MODERATE = names(
    """
    info live shop online site club vip cc store support help work fun space website
    host uno best life world today pics digital ws biz
    """
)

# Public suffixes reserved to the State (the registry's charter for gouv.fr).
STATE_SUFFIXES = names("gouv.fr")

# First labels of official domains that are ordinary words: not taken as
# naming their brand inside another domain (info.gouv.fr, office.com).
COMMON_LABELS = names(
    "info mail web www portail office finances economie sante esante gouvernement justice"
)

# Words before a brand's name that make it a place (« pharmacie-de-la-poste.fr »).
PLACE_WORDS = ("de", "du", "des", "rue", "place", "avenue", "quai", "pharmacie")

SEPARATORS = re.compile(r"[\s\-'._]+")

_PSL: PublicSuffixList | None = None


def psl() -> PublicSuffixList:
    global _PSL
    if _PSL is None:
        _PSL = PublicSuffixList()  # the list bundled with the package
    return _PSL


def is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True


@lru_cache(maxsize=8192)
def registrable(host: str) -> str:
    """The domain someone registered: `a.b.ameli.fr` → `ameli.fr`. An IP
    address, or a name made only of a public suffix, is returned as it is."""
    host = host.lower().strip(".")
    if not host or is_ip(host):
        return host
    try:
        found = psl().privatesuffix(host)
    except (UnicodeError, ValueError):
        found = None
    return found or host


@lru_cache(maxsize=8192)
def public_suffix(host: str) -> str:
    host = host.lower().strip(".")
    if not host or is_ip(host):
        return ""
    try:
        return psl().publicsuffix(host) or ""
    except (UnicodeError, ValueError):
        return ""


def tld(host: str) -> str:
    return host.rstrip(".").rsplit(".", 1)[-1].lower()


def _globs(patterns: frozenset[str]) -> re.Pattern | None:
    """The names of a list with a "*" in them, as one regular expression."""
    wild = sorted(p for p in patterns if "*" in p)
    if not wild:
        return None
    return re.compile("|".join(fnmatch.translate(p) for p in wild))


@lru_cache(maxsize=64)
def _compiled_globs(patterns: frozenset[str]) -> re.Pattern | None:
    return _globs(patterns)


@lru_cache(maxsize=8192)
def _matches(patterns: frozenset[str], host: str) -> bool:
    """Whether the host is, or is under, one of the names (a "*" in a name
    stands for any start of its first label: `cmail*.com`)."""
    host = host.lower()
    parts = host.split(".")
    for i in range(len(parts) - 1):
        if ".".join(parts[i:]) in patterns:
            return True
    wild = _compiled_globs(patterns)
    return wild is not None and wild.match(registrable(host)) is not None


def is_state(host: str) -> bool:
    """Whether a host is under a public suffix only the State may register in
    (gouv.fr): its name imitates nothing, whatever words it holds."""
    host = host.lower().strip(".")
    return any(host == s or host.endswith("." + s) for s in STATE_SUFFIXES)


def is_webmail(host: str) -> bool:
    return registrable(host) in WEBMAIL


def is_mailing_list(host: str) -> bool:
    return _matches(MAILING_LISTS, host)


def is_shortener(host: str) -> bool:
    return host.lower().removeprefix("www.") in SHORTENERS or registrable(host) in SHORTENERS


def is_tracker(host: str) -> bool:
    return _matches(TRACKERS, host)


def is_wrapper(host: str) -> bool:
    return _matches(WRAPPERS, host)


def is_hosting(host: str) -> bool:
    return _matches(HOSTING, host)


def is_sharing(host: str) -> bool:
    return _matches(SHARING, host)


# Parsing a URL as written ------------------------------------------------------


@dataclass(frozen=True)
class Address:
    """The parts of a link's target that the rules look at.

    `host_raw` is the host as written (case and punycode kept), `host` its
    lower-case Unicode form, `registrable` its registrable domain.
    """

    url: str
    scheme: str = ""
    userinfo: str = ""
    host_raw: str = ""
    host: str = ""
    port: str = ""
    path: str = ""  # path, query and fragment

    @property
    def registrable(self) -> str:
        return registrable(self.host)


_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def _unicode_host(host: str) -> str:
    host = host.lower().strip(".")
    if "xn--" not in host:
        return host
    labels = []
    for label in host.split("."):
        if label.startswith("xn--"):
            with contextlib.suppress(UnicodeError, ValueError):
                label = label.encode("ascii").decode("idna")
        labels.append(label)
    return ".".join(labels)


@lru_cache(maxsize=4096)
def address(url: str) -> Address:
    """Split a link as a browser would read it, without ever failing."""
    text = url.strip().replace("\\", "/")
    if not _SCHEME.match(text) or text.lower().startswith(("www.", "localhost:")):
        text = "http://" + text.lstrip("/")
    elif not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*://", text):
        scheme = text.split(":", 1)[0].lower()
        if scheme in ("http", "https"):  # « http:evil.com »
            text = scheme + "://" + text.split(":", 1)[1].lstrip("/")
        else:  # mailto:, tel:, data:…
            return Address(url=url, scheme=scheme, path=text.split(":", 1)[1])
    try:
        parts = urlsplit(text)
        netloc = parts.netloc
    except ValueError:
        return Address(url=url)
    userinfo, _, hostport = netloc.rpartition("@")
    host_raw, port = hostport, ""
    if hostport.startswith("["):
        host_raw, _, rest = hostport[1:].partition("]")
        port = rest.removeprefix(":")
    elif hostport.count(":") == 1:
        host_raw, port = hostport.split(":")
    host_raw = host_raw.strip().rstrip(".")
    path = text[text.find(netloc) + len(netloc) :] if netloc else ""
    return Address(
        url=url,
        scheme=parts.scheme.lower(),
        userinfo=userinfo,
        host_raw=host_raw,
        host=_unicode_host(host_raw),
        port=port,
        path=path,
    )


# Text folding, position for position ----------------------------------------------


def _fold_char(c: str) -> str:
    if c in "’‘ʼ`´":
        return "'"
    base = unicodedata.normalize("NFD", c)[0].lower()
    return base if len(base) == 1 else c


# Latin letters with accents, and apostrophes, folded to a single character, so
# that a match in the folded text has the same position in the original one.
_FOLD = {i: _fold_char(chr(i)) for i in range(0x80, 0x250)} | {ord(c): "'" for c in "’‘ʼ`´"}


def fold(text: str) -> str:
    """Lower case without accents, one character for one: « Crédit » → « credit »."""
    if text.isascii():
        return text.lower()
    folded = text.translate(_FOLD)
    lowered = folded.lower()
    if len(lowered) == len(folded):
        return lowered
    # str.lower() lengthens a few characters (« İ »): keep those as they are.
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in folded)


def domain_skeleton(text: str) -> str:
    """What a domain's label looks like: confusable skeleton, hyphens dropped."""
    return skeleton(text).replace("vv", "w")


# Brands ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Brand:
    id: str
    name: str
    with_article: str
    domains: tuple[str, ...]
    lookalikes: bool = True
    source: str = ""
    # Names of the brand's own pages on a domain shared with others
    # (account.live.com, where live.com is also free webmail).
    hosts: tuple[str, ...] = ()
    # A public service: the State, its agencies and the social protection
    # bodies, which send for one another (an ARS writes about ameli.fr).
    public: bool = False

    @property
    def main_domain(self) -> str:
        return next((d for d in self.domains if "*" not in d), self.domains[0])

    @property
    def to(self) -> str:
        """« à l'Assurance Maladie », « au Crédit Agricole »."""
        return _with_preposition("à", self.with_article)

    @property
    def of(self) -> str:
        """« de l'Assurance Maladie », « du Crédit Agricole »."""
        return _with_preposition("de", self.with_article)

    def owns(self, host: str) -> bool:
        reg = registrable(host)
        if any(reg == d or ("*" in d and fnmatch.fnmatchcase(reg, d)) for d in self.domains):
            return True
        return bool(self.hosts) and _under(host.lower().strip("."), self.hosts)


def _under(host: str, names) -> str:
    """The name of the list the host is, or is under, else ""."""
    parts = host.split(".")
    for i in range(len(parts) - 1):
        if ".".join(parts[i:]) in names:
            return ".".join(parts[i:])
    return ""


def _with_preposition(preposition: str, named: str) -> str:
    if named.startswith("le "):
        return ("au " if preposition == "à" else "du ") + named[3:]
    if named.startswith("les "):
        return ("aux " if preposition == "à" else "des ") + named[4:]
    if preposition == "de" and named[:1].lower() in "aeiouhéèêâîôû":
        return "d'" + named
    return f"{preposition} {named}"


@dataclass(frozen=True)
class Imitation:
    """A domain that imitates a brand's: how (`kind`), whose, and which of its
    domains (`official`)."""

    kind: str  # "sosie" (look-alike), "sous-domaine" (official name in front), "marque"
    brand: Brand
    official: str
    host: str
    word: str = ""  # the brand's word found in the domain, for "marque"


@dataclass(frozen=True)
class Mention:
    brand: Brand
    start: int
    end: int


@dataclass
class BrandIndex:
    brands: list[Brand]
    by_domain: dict[str, Brand] = field(default_factory=dict)
    globs: list[tuple[str, Brand]] = field(default_factory=list)
    by_host: dict[str, Brand] = field(default_factory=dict)
    # Skeleton of each label of a protected domain → (label, domain, brand).
    cores: dict[str, list[tuple[str, str, Brand]]] = field(default_factory=dict)
    # Words naming a brand inside a domain name, without separators.
    short_words: dict[str, Brand] = field(default_factory=dict)  # whole tokens only
    six_words: dict[str, Brand] = field(default_factory=dict)  # starting or ending a token
    long_words: dict[str, Brand] = field(default_factory=dict)  # anywhere
    long_re: re.Pattern | None = None
    # Words naming a brand in a text (folded, separators removed) → brand.
    text_words: dict[str, Brand] = field(default_factory=dict)
    text_re: re.Pattern | None = None

    def owner(self, host: str) -> Brand | None:
        """The brand a host belongs to, if any."""
        reg = registrable(host)
        brand = self.by_domain.get(reg)
        if brand is None and self.by_host:
            named = _under(host.lower().strip("."), self.by_host)
            if named:
                return self.by_host[named]
        if brand is None:
            for pattern, candidate in self.globs:
                if fnmatch.fnmatchcase(reg, pattern):
                    return candidate
        return brand

    def public_service(self, host: str) -> bool:
        """Whether a host is the State's (under gouv.fr) or a public service's."""
        if is_state(host):
            return True
        owner = self.owner(host)
        return owner is not None and owner.public

    def mentions(self, text: str) -> list[Mention]:
        """Where brands are named in a text (positions in the text as given)."""
        if not text or self.text_re is None:
            return []
        folded = fold(text)
        found: list[Mention] = []
        position = 0
        while True:
            match = self.text_re.search(folded, position)
            if match is None:
                return found
            brand = self.text_words.get(SEPARATORS.sub("", match.group(0)))
            if brand is not None:
                if found and match.start() < found[-1].end:
                    # A longer name read through a shorter one (« Conseil
                    # départemental de l'Ordre des chirurgiens-dentistes »
                    # through « Conseil départemental de l'Ordre »): the name
                    # that goes further is the one the text gives.
                    if match.end() > found[-1].end:
                        found[-1] = Mention(brand, found[-1].start, match.end())
                else:
                    found.append(Mention(brand, match.start(), match.end()))
            # Look again from the next word inside the match, for a name that
            # overlaps it and goes further.
            following = folded.find(" ", match.start() + 1, match.end())
            position = following + 1 if following != -1 else match.end()

    def named(self, text: str) -> list[Brand]:
        seen: dict[str, Brand] = {}
        for mention in self.mentions(text):
            seen.setdefault(mention.brand.id, mention.brand)
        return list(seen.values())

    def imitation(self, host: str, host_raw: str = "") -> Imitation | None:
        """How a host imitates a brand's domain, if it does.

        1. A host that belongs to a brand, or to known infrastructure, imitates nothing.
        2. A brand's whole domain written in front of another one
           (`impots.gouv.fr.remboursement-secure.com`, `ameli.fr-dossier.com`).
        3. The registrable domain's name looks like a brand's (`d0ctolib.fr`,
           `doctoIib.fr`, `chronopost.info`, `amelli.fr`): same skeleton, or an
           edit distance 2·lev/(la+lb) of at most 0.25 for names of five
           letters or more.
        4. A brand's word in the name (`cpam-contact.fr`, `secu.c-agricole.link`).

        The answer is kept per host for the life of the index: a newsletter's
        thousand links go to a handful of hosts.
        """
        cache = self.__dict__.setdefault("_imitations", {})
        key = (host, host_raw)
        if key not in cache:
            if len(cache) > 50_000:
                cache.clear()
            cache[key] = self._imitation(host, host_raw)
        return cache[key]

    def _imitation(self, host: str, host_raw: str = "") -> Imitation | None:
        host = host.lower().strip(".")
        if not host or is_ip(host) or "." not in host:
            return None
        reg = registrable(host)
        if self.owner(host) is not None or _known(host) or is_state(host):
            return None
        labels = host.split(".")
        reg_labels = reg.count(".") + 1
        # 2. an official domain in front of the registrable one
        for i in range(len(labels) - reg_labels):
            for k in (2, 3, 4):
                window = labels[i : i + k]
                if len(window) < k:
                    break
                candidates = [".".join(window)]
                if "-" in window[-1]:
                    candidates.append(".".join([*window[:-1], window[-1].split("-")[0]]))
                for candidate in candidates:
                    brand = self.by_domain.get(candidate)
                    if brand is not None and candidate != reg:
                        return Imitation("sous-domaine", brand, candidate, host)
        # 3. look-alike of the registrable domain's name
        suffix = public_suffix(host)
        core = reg[: -len(suffix) - 1] if suffix and reg.endswith("." + suffix) else reg
        raw = host_raw.strip(".") if host_raw.lower().strip(".") == host else host
        raw_core = raw[len(host) - len(reg) :][: len(core)]
        found = self._lookalike(reg, core, raw_core.replace("I", "l") if "I" in raw_core else "")
        if found is not None:
            brand, official = found
            return Imitation("sosie", brand, official, host)
        # 4. a brand's word in the name
        name = host[: -len(suffix) - 1] if suffix and host.endswith("." + suffix) else host
        found_word = self.word_in_name(name)
        if found_word is not None:
            brand, word = found_word
            return Imitation("marque", brand, brand.main_domain, host, word)
        return None

    def _lookalike(self, reg: str, core: str, core_as_l: str) -> tuple[Brand, str] | None:
        """Step 3 of `imitation`, kept for each registrable domain already seen."""
        cache = self.__dict__.setdefault("_lookalikes", {})
        key = (reg, core_as_l)
        if key not in cache:
            if len(cache) > 20_000:
                cache.clear()
            cache[key] = self._compute_lookalike(reg, core, core_as_l)
        return cache[key]

    def _compute_lookalike(self, reg: str, core: str, core_as_l: str) -> tuple[Brand, str] | None:
        looks = {domain_skeleton(core)}
        if core_as_l:  # a capital I is read as an l
            looks.add(domain_skeleton(core_as_l))
        for look in looks:
            for _label, official, brand in self.cores.get(look, ()):
                if official != reg:
                    return brand, official
        # The edit distance is measured on the letters as written (folded),
        # not on skeletons, where « m » counts as two letters (« rn »).
        for look in {plain(core), plain(core_as_l)} - {""}:
            if len(look) < 5:
                continue
            grams = bigrams(look)
            for size in range(len(look) - 2, len(look) + 3):
                for core_look, core_grams, entries in self._cores_by_length.get(size, ()):
                    # At most 2 edits leave at least max(la, lb) - 5 bigrams in
                    # common (fewer distinct ones when a bigram repeats).
                    repeated = (len(look) - 1 - len(grams)) + (size - 1 - len(core_grams))
                    if len(grams & core_grams) < max(len(look), size) - 5 - repeated:
                        continue
                    lev = bounded_levenshtein(look, core_look, 2)
                    if 1 <= lev <= 2 and 2 * lev / (len(look) + len(core_look)) <= 0.25:
                        _label, official, brand = entries[0]
                        return brand, official
        return None

    def word_in_name(self, name: str) -> tuple[Brand, str] | None:
        if not name.isascii():
            name = ".".join(skeleton(label) or label for label in name.split("."))
        tokens = re.findall(r"[a-z]+", fold(name))
        for size in (1, 2, 3):
            for i in range(len(tokens) - size + 1):
                if i and tokens[i - 1] in PLACE_WORDS:
                    continue
                joined = "".join(tokens[i : i + size])
                brand = (
                    self.short_words.get(joined)
                    or self.six_words.get(joined)
                    or self.long_words.get(joined)
                )
                if brand is not None:
                    return brand, joined
        for token in tokens:
            if len(token) > 6:
                for word, brand in self.six_words.items():
                    if token.startswith(word) or token.endswith(word):
                        return brand, word
        if self.long_re is not None:
            joined = "".join(tokens)
            for match in self.long_re.finditer(joined):
                if not joined[: match.start()].endswith(PLACE_WORDS):
                    return self.long_words[match.group(0)], match.group(0)
        return None

    @property
    def _cores_by_length(self) -> dict[int, list[tuple[str, frozenset, list]]]:
        """The protected names, as written (folded), by length."""
        cached = self.__dict__.get("_by_length")
        if cached is None:
            by_name: dict[str, list] = {}
            for entries in self.cores.values():
                for entry in entries:
                    by_name.setdefault(plain(entry[0]), []).append(entry)
            cached = {}
            for look, entries in by_name.items():
                if len(look) >= 5:
                    cached.setdefault(len(look), []).append((look, bigrams(look), entries))
            self.__dict__["_by_length"] = cached
        return cached

    def brand_named(self, text: str) -> Brand | None:
        """The brand whose name is the whole text (a display name « Orange »)."""
        names = self.__dict__.get("_names")
        if names is None:
            names = self.__dict__["_names"] = {fold(b.name): b for b in reversed(self.brands)}
        return names.get(fold(text).strip(" \"'"))


def plain(label: str) -> str:
    """A domain's name folded to lower-case letters and digits (`Crédit-Agricole` → `creditagricole`)."""
    return re.sub(r"[^0-9a-z]", "", fold(label))


def bigrams(text: str) -> frozenset[str]:
    return frozenset(text[i : i + 2] for i in range(len(text) - 1))


def _known(host: str) -> bool:
    reg = registrable(host)
    return (
        reg in WEBMAIL
        or reg in MAILING_LISTS
        or reg in SHORTENERS
        or is_tracker(host)
        or is_wrapper(host)
        or (is_hosting(host) and host == reg)
    )


def bounded_levenshtein(a: str, b: str, limit: int) -> int:
    """Levenshtein distance of a and b, or limit + 1 when it is larger."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        best = i
        for j, cb in enumerate(b, 1):
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            current.append(value)
            best = min(best, value)
        if best > limit:
            return limit + 1
        previous = current
    return min(previous[-1], limit + 1)


def _word_pattern(word: str) -> str:
    parts = [re.escape(p) for p in SEPARATORS.split(fold(word)) if p]
    return r"[\s\-'._]{0,3}".join(parts)


def compile_brands(items: list[dict[str, Any]]) -> BrandIndex:
    brands = []
    index = BrandIndex(brands=brands)
    patterns = []
    for item in items:
        source = (item.get("source") or [{}])[0].get("ref", "")
        brand = Brand(
            id=item["id"],
            name=item["name"],
            with_article=item["with_article"],
            domains=tuple(item["domains"]),
            lookalikes=item.get("lookalikes", True),
            source=source,
            hosts=tuple(item.get("hosts", ())),
            public=bool(item.get("public", False)),
        )
        brands.append(brand)
        for host in brand.hosts:
            index.by_host.setdefault(host, brand)
        for domain in brand.domains:
            if "*" in domain:
                index.globs.append((domain, brand))
                continue
            index.by_domain.setdefault(domain, brand)
            suffix = public_suffix(domain)
            core = domain[: -len(suffix) - 1] if suffix and domain != suffix else domain
            if brand.lookalikes and core:
                index.cores.setdefault(domain_skeleton(core), []).append((core, domain, brand))
            first = re.sub(r"[^a-z0-9]", "", core.split(".")[0])
            if brand.lookalikes and len(first) >= 4 and first not in COMMON_LABELS:
                _add_domain_word(index, first, brand)
        for word in item.get("domain_words", []):
            _add_domain_word(index, word.replace("-", ""), brand)
        for word in item["words"]:
            key = SEPARATORS.sub("", fold(word))
            if key and key not in index.text_words:
                index.text_words[key] = brand
                patterns.append(_word_pattern(word))
    if patterns:
        patterns.sort(key=len, reverse=True)
        index.text_re = re.compile(r"(?<![a-z0-9])(?:" + "|".join(patterns) + r")(?![a-z0-9])")
    if index.long_words:
        longest = sorted(index.long_words, key=len, reverse=True)
        index.long_re = re.compile("|".join(re.escape(w) for w in longest))
    return index


def _add_domain_word(index: BrandIndex, word: str, brand: Brand) -> None:
    """Short words must be a whole token of the name; words of six letters may
    start or end one (`impotsremboursement`); longer ones may be anywhere. The
    words of a brand whose names are ordinary words are whole tokens only."""
    table = (
        index.short_words
        if len(word) <= 5 or not brand.lookalikes
        else index.six_words
        if len(word) == 6
        else index.long_words
    )
    table.setdefault(word, brand)


_compiled: tuple[list | None, BrandIndex | None] = (None, None)


def brands() -> BrandIndex:
    """The brands of the content library, compiled once per load of its list
    (the library's cache returns the same list object until it reloads)."""
    global _compiled
    from hygie.content import library

    items = library.items("message_brands")
    if _compiled[0] is not items:
        _compiled = (items, compile_brands(items))
    return _compiled[1]
