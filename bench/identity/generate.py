"""A file of fictional French patient identities, with the truth about who is who.

    .venv/bin/python bench/identity/generate.py 100000 --sortie identites.csv [--graine 1]
        [--taux-doublons 0.03] [--nom-frequent 0.10]

Writes the canonical columns of an identity file (see hygie/identity/audit), ';'
separated, UTF-8, and beside it `<sortie>.verite.csv`: for each record the person
it belongs to (`personne`), its role (`original`, `doublon`, `jumeau`, `apparente`,
`homonyme`, `collision`) and, for a collision, the identifiant of the record whose
NIR it carries (`nir_de`).

What makes it realistic (and hard):
- surnames by frequency: the most common French surnames first (MARTIN, BERNARD…),
  then a long tail built from French name parts, Breton and Alsatian names, names
  from Portugal, Spain, Italy, the Maghreb, West Africa and Viet Nam; compound
  surnames (A--B before 2011, A B since) and particles (LE GALL, DE LA FONTAINE);
- first names by sex and by the decade of birth, compound first names (JEAN-PIERRE,
  MARIE-CLAIRE) more common among older people, one to three birth first names;
- birth dates from an age pyramid; birthplaces as INSEE codes (arrondissements for
  Paris, Lyon and Marseille, overseas departments, 99 + country for births abroad);
- NIRs that agree with sex, year, month and place of birth, with their key computed
  by python-stdnum; married women with a used name;
- hard negatives: twins (same surname, birth date and place, different first names),
  siblings, homonyms (same surname, first name and year of birth);
- duplicates (1-4 % of records) with the errors seen in French files: accents
  dropped or added, lowercase, first names truncated to the first or hyphenated
  differently, compound surnames written A--B / A B / A-B or cut, particles glued
  (LE GALL / LEGALL), birth and used names crossed, day and month inverted, unknown
  dates typed as 1 January or 31 December, typos, missing NIR, sex or birthplace;
- collisions: one NIR carried by two people (a child under a parent's NIR, or a
  number copied onto another patient).

Seeded: the same arguments give the same file. A million records in about 15 s.
"""

from __future__ import annotations

import argparse
import bisect
import csv
import datetime
import itertools
import random
import sys
import time
import unicodedata
from pathlib import Path

from stdnum.fr import nir as stdnum_nir

COLUMNS = [
    "identifiant",
    "nom_naissance",
    "nom_utilise",
    "prenoms",
    "sexe",
    "date_naissance",
    "lieu_naissance",
    "nir",
    "statut",
]
TRUTH_COLUMNS = ["identifiant", "personne", "role", "nir_de"]
TODAY_YEAR = 2025

