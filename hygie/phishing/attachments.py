"""Attachments: dangerous kinds of files, archives listed without extracting,
QR codes in images and PDFs decoded offline.

Two entry points:

- `expand(message)`, called by the reading step once the attachments are read
  and BEFORE the checks run: it decodes the QR codes of image and PDF
  attachments, and reads the links of PDF attachments, and appends each URL
  to `message.links` (found_in « code QR » or « pièce jointe »), so that the
  link checks analyse them like any other link. What its limits left unread is
  said, in French, in `message.unread`.
- `check(message)`, a check of the registry: the signals of the attachments
  themselves (double extensions, executables and scripts, Office macros, HTML
  and SVG files, disk images, archives, active PDF content, QR codes found).

Nothing is executed, rendered or extracted to disk: images are decoded in
memory within pixel limits, archives are listed from their central directory,
and the declared sizes of their members are compared, never inflated.
"""

from __future__ import annotations

import io
import re
import time
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

from hygie.phishing import wording
from hygie.phishing.analysis import Attachment, Evidence, Link, Message, Signal

FAMILY = "piece_jointe"
WHERE = "pièce jointe"
QR = "code QR"
SOURCE = "seed-003"

# Executables and scripts that Windows (or a phone) runs on a double click.
EXECUTABLES = {
    "exe", "scr", "com", "pif", "cpl", "msi", "msix", "msp", "appx", "appxbundle", "dll",
    "js", "jse", "vbs", "vbe", "wsf", "wsh", "wsc", "bat", "cmd", "ps1", "psm1", "psd1",
    "hta", "lnk", "jar", "reg", "scf", "inf", "url", "application", "gadget", "chm",
    "apk", "xll", "sct", "py", "pyw", "sh", "command", "app", "ws", "xbap", "library-ms",
    "settingcontent-ms", "iqy", "slk", "one",
}  # fmt: skip
MACRO_OFFICE = {"docm", "dotm", "xlsm", "xltm", "xlam", "pptm", "potm", "ppam", "ppsm", "sldm"}
OOXML = {"docx", "dotx", "xlsx", "xltx", "pptx", "potx", "ppsx", *MACRO_OFFICE}
OLE_OFFICE = {"doc", "dot", "xls", "xlt", "ppt", "pot", "pps"}
HTML = {"html", "htm", "shtml", "xhtml", "xht", "mht", "mhtml", "svg", "svgz"}
DISK_IMAGES = {"iso", "img", "vhd", "vhdx", "dmg", "udf", "vmdk"}
OPAQUE_ARCHIVES = {"rar", "7z", "gz", "tgz", "bz2", "xz", "tar", "cab", "ace", "arj", "lzh", "zst", "z", "uue"}  # fmt: skip
ARCHIVES = {"zip", *OPAQUE_ARCHIVES}
# What a file claims to be in a double extension (« facture.pdf.exe »).
DOCUMENTS = {
    "pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "odt", "ods", "odp", "rtf", "txt",
    "csv", "jpg", "jpeg", "png", "gif", "bmp", "tif", "tiff", "heic", "mp3", "mp4", "wav",
    "avi", "mov", "zip", "html", "htm", "xml", "eml", "msg", "ics",
}  # fmt: skip
IMAGES = {"png", "jpg", "jpeg", "gif", "bmp", "webp", "tif", "tiff"}

# Limits (stated on the page): an archive is listed up to ZIP_MEMBERS members;
# declared sizes beyond ZIP_DECLARED_BYTES, or a member expanding more than
# ZIP_RATIO times, make it an archive bomb, flagged and never inflated.
ZIP_MEMBERS = 1000
ZIP_DECLARED_BYTES = 500 * 1024 * 1024
ZIP_RATIO = 100
# QR codes: images of at most IMAGE_PIXELS pixels (larger ones are reduced
# first; beyond IMAGE_PIXELS_MAX they are not decoded), at most IMAGES_PER_MESSAGE
# images, the first PDF_PAGES pages of a PDF, and QR_SECONDS for a message.
IMAGE_PIXELS = 4_000_000
IMAGE_PIXELS_MAX = 60_000_000
IMAGES_PER_MESSAGE = 12
PDF_PAGES = 5
PDF_LINKS = 50
QR_SECONDS = 2.0
# Bytes of a PDF searched for active content.
PDF_SCAN_BYTES = 8 * 1024 * 1024

_URL = re.compile(r"(?i)\b(?:https?://|www\.)[^\s<>\"']+")
_SPACES = re.compile(r"\s{3,}")


@dataclass(frozen=True)
class Rule:
    key: str
    weight: float
    explanation: str


RULES = {
    rule.key: rule
    for rule in (
        Rule(
            "coordonnees-bancaires",
            0.5,
            "Une pièce jointe se présente comme un RIB ou des coordonnées bancaires. Un "
            "fournisseur ou un collègue qui annonce un nouveau compte par e-mail est le "
            "scénario de la fraude au faux RIB : vérifiez par téléphone, au numéro que vous "
            "connaissez déjà, avant tout virement.",
        ),
        Rule(
            "double-extension",
            6,
            "Le nom du fichier cache sa vraie nature : il se présente comme un document "
            "(« .pdf », « .jpg »…) mais se termine par l'extension d'un programme. C'est un "
            "logiciel malveillant déguisé ; ne l'ouvrez pas.",
        ),
        Rule(
            "executable",
            6,
            "La pièce jointe est un programme ou un script qui s'exécute à l'ouverture "
            "(.exe, .js, .vbs, .bat, .lnk, .hta…). Aucun organisme ni fournisseur n'envoie "
            "ce genre de fichier : ne l'ouvrez pas.",
        ),
        Rule(
            "contenu-executable",
            6,
            "Le fichier porte le nom d'un document mais contient en réalité un programme. "
            "C'est une ruse pour faire lancer un logiciel malveillant.",
        ),
        Rule(
            "macros",
            4,
            "Le document Office contient des macros, de petits programmes qui s'exécutent si "
            "l'on clique sur « Activer le contenu ». C'est une voie classique d'infection : "
            "n'activez jamais les macros d'un document reçu.",
        ),
        Rule(
            "html",
            4,
            "La pièce jointe est une page web (HTML ou SVG) : ouverte, elle affiche souvent une "
            "fausse page de connexion qui envoie votre mot de passe aux escrocs, hors de portée "
            "des filtres de la messagerie.",
        ),
        Rule(
            "image-disque",
            5,
            "La pièce jointe est une image disque (.iso, .img, .vhd) : ouverte, elle se monte "
            "comme une clé USB et sert à faire passer des programmes malveillants au travers "
            "des protections.",
        ),
        Rule(
            "archive-dangereuse",
            6,
            "L'archive jointe contient un programme, un script ou un fichier au nom trompeur. "
            "Ne l'ouvrez pas.",
        ),
        Rule(
            "archive-chiffree",
            2,
            "L'archive jointe est protégée par un mot de passe, souvent donné dans le message : "
            "ainsi, l'antivirus de la messagerie ne peut pas l'inspecter. C'est une ruse "
            "fréquente des envois malveillants.",
        ),
        Rule(
            "archive-bombe",
            4,
            "L'archive jointe annonce une taille démesurée une fois décompressée (« bombe "
            "d'archive ») ou un nombre de fichiers anormal : elle n'a pas été ouverte.",
        ),
        Rule(
            "archive-non-inspectee",
            1.5,
            "L'archive jointe (.rar, .7z…) n'a pas pu être inspectée : son contenu est "
            "inconnu. Les archives servent souvent à faire passer des programmes "
            "malveillants ; ne l'ouvrez que si vous l'attendiez.",
        ),
        Rule(
            "pdf-actif",
            2,
            "Le PDF contient du code qui s'exécute à l'ouverture (JavaScript, lancement de "
            "programme) ou un fichier caché. Un PDF ordinaire n'en a pas besoin.",
        ),
        Rule(
            "code-qr",
            1,
            "Une pièce jointe contient un code QR. Le scanner avec un téléphone fait sortir le "
            "lien des protections de l'ordinateur (« quishing ») ; son adresse a été lue et "
            "analysée comme les autres liens.",
        ),
    )
}