# The most frequent surnames in France, most frequent first (INSEE births 1891-1990
# rankings, as published in genealogy sites); accents as in civil registries.
COMMON_SURNAMES = [
    "MARTIN",
    "BERNARD",
    "THOMAS",
    "PETIT",
    "ROBERT",
    "RICHARD",
    "DURAND",
    "DUBOIS",
    "MOREAU",
    "LAURENT",
    "SIMON",
    "MICHEL",
    "LEFEBVRE",
    "LEROY",
    "ROUX",
    "DAVID",
    "BERTRAND",
    "MOREL",
    "FOURNIER",
    "GIRARD",
    "BONNET",
    "DUPONT",
    "LAMBERT",
    "FONTAINE",
    "ROUSSEAU",
    "VINCENT",
    "MULLER",
    "LEFÈVRE",
    "FAURE",
    "ANDRÉ",
    "MERCIER",
    "BLANC",
    "GUÉRIN",
    "BOYER",
    "GARNIER",
    "CHEVALIER",
    "FRANÇOIS",
    "LEGRAND",
    "GAUTHIER",
    "GARCIA",
    "PERRIN",
    "ROBIN",
    "CLÉMENT",
    "MORIN",
    "NICOLAS",
    "HENRY",
    "ROUSSEL",
    "MATHIEU",
    "GAUTIER",
    "MASSON",
    "MARCHAND",
    "DUVAL",
    "DENIS",
    "DUMONT",
    "MARIE",
    "LEMAIRE",
    "NOËL",
    "MEYER",
    "DUFOUR",
    "MEUNIER",
    "BRUN",
    "BLANCHARD",
    "GIRAUD",
    "JOLY",
    "RIVIÈRE",
    "LUCAS",
    "BRUNET",
    "GAILLARD",
    "BARBIER",
    "ARNAUD",
    "MARTINEZ",
    "GÉRARD",
    "ROCHE",
    "RENARD",
    "SCHMITT",
    "ROY",
    "LEROUX",
    "COLIN",
    "VIDAL",
    "CARON",
    "PICARD",
    "ROGER",
    "FABRE",
    "AUBERT",
    "LEMOINE",
    "RENAUD",
    "DUMAS",
    "LACROIX",
    "OLIVIER",
    "PHILIPPE",
    "BOURGEOIS",
    "PIERRE",
    "BENOÎT",
    "REY",
    "LECLERC",
    "PAYET",
    "ROLLAND",
    "LECLERCQ",
    "GUILLAUME",
    "LECOMTE",
    "LOPEZ",
    "JEAN",
    "DUPUY",
    "GUILLOT",
    "HUBERT",
    "BERGER",
    "CARPENTIER",
    "SANCHEZ",
    "DUPUIS",
    "MOULIN",
    "LOUIS",
    "DESCHAMPS",
    "HUET",
    "VASSEUR",
    "PEREZ",
    "BOUCHER",
    "FLEURY",
    "ROYER",
    "KLEIN",
    "JACQUET",
    "ADAM",
    "PARIS",
    "POIRIER",
    "MARTY",
    "AUBRY",
    "GUYOT",
    "CARRÉ",
    "CHARLES",
    "RENAULT",
    "CHARPENTIER",
    "MÉNARD",
    "MAILLARD",
    "BARON",
    "BERTIN",
    "BAILLY",
    "HERVÉ",
    "SCHNEIDER",
    "FERNANDEZ",
    "LE_GALL",
    "COLLET",
    "LÉGER",
    "BOUVIER",
    "JULIEN",
    "PRÉVOST",
    "MILLET",
    "PERROT",
    "DANIEL",
    "LE_ROUX",
    "COUSIN",
    "GERMAIN",
    "BRETON",
    "BESSON",
    "LANGLOIS",
    "RÉMY",
    "LE_GOFF",
    "PELLETIER",
    "LÉVÊQUE",
    "PERRIER",
    "LEBLANC",
    "BARRÉ",
    "LEBRUN",
    "MARCHAL",
    "WEBER",
    "MALLET",
    "HAMON",
    "BOULANGER",
    "JACOB",
    "MONNIER",
    "MICHAUD",
    "RODRIGUEZ",
    "GUICHARD",
    "GILLET",
    "ÉTIENNE",
    "GRONDIN",
    "POULAIN",
    "TESSIER",
    "CHEVALLIER",
    "COLLIN",
    "CHAUVIN",
    "DA_SILVA",
    "BOUCHET",
    "GAY",
    "LEMAÎTRE",
    "BÉNARD",
    "MARÉCHAL",
    "HUMBERT",
    "REYNAUD",
    "ANTOINE",
    "HOARAU",
    "PERRET",
    "BARTHÉLEMY",
    "CORDIER",
    "PICHON",
    "LEJEUNE",
    "GILBERT",
    "LAMY",
    "DELAUNAY",
    "PASQUIER",
    "CARLIER",
    "LAPORTE",
    "DE_LA_FONTAINE",
    "LE_BRIS",
    "LE_BIHAN",
    "LE_CORRE",
    "DE_SOUSA",
    "DOS_SANTOS",
    "N'DIAYE",
]