def extensions(filename: str) -> list[str]:
    """The extensions of a file name, last one last, as Windows reads them
    (trailing dots and spaces ignored, invisible characters removed)."""
    name = "".join(c for c in filename if unicodedata.category(c) != "Cf")
    name = name.strip().rstrip(". ").lower().rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    parts = [p.strip() for p in name.split(".")[1:]]
    return [p for p in parts if p]


def deceptive_name(filename: str) -> bool:
    """A name made to be misread: a right-to-left override or other invisible
    character, or a document extension followed by a run of spaces."""
    if any(unicodedata.category(c) == "Cf" for c in filename):
        return True
    return bool(_SPACES.search(filename.strip()))


# The wording rules that announce a change of bank details.
BANK_CHANGE_RULES = ("changement-rib", "changement-rib-prochains-reglements")

# A file named as bank details: « RIB_nouveau.pdf », « IBAN-2026.pdf »,
# « Coordonnées bancaires.pdf ».
BANK_DETAILS_NAME = re.compile(
    r"(?<![a-z])(?:rib|iban|coordonn[ée]es?[ _.-]*bancaires?|relev[ée][ _.-]*d[ _.'-]*identit[ée])(?![a-z])",
    re.IGNORECASE,
)


def _name_rule(filename: str) -> str | None:
    """The rule a file name alone triggers, if any."""
    exts = extensions(filename)
    if not exts:
        return None
    last = exts[-1]
    if last in EXECUTABLES or last in DISK_IMAGES:
        if (len(exts) > 1 and exts[-2] in DOCUMENTS) or deceptive_name(filename):
            return "double-extension"
        return "executable" if last in EXECUTABLES else "image-disque"
    if deceptive_name(filename):
        return "double-extension"
    if last in MACRO_OFFICE:
        return "macros"
    if last in HTML:
        return "html"
    return None


# --- The check ---------------------------------------------------------------


def check(message: Message) -> list[Signal]:
    found: dict[str, list[str]] = {}
    for attachment in message.attachments:
        for key, excerpt in _inspect(attachment):
            found.setdefault(key, [])
            if excerpt not in found[key]:
                found[key].append(excerpt)
    bank_details = [
        a.filename for a in message.attachments if BANK_DETAILS_NAME.search(a.filename or "")
    ]
    # The file is the new account the text announces: one fact, counted once
    # (by the wording rules of the false RIB).
    if bank_details and not wording.says(message, BANK_CHANGE_RULES):
        found.setdefault("coordonnees-bancaires", []).extend(bank_details)
    qr_links = [link.url for link in message.links if link.found_in == QR]
    if qr_links:
        found.setdefault("code-qr", []).extend(qr_links)
    signals = []
    for key, excerpts in found.items():
        rule = RULES[key]
        signals.append(
            Signal(
                rule=f"{FAMILY}.{key}",
                family=FAMILY,
                weight=rule.weight,
                explanation=rule.explanation,
                evidence=tuple(Evidence(WHERE, e) for e in excerpts[:3]),
                source=SOURCE,
            )
        )
    return signals


def _inspect(attachment: Attachment) -> Iterator[tuple[str, str]]:
    name = attachment.filename or "(sans nom)"
    exts = extensions(name)
    last = exts[-1] if exts else ""
    data = attachment.data
    by_name = _name_rule(name)
    if by_name:
        yield by_name, name
    if data[:2] == b"MZ" and last not in EXECUTABLES:
        yield "contenu-executable", name
    head = data[:512].lstrip().lower()
    if last not in HTML and head.startswith((b"<!doctype html", b"<html", b"<script", b"<svg")):
        yield "html", name
    is_ole = last in OLE_OFFICE or data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    if (last in OOXML and _zip_has_macros(data)) or (
        last not in OOXML and last != "msg" and is_ole and _ole_has_macros(data)
    ):
        yield "macros", name
    if last == "zip" or (data[:4] == b"PK\x03\x04" and last not in OOXML and last != "jar"):
        yield from _inspect_zip(name, data, attachment.size)
    elif last in OPAQUE_ARCHIVES or data[:6] in (b"Rar!\x1a\x07", b"7z\xbc\xaf\x27\x1c"):
        yield "archive-non-inspectee", name
    if last == "pdf" or data[:5] == b"%PDF-":
        active = _pdf_active(data)
        if active:
            yield "pdf-actif", f"{name} ({active})"