# The tail: stems of French surnames and the endings they take (BOUCH-ARD, ROUSS-EAU).
SURNAME_STEMS = [
    "BARB",
    "BERT",
    "BLANCH",
    "BOISS",
    "BOUCH",
    "BRUN",
    "CHAMP",
    "CHAPP",
    "CHARP",
    "CHAUV",
    "COLL",
    "CROZ",
    "DUF",
    "DUP",
    "FAVR",
    "FOURN",
    "GAILL",
    "GAUD",
    "GIR",
    "GRAND",
    "GUILL",
    "HUB",
    "JOUB",
    "LAF",
    "LAND",
    "LEBR",
    "LEC",
    "MALL",
    "MARCH",
    "MARQU",
    "MERC",
    "MICH",
    "MOR",
    "MOUL",
    "PELL",
    "PERR",
    "PICH",
    "POIR",
    "RAV",
    "RICH",
    "RIV",
    "ROB",
    "ROUSS",
    "SAUV",
    "THIB",
    "TISS",
    "TOURN",
    "VASS",
    "VERN",
    "VIG",
    "BERN",
    "BOUV",
    "CAILL",
    "COUD",
    "DESP",
    "FERR",
    "GALL",
    "GARN",
    "GROSJ",
    "JAC",
    "LAMB",
    "LAUR",
    "LESC",
    "MASS",
    "MENN",
    "MONN",
    "PAG",
    "PASQU",
    "POUL",
    "RAB",
    "RENOU",
    "ROCH",
    "SAULN",
    "TESS",
    "TRUFF",
    "VAILL",
    "VIAL",
]
SURNAME_ENDINGS = [
    "ARD",
    "AUD",
    "AULT",
    "EAU",
    "EL",
    "ET",
    "ETTE",
    "IER",
    "IN",
    "OT",
    "ON",
    "ONNET",
    "ERON",
    "AT",
    "ANT",
    "OUX",
    "Y",
    "ARDIER",
    "ELIN",
    "OTIN",
    "ERAT",
    "ANDIER",
    "ERET",
    "ELET",
]
SURNAME_PREFIXES = ["", "", "", "", "", "LE", "DU", "LA", "DE"]
WORLD_SURNAMES = [
    "BENALI",
    "BENSAÏD",
    "HADDAD",
    "MANSOURI",
    "BOUZID",
    "CHERIF",
    "AMRANI",
    "BELKACEM",
    "SAÏDI",
    "ZIANI",
    "BOUAZIZ",
    "KHELIFI",
    "MEBARKI",
    "HAMIDI",
    "TOURÉ",
    "DIALLO",
    "TRAORÉ",
    "KONÉ",
    "CAMARA",
    "SYLLA",
    "DIOP",
    "FOFANA",
    "NGUYEN",
    "TRAN",
    "PHAM",
    "LÊ",
    "HOANG",
    "FERREIRA",
    "PEREIRA",
    "RODRIGUES",
    "OLIVEIRA",
    "GONÇALVES",
    "MARTINS",
    "ALVES",
    "COSTA",
    "GOMES",
    "RIBEIRO",
    "LOPES",
    "MENDES",
    "CARVALHO",
    "ROSSI",
    "RUSSO",
    "BIANCHI",
    "ESPOSITO",
    "ROMANO",
    "COLOMBO",
    "RICCI",
    "GONZALEZ",
    "HERNANDEZ",
    "JIMENEZ",
    "RUIZ",
    "ÁLVAREZ",
    "MORENO",
    "YILMAZ",
    "KAYA",
    "DEMIR",
    "ÇELIK",
    "ŞAHIN",
    "KOWALSKI",
    "NOWAK",
    "WAGNER",
    "BAUMANN",
    "KERJEAN",
    "KERGUELEN",
    "TANGUY",
    "QUÉRÉ",
    "JÉGOU",
    "LE_DREAN",
    "LE_MOAL",
    "STEPHAN",
    "RIOU",
    "CADIOU",
    "SCHWARTZ",
    "HOFFMANN",
    "FISCHER",
    "BECK",
    "WALTER",
    "STOECKEL",
]

# First names by decade of birth, most given first (INSEE fichier des prénoms).
FIRST_NAMES = {
    1920: (
        "JEAN ANDRÉ PIERRE RENÉ MARCEL LOUIS ROGER GEORGES HENRI MAURICE ROBERT PAUL RAYMOND "
        "LUCIEN FERNAND ÉMILE JOSEPH MARIUS ALBERT GASTON",
        "MARIE JEANNE MARGUERITE GERMAINE SUZANNE LOUISE YVONNE MADELEINE SIMONE MARCELLE "
        "ANDRÉE LUCIENNE RENÉE ODETTE DENISE PAULETTE HÉLÈNE RAYMONDE THÉRÈSE GABRIELLE",
    ),
    1940: (
        "JEAN MICHEL ANDRÉ PIERRE CLAUDE JACQUES BERNARD GÉRARD ROGER RENÉ DANIEL GUY ALAIN "
        "MARCEL ROBERT JEAN-PIERRE JEAN-CLAUDE YVES FRANÇOIS JEAN-LOUIS",
        "MARIE MONIQUE JACQUELINE COLETTE NICOLE DANIELLE ANNIE FRANÇOISE MICHÈLE GINETTE "
        "CHRISTIANE DENISE JOSIANE SIMONE YVETTE ODETTE ARLETTE MARIE-THÉRÈSE MARIE-CLAUDE ANDRÉE",
    ),
    1960: (
        "PHILIPPE ALAIN PATRICK MICHEL CHRISTIAN DANIEL THIERRY PASCAL ÉRIC DOMINIQUE FRÉDÉRIC "
        "JEAN-PIERRE BRUNO LAURENT DIDIER JEAN-LUC JEAN-FRANÇOIS THIERRY SERGE GILLES FRANCIS",
        "SYLVIE CATHERINE MARTINE ISABELLE NATHALIE CHRISTINE FRANÇOISE VALÉRIE BRIGITTE PATRICIA "
        "CHANTAL CORINNE NADINE DOMINIQUE VÉRONIQUE PASCALE MARIE-CLAIRE ANNE ÉVELYNE JOËLLE",
    ),
    1980: (
        "NICOLAS SÉBASTIEN JULIEN CHRISTOPHE DAVID STÉPHANE FRÉDÉRIC LAURENT OLIVIER JÉRÔME "
        "GUILLAUME CÉDRIC MATHIEU VINCENT ANTHONY ROMAIN JÉRÉMY LUDOVIC ARNAUD MICKAËL",
        "NATHALIE STÉPHANIE SANDRINE AURÉLIE CÉLINE ÉMILIE JULIE SÉVERINE ÉLODIE CAROLINE "
        "VIRGINIE AUDREY MÉLANIE SOPHIE LAETITIA KARINE ANNE-SOPHIE CHRISTELLE DELPHINE MARION",
    ),
    2000: (
        "THOMAS LUCAS HUGO THÉO MAXIME ALEXANDRE QUENTIN ANTOINE NATHAN CLÉMENT BAPTISTE "
        "ROMAIN KEVIN ENZO LOUIS MATHIS PAUL VALENTIN CORENTIN DYLAN",
        "LÉA CAMILLE MANON CHLOÉ SARAH LAURA MARINE PAULINE EMMA OCÉANE MATHILDE CLARA "
        "LUCIE INÈS JULIETTE ANAÏS MARGAUX LOLA ZOÉ JADE",
    ),
    2015: (
        "GABRIEL LÉO RAPHAËL LOUIS JULES ADAM ARTHUR LUCAS HUGO MAËL NOAH SACHA ETHAN "
        "PAUL GABIN NATHAN AARON TIMÉO MOHAMED YANIS",
        "JADE LOUISE EMMA ALICE AMBRE LINA ROSE CHLOÉ MIA LÉNA ANNA INÈS JULIA LÉONIE "
        "ROMY AGATHE ZOÉ LOU CAMILLE MILA",
    ),
}

# Prefectures and large towns: (INSEE commune code, weight ~ population share).
FRENCH_PLACES = [
    *[(f"751{i:02d}", 0.9) for i in range(1, 21)],
    *[(f"6938{i}", 0.5) for i in range(1, 10)],
    *[(f"132{i:02d}", 0.4) for i in range(1, 17)],
    ("01053", 1.0),
    ("02408", 0.8),
    ("03190", 0.6),
    ("04070", 0.3),
    ("05061", 0.3),
    ("06088", 2.0),
    ("07186", 0.5),
    ("08105", 0.4),
    ("09122", 0.2),
    ("10387", 0.5),
    ("11069", 0.5),
    ("12202", 0.4),
    ("14118", 1.0),
    ("15014", 0.2),
    ("16015", 0.5),
    ("17300", 0.9),
    ("18033", 0.5),
    ("19272", 0.3),
    ("21231", 0.8),
    ("22278", 0.8),
    ("23096", 0.2),
    ("24322", 0.6),
    ("25056", 0.8),
    ("26362", 0.7),
    ("27229", 0.8),
    ("28085", 0.6),
    ("29019", 1.0),
    ("29232", 0.5),
    ("30189", 1.0),
    ("31555", 2.0),
    ("32013", 0.3),
    ("33063", 2.2),
    ("34172", 1.6),
    ("35238", 1.5),
    ("36044", 0.3),
    ("37261", 0.9),
    ("38185", 1.7),
    ("39300", 0.3),
    ("40192", 0.5),
    ("41018", 0.4),
    ("42218", 1.0),
    ("43157", 0.3),
    ("44109", 1.9),
    ("45234", 0.9),
    ("46042", 0.2),
    ("47001", 0.4),
    ("48095", 0.1),
    ("49007", 1.1),
    ("50502", 0.6),
    ("51454", 0.8),
    ("51108", 0.3),
    ("52121", 0.2),
    ("53130", 0.4),
    ("54395", 1.0),
    ("55029", 0.2),
    ("56260", 0.9),
    ("57463", 1.2),
    ("58194", 0.3),
    ("59350", 3.0),
    ("59512", 0.8),
    ("60057", 1.0),
    ("61001", 0.3),
    ("62041", 1.7),
    ("63113", 0.9),
    ("64445", 0.9),
    ("65440", 0.3),
    ("66136", 0.6),
    ("67482", 1.4),
    ("68066", 0.9),
    ("69123", 0.4),
    ("70550", 0.3),
    ("71270", 0.7),
    ("72181", 0.7),
    ("73065", 0.5),
    ("74010", 1.0),
    ("76540", 1.3),
    ("76351", 0.7),
    ("77288", 1.8),
    ("78646", 1.8),
    ("79191", 0.5),
    ("80021", 0.7),
    ("81004", 0.5),
    ("82121", 0.3),
    ("83137", 1.3),
    ("84007", 0.7),
    ("85191", 0.8),
    ("86194", 0.6),
    ("87085", 0.5),
    ("88160", 0.5),
    ("89024", 0.4),
    ("90010", 0.2),
    ("91228", 1.6),
    ("92050", 2.0),
    ("93008", 2.0),
    ("94028", 1.7),
    ("95500", 1.5),
    ("2A004", 0.2),
    ("2B033", 0.2),
    ("97105", 0.3),
    ("97101", 0.3),
    ("97209", 0.5),
    ("97302", 0.3),
    ("97411", 0.9),
    ("97415", 0.4),
    ("97611", 0.3),
]
# Births abroad: 99 + the INSEE code of the country.
FOREIGN_PLACES = [
    ("99350", 3.0),
    ("99352", 3.5),
    ("99351", 1.2),
    ("99139", 2.0),
    ("99134", 0.8),
    ("99127", 0.8),
    ("99109", 0.6),
    ("99131", 0.5),
    ("99208", 0.6),
    ("99341", 0.5),
    ("99243", 0.3),
    ("99132", 0.3),
    ("99216", 0.3),
    ("99140", 0.2),
]