def _inspect_zip(name: str, data: bytes, size: int) -> Iterator[tuple[str, str]]:
    if size > len(data):
        yield "archive-non-inspectee", f"{name} (trop volumineuse pour être inspectée)"
        return
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        yield "archive-non-inspectee", f"{name} (archive illisible)"
        return
    if len(members) > ZIP_MEMBERS:
        yield "archive-bombe", f"{name} ({len(members)} fichiers)"
        members = members[:ZIP_MEMBERS]
    declared = sum(m.file_size for m in members)
    if declared > ZIP_DECLARED_BYTES or any(
        m.file_size > 1024 * 1024 and m.file_size > ZIP_RATIO * max(m.compress_size, 1)
        for m in members
    ):
        yield "archive-bombe", f"{name} ({declared // (1024 * 1024)} Mo une fois décompressée)"
    if any(m.flag_bits & 0x1 for m in members):
        yield "archive-chiffree", name
    for member in members:
        rule = _name_rule(member.filename)
        if rule in ("double-extension", "executable", "image-disque"):
            yield "archive-dangereuse", f"{name} › {member.filename}"
        elif rule in ("macros", "html"):
            yield rule, f"{name} › {member.filename}"
        elif extensions(member.filename)[-1:] and extensions(member.filename)[-1] in ARCHIVES:
            yield "archive-non-inspectee", f"{name} › {member.filename}"


def _zip_has_macros(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()[:ZIP_MEMBERS]
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        return False
    return any(n.lower().endswith(("vbaproject.bin", "vbadata.xml")) for n in names)


def _ole_has_macros(data: bytes) -> bool:
    import olefile

    if not data.startswith(olefile.MAGIC):
        return False
    try:
        with olefile.OleFileIO(io.BytesIO(data)) as ole:
            entries = ["/".join(path).lower() for path in ole.listdir(streams=True, storages=True)]
    except Exception:  # any malformed compound file
        return False
    return any(
        part in ("macros", "_vba_project_cur", "vba", "_vba_project")
        for entry in entries
        for part in entry.split("/")
    )


def _pdf_active(data: bytes) -> str:
    head = data[:PDF_SCAN_BYTES]
    found = [
        label
        for marker, label in (
            (b"/JavaScript", "JavaScript"),
            (b"/JS", "JavaScript"),
            (b"/Launch", "lancement de programme"),
            (b"/EmbeddedFile", "fichier caché"),
        )
        if marker in head
    ]
    return ", ".join(dict.fromkeys(found))


# --- QR codes and the links of PDFs ---------------------------------------------


def expand(message: Message) -> None:
    """Append to `message.links` the URLs of the QR codes of its image and PDF
    attachments, and the links of its PDF attachments. Runs once, in the
    reading step, before the checks; running it again adds nothing."""
    known = {(link.url, link.found_in) for link in message.links}
    budget = _Budget(time.monotonic() + QR_SECONDS)

    def add(url: str, found_in: str, raw: str) -> None:
        if (url, found_in) not in known:
            known.add((url, found_in))
            message.links.append(Link(url=url, found_in=found_in, raw=raw))

    for attachment in message.attachments:
        exts = extensions(attachment.filename)
        last = exts[-1] if exts else ""
        data = attachment.data
        if not data:
            continue
        if last == "pdf" or data[:5] == b"%PDF-":
            images, links = _pdf_contents(attachment, budget, message.unread)
            for url in links:
                add(url, WHERE, url)
        elif last in IMAGES or attachment.content_type.startswith("image/"):
            images = [_open_image(attachment, budget, message.unread)]
        else:
            continue
        for image in images:
            if image is None:
                continue
            for text in _qr_texts(image):
                for url in _URL.findall(text) or ([text] if _looks_like_domain(text) else []):
                    add(url, QR, text)
    if budget.exhausted:
        message.unread.append(
            "Codes QR : le temps ou le nombre d'images examinées a atteint sa limite ; "
            "les pièces jointes suivantes n'ont pas été lues."
        )


@dataclass
class _Budget:
    deadline: float
    images: int = 0
    exhausted: bool = False

    def take(self) -> bool:
        if self.images >= IMAGES_PER_MESSAGE or time.monotonic() > self.deadline:
            self.exhausted = True
            return False
        self.images += 1
        return True


def _looks_like_domain(text: str) -> bool:
    return bool(re.fullmatch(r"(?i)[a-z0-9-]+(?:\.[a-z0-9-]+)+(?:/\S*)?", text.strip()))


def _open_image(attachment: Attachment, budget: _Budget, unread: list[str]):
    from PIL import Image

    if not budget.take():
        return None
    too_large = (
        f"Image « {attachment.filename} » trop grande : aucun code QR n'y a été cherché "
        f"({IMAGE_PIXELS_MAX // 1_000_000} millions de pixels au plus)."
    )
    try:
        image = Image.open(io.BytesIO(attachment.data))
        width, height = image.size
        if width * height > IMAGE_PIXELS_MAX:
            unread.append(too_large)
            return None
        image.draft("L", (2000, 2000))  # JPEG: decode directly at a reduced size
        image.load()
        return image
    except Image.DecompressionBombError:
        unread.append(too_large)
        return None
    except Exception:  # Pillow raises many kinds of errors on a broken image
        unread.append(f"Image « {attachment.filename} » illisible.")
        return None


def _qr_texts(image) -> list[str]:
    import zxingcpp

    try:
        if image.width * image.height > IMAGE_PIXELS:
            image = image.copy()
            image.thumbnail((2000, 2000))
        if image.mode not in ("L", "RGB"):
            image = image.convert("RGB")
        formats = zxingcpp.BarcodeFormat.QRCode | zxingcpp.BarcodeFormat.MicroQRCode
        return [r.text for r in zxingcpp.read_barcodes(image, formats=formats) if r.text]
    except Exception:  # an undecodable image simply has no QR code
        return []


def _pdf_contents(attachment: Attachment, budget: _Budget, unread: list[str]):
    """The images (decoded, within limits) and link targets of a PDF's first pages."""
    import logging

    from pypdf import PdfReader

    images, links = [], []
    name = attachment.filename
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(attachment.data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            unread.append(f"PDF « {name} » protégé par un mot de passe : non examiné.")
            return [], []
        pages = reader.pages
        if len(pages) > PDF_PAGES:
            unread.append(
                f"PDF « {name} » : seules ses {PDF_PAGES} premières pages ont été examinées "
                "(codes QR et liens)."
            )
        for page in list(pages)[:PDF_PAGES]:
            for annotation in page.get("/Annots") or []:
                action = annotation.get_object().get("/A")
                uri = action.get_object().get("/URI") if action is not None else None
                if isinstance(uri, str | bytes) and len(links) < PDF_LINKS:
                    links.append(uri.decode("latin-1") if isinstance(uri, bytes) else str(uri))
            resources = page.get("/Resources")
            xobjects = resources.get_object().get("/XObject") if resources else None
            if xobjects is None:
                continue
            for key, reference in xobjects.get_object().items():
                xobject = reference.get_object()
                if xobject.get("/Subtype") != "/Image":
                    continue
                pixels = int(xobject.get("/Width", 0)) * int(xobject.get("/Height", 0))
                if pixels > IMAGE_PIXELS_MAX:
                    unread.append(f"PDF « {name} » : une image trop grande n'a pas été lue.")
                    continue
                if not budget.take():
                    return images, links
                images.append(page.images[key].image)
    except Exception:  # pypdf raises many kinds of errors on a malformed file
        unread.append(f"PDF « {name} » en partie illisible : codes QR et liens non tous lus.")
    return images, links