ACCENTED = "ÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸÆŒÁÍÓÚÑŞÃÕ"
PLAIN = "AAACEEEEIIOOUUUYAOAIOUNSAO"


def strip_accents(text: str) -> str:
    text = text.replace("Æ", "AE").replace("Œ", "OE")
    return "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")


def weighted(items, weight=lambda rank: 1.0 / (rank + 3)):
    """(values, cumulative weights) for bisect-based draws."""
    cumulative = list(itertools.accumulate(weight(i) for i in range(len(items))))
    return list(items), cumulative


class Draw:
    def __init__(self, rng: random.Random, values, cumulative):
        self.rng, self.values, self.cumulative = rng, values, cumulative
        self.total = cumulative[-1]

    def __call__(self):
        return self.values[bisect.bisect_right(self.cumulative, self.rng.random() * self.total)]


def build_surnames(rng: random.Random) -> list[str]:
    """About 6,000 surnames, common ones first, then a shuffled tail."""
    tail = set()
    for stem in SURNAME_STEMS:
        for ending in SURNAME_ENDINGS:
            for prefix in SURNAME_PREFIXES:
                if prefix and (ending in ("EAU", "OUX") or rng.random() < 0.8):
                    continue
                tail.add(prefix + stem + ending)
    world = [name.replace("_", " ") for name in WORLD_SURNAMES]
    common = [name.replace("_", " ") for name in COMMON_SURNAMES]
    tail = sorted(tail - {strip_accents(n) for n in common})
    rng.shuffle(tail)
    for i, name in enumerate(world):
        tail.insert(40 + i * 37, name)
    return common + tail


class Generator:
    def __init__(self, seed: int = 1, frequent_surname_share: float = 0.0):
        self.rng = rng = random.Random(seed)
        surnames = build_surnames(rng)
        # Zipf-like: MARTIN about 0.3 %, a long tail.
        self.surname = Draw(rng, *weighted(surnames, lambda r: 1.0 / (r + 60) ** 1.05))
        self.frequent_share = frequent_surname_share
        self.used_nirs: set[str] = set()
        self.first = {}
        for decade, (male, female) in FIRST_NAMES.items():
            self.first[decade, "M"] = Draw(rng, *weighted(male.split()))
            self.first[decade, "F"] = Draw(rng, *weighted(female.split()))
        self.french_place = Draw(
            rng,
            [p for p, _ in FRENCH_PLACES],
            list(itertools.accumulate(w for _, w in FRENCH_PLACES)),
        )
        self.foreign_place = Draw(
            rng,
            [p for p, _ in FOREIGN_PLACES],
            list(itertools.accumulate(w for _, w in FOREIGN_PLACES)),
        )
        # Age pyramid: flat to 60, then thinning out to 100.
        ages = list(range(0, 101))
        self.age = Draw(
            rng,
            ages,
            list(
                itertools.accumulate(
                    1.0 if a < 60 else max(0.02, 1.0 - (a - 60) / 40) for a in ages
                )
            ),
        )

    # --- one person -------------------------------------------------------------------
    def decade(self, year: int) -> int:
        for start in (2015, 2000, 1980, 1960, 1940):
            if year >= start - 5:
                return start
        return 1920

    def first_names(self, sex: str, year: int, avoid: str = "") -> str:
        rng = self.rng
        draw = self.first[self.decade(year), sex]
        for _ in range(20):
            first = draw()
            if year < 1975 and "-" not in first and rng.random() < 0.12:
                second = draw()
                if second != first and "-" not in second:
                    first = f"{first}-{second}"
            if not avoid or first.split("-")[0] != avoid.split(" ")[0].split("-")[0]:
                break
        names = [first]
        older = self.first[self.decade(year - 30), sex]
        for _ in range(rng.choice((0, 1, 1, 2, 2))):
            name = older()
            if name not in names and "-" not in name:
                names.append(name)
        return " ".join(names)

    def birth_date(self) -> datetime.date:
        year = TODAY_YEAR - self.age()
        return datetime.date(year, 1, 1) + datetime.timedelta(days=self.rng.randrange(365))

    def place(self) -> str:
        r = self.rng.random()
        return self.foreign_place() if r < 0.09 else self.french_place()

    def family_name(self) -> str:
        rng = self.rng
        if self.frequent_share and rng.random() < self.frequent_share:
            return "MARTIN"
        name = self.surname()
        if rng.random() < 0.025:  # a compound surname, from 2005 on
            other = self.surname()
            if other != name:
                name = f"{name}--{other}" if rng.random() < 0.6 else f"{name} {other}"
        return name

    def nir(self, sex: str, date: datetime.date, place: str, order: int) -> str:
        """A NIR no one else has: the order number is moved on when taken."""
        prefix = f"{1 if sex == 'M' else 2}{date.year % 100:02d}{date.month:02d}{place}"
        for _ in range(999):
            body = f"{prefix}{order:03d}"
            if body not in self.used_nirs:
                break
            order = order % 999 + 1
        self.used_nirs.add(body)
        return body + stdnum_nir.calc_check_digits(body)

    def person(
        self, surname: str | None = None, date=None, place=None, sex=None, avoid_first: str = ""
    ) -> dict:
        rng = self.rng
        sex = sex or rng.choice("MF")
        date = date or self.birth_date()
        place = place or self.place()
        surname = surname or self.family_name()
        used = ""
        if sex == "F" and TODAY_YEAR - date.year > 24 and rng.random() < 0.55:
            used = self.surname()
        return {
            "nom": surname,
            "usage": used,
            "prenoms": self.first_names(sex, date.year, avoid_first),
            "sexe": sex,
            "date": date,
            "lieu": place,
            "nir": self.nir(sex, date, place, rng.randrange(1, 1000)),
        }

    # --- how a person is written in the file ---------------------------------------------
    def record(self, p: dict, local: bool) -> dict:
        """The person's record; INS-qualified ones carry the INS traits as INSi gives them."""
        rng = self.rng
        r = rng.random()
        if p["nir"] and r < 0.45:
            statut = "QUAL"
        elif p["nir"] and r < 0.60:
            statut = "RECUP"
        elif r < 0.70:
            statut = "VALI"
        else:
            statut = "PROV"
        if local:
            statut = "PROV"
        nom, usage, prenoms = p["nom"], p["usage"], p["prenoms"]
        ins = statut in ("QUAL", "RECUP")
        if ins:
            nom, usage, prenoms = (strip_accents(x) for x in (nom, usage, prenoms))
            prenoms = prenoms.replace("'", " ")
        elif rng.random() < 0.5:
            nom, usage, prenoms = (strip_accents(x) for x in (nom, usage, prenoms))
        nir = p["nir"]
        if not ins and rng.random() < 0.25:
            nir = ""
        elif nir and rng.random() < 0.3:
            nir = nir[:13]
        return {
            "nom_naissance": nom,
            "nom_utilise": usage,
            "prenoms": prenoms,
            "sexe": p["sexe"],
            "date_naissance": p["date"].isoformat(),
            "lieu_naissance": p["lieu"],
            "nir": nir,
            "statut": statut,
        }

    # --- errors of a duplicate --------------------------------------------------------
    def typo(self, text: str) -> str:
        rng = self.rng
        letters = [i for i, c in enumerate(text) if c.isalpha()]
        if len(letters) < 3:
            return text
        i = rng.choice(letters[1:])
        kind = rng.random()
        if kind < 0.3:  # substitution by a neighbour on an AZERTY keyboard or a sound-alike
            swaps = {
                "M": "N",
                "N": "M",
                "E": "A",
                "A": "E",
                "I": "Y",
                "Y": "I",
                "S": "Z",
                "C": "K",
                "T": "D",
                "D": "T",
                "O": "AU",
                "L": "LL",
                "R": "RR",
            }
            return text[:i] + swaps.get(text[i].upper(), "E") + text[i + 1 :]
        if kind < 0.55:  # a letter dropped
            return text[:i] + text[i + 1 :]
        if kind < 0.8 and i + 1 < len(text) and text[i + 1].isalpha():  # two letters swapped
            return text[:i] + text[i + 1] + text[i] + text[i + 2 :]
        return text[:i] + text[i] + text[i:]  # a letter doubled

    def duplicate(self, p: dict) -> dict:
        rng = self.rng
        rec = self.record(p, local=True)
        patterns = []
        for _ in range(rng.choice((1, 1, 1, 2, 2, 3))):
            patterns.append(
                rng.choices(
                    [
                        "accents",
                        "casse",
                        "prenom_tronque",
                        "prenom_trait",
                        "nom_compose",
                        "particule",
                        "noms_croises",
                        "jour_mois",
                        "date_inconnue",
                        "faute_nom",
                        "faute_prenom",
                        "sans_nir",
                        "sans_sexe_lieu",
                        "faute_date",
                    ],
                    weights=[10, 4, 10, 5, 4, 4, 6, 5, 5, 10, 8, 12, 3, 3],
                )[0]
            )
        for pattern in patterns:
            if pattern == "accents":
                if rng.random() < 0.5:
                    rec["nom_naissance"] = strip_accents(rec["nom_naissance"])
                    rec["prenoms"] = strip_accents(rec["prenoms"])
                else:
                    rec["nom_naissance"], rec["prenoms"] = p["nom"], p["prenoms"]
            elif pattern == "casse":
                rec["nom_naissance"] = rec["nom_naissance"].title()
                rec["prenoms"] = rec["prenoms"].title()
            elif pattern == "prenom_tronque":
                first = rec["prenoms"].split(" ")[0]
                rec["prenoms"] = first.split("-")[0] if rng.random() < 0.5 else first
            elif pattern == "prenom_trait":
                names = rec["prenoms"]
                rec["prenoms"] = (
                    names.replace("-", " ") if "-" in names else names.replace(" ", "-", 1)
                )
            elif pattern == "nom_compose":
                nom = rec["nom_naissance"]
                if "--" in nom:
                    rec["nom_naissance"] = rng.choice(
                        (nom.replace("--", " "), nom.replace("--", "-"), nom.split("--")[0])
                    )
                elif " " in nom and not nom.startswith(("LE ", "DE ", "DA ", "DOS ")):
                    rec["nom_naissance"] = rng.choice(
                        (nom.replace(" ", "--"), nom.replace(" ", "-"))
                    )
            elif pattern == "particule":
                nom = rec["nom_naissance"]
                rec["nom_naissance"] = nom.replace(" ", "") if " " in nom else nom
            elif pattern == "noms_croises" and rec["nom_utilise"]:
                if rng.random() < 0.6:
                    rec["nom_naissance"] = rec["nom_utilise"]
                    rec["nom_utilise"] = ""
                else:
                    rec["nom_naissance"], rec["nom_utilise"] = (
                        rec["nom_utilise"],
                        rec["nom_naissance"],
                    )
            elif pattern == "jour_mois":
                d = p["date"]
                if d.day <= 12 and d.day != d.month:
                    rec["date_naissance"] = f"{d.year:04d}-{d.day:02d}-{d.month:02d}"
            elif pattern == "date_inconnue":
                y = p["date"].year
                rec["date_naissance"] = rng.choice(
                    (f"{y:04d}-01-01", f"{y:04d}-12-31", f"{y:04d}-00-00")
                )
            elif pattern == "faute_nom":
                rec["nom_naissance"] = self.typo(rec["nom_naissance"])
            elif pattern == "faute_prenom":
                rec["prenoms"] = self.typo(rec["prenoms"])
            elif pattern == "sans_nir":
                rec["nir"] = ""
            elif pattern == "sans_sexe_lieu":
                if rng.random() < 0.5:
                    rec["sexe"] = ""
                else:
                    rec["lieu_naissance"] = ""
            elif pattern == "faute_date":
                d = rec["date_naissance"]
                i = rng.choice((2, 3, 8, 9))
                rec["date_naissance"] = d[:i] + str(rng.randrange(10)) + d[i + 1 :]
        return rec

    # --- the file ------------------------------------------------------------------------
    def generate(
        self,
        n: int,
        duplicate_rate: float = 0.03,
        twin_rate: float = 0.008,
        sibling_rate: float = 0.02,
        homonym_rate: float = 0.004,
        collision_rate: float = 0.001,
    ):
        """n records: (rows, truth), both lists of tuples in column order, shuffled."""
        rng = self.rng
        out = []  # (record dict, person, role, nir_of_index)
        persons = []
        n_dup = int(n * duplicate_rate)
        n_twin = int(n * twin_rate)
        n_sib = int(n * sibling_rate)
        n_hom = int(n * homonym_rate)
        n_col = int(n * collision_rate)
        n_base = n - n_dup - n_twin - n_sib - n_hom - n_col
        for _ in range(n_base):
            p = self.person()
            persons.append(p)
            out.append((self.record(p, local=False), len(persons) - 1, "original", -1))
        for _ in range(n_twin):
            k = rng.randrange(n_base)
            q = persons[k]
            t = self.person(
                surname=q["nom"],
                date=q["date"],
                place=q["lieu"],
                sex=rng.choice((q["sexe"], "M", "F")),
                avoid_first=q["prenoms"],
            )
            if t["sexe"] == "F" and q["sexe"] == "F":
                t["usage"] = t["usage"] if rng.random() < 0.5 else ""
            persons.append(t)
            out.append((self.record(t, local=False), len(persons) - 1, "jumeau", -1))
        for _ in range(n_sib):
            k = rng.randrange(n_base)
            q = persons[k]
            delta = datetime.timedelta(days=rng.randrange(300, 4000) * rng.choice((-1, 1)))
            date = min(q["date"] + delta, datetime.date(TODAY_YEAR, 6, 30))
            s = self.person(surname=q["nom"], date=date, place=q["lieu"], avoid_first=q["prenoms"])
            persons.append(s)
            out.append((self.record(s, local=False), len(persons) - 1, "apparente", -1))
        for _ in range(n_hom):
            k = rng.randrange(n_base)
            q = persons[k]
            date = datetime.date(q["date"].year, 1, 1) + datetime.timedelta(days=rng.randrange(365))
            h = self.person(surname=q["nom"], date=date, sex=q["sexe"])
            h["prenoms"] = (
                q["prenoms"].split(" ")[0] + h["prenoms"][len(h["prenoms"].split(" ")[0]) :]
            )
            persons.append(h)
            out.append((self.record(h, local=False), len(persons) - 1, "homonyme", -1))
        for _ in range(n_col):
            k = rng.randrange(n_base)
            q = persons[k]
            if rng.random() < 0.75:  # a child recorded under a parent's NIR
                year = min(q["date"].year + rng.randrange(20, 38), TODAY_YEAR - 1)
                date = datetime.date(year, 1, 1) + datetime.timedelta(days=rng.randrange(365))
                c = self.person(surname=q["nom"], date=date, avoid_first=q["prenoms"])
            else:  # the number copied onto another patient's record
                c = self.person()
            persons.append(c)
            rec = self.record(c, local=True)
            rec["nir"] = q["nir"] if rng.random() < 0.7 else q["nir"][:13]
            rec["statut"] = "PROV"
            out.append((rec, len(persons) - 1, "collision", k))
        for _ in range(n_dup):
            k = rng.randrange(n_base + n_twin + n_sib)
            out.append((self.duplicate(persons[k]), k, "doublon", -1))
        order = list(range(len(out)))
        rng.shuffle(order)
        # Local identifiants: numbers in the order the software created them.
        ident = {}
        for position, i in enumerate(order):
            ident[i] = str(100001 + position)
        # The record of the person whose NIR a collision carries: their first record.
        first_record = {}
        for i in range(len(out)):
            first_record.setdefault(out[i][1], i)
        rows, truth = [], []
        for i in order:
            rec, person, role, nir_of = out[i]
            rows.append((ident[i], *(rec[c] for c in COLUMNS[1:])))
            truth.append(
                (
                    ident[i],
                    str(person + 1),
                    role,
                    ident[first_record[nir_of]] if nir_of >= 0 else "",
                )
            )
        return rows, truth


def write(path: Path, rows, truth) -> Path:
    path = Path(path)
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, delimiter=";", lineterminator="\n")
        w.writerow(COLUMNS)
        w.writerows(rows)
    truth_path = path.with_suffix(".verite.csv")
    with truth_path.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, delimiter=";", lineterminator="\n")
        w.writerow(TRUTH_COLUMNS)
        w.writerows(truth)
    return truth_path


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        description="Fichier d'identités fictives avec vérité terrain."
    )
    parser.add_argument("nombre", type=int, help="nombre d'enregistrements")
    parser.add_argument("--sortie", type=Path, required=True, help="fichier CSV à écrire")
    parser.add_argument("--graine", type=int, default=1)
    parser.add_argument("--taux-doublons", type=float, default=0.03)
    parser.add_argument(
        "--nom-frequent",
        type=float,
        default=0.0,
        help="part des personnes nommées MARTIN (ex. 0.10 pour un bloc énorme)",
    )
    args = parser.parse_args(argv)
    started = time.perf_counter()
    gen = Generator(args.graine, args.nom_frequent)
    rows, truth = gen.generate(args.nombre, duplicate_rate=args.taux_doublons)
    truth_path = write(args.sortie, rows, truth)
    print(
        f"{len(rows)} enregistrements écrits dans {args.sortie} et {truth_path} "
        f"en {time.perf_counter() - started:.1f} s",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
