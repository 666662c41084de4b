"""Check a NIR or a matricule INS, and its consistency with the person's traits.

Pure: no Django. `check(number, sex=…, birth_date=…, place=…, oid=…)` returns
a `NirCheck` whose findings each say, in French, what was found, how serious
it is, and the text it rests on:

1. the characters and the length (13 characters without the key, 15 with it;
   spaces and dots are tolerated);
2. the key, computed by python-stdnum (`stdnum.fr.nir`, 97 - number mod 97,
   Corsica's 2A and 2B read as 19 and 18), never by hand;
3. the structure: sex, year, month (with the values kept for incomplete civil
   records), place of birth (department and commune, overseas 97x/98x,
   births abroad 99 + country, the codes used before independence), named
   from the offline copy of the INSEE Code officiel géographique (`geo`);
4. the OID that says whether an INS matricule is a NIR, a NIA, a test or a
   demonstration number;
5. when the traits are given, whether the number agrees with them.

Rules marked `unverified` rest on a source whose primary text could not be
read again: the pages show them « non vérifié », never as official.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from datetime import date

from stdnum.fr import nir as stdnum_nir

from hygie.identity import geo
from hygie.lib.dates import MONTHS

ERROR = "erreur"  # the number is wrong, or contradicts the traits
WARNING = "attention"  # unusual, to check, but not proof of an error
INFO = "info"  # what the number says

# Where each rule comes from: (id in the content library's sources, citation).
DECREE = ("decret-82-103", "Décret n° 82-103 du 22 janvier 1982, article 4")
CNAM = ("cnam-nir-validation", "Assurance Maladie, validateur de NIR nir-validation")
CNAM_NNP = ("cnam-nir-validation", "Assurance Maladie, validateur nir-validation (NNP)")
ABROAD = ("service-public-nir-etranger", "Service-public.fr, personnes nées à l'étranger")
SPECIAL = ("nir-cas-particuliers", "Cas particuliers du NIR décrits par des tiers")
FR_CORE = ("fr-core-ins", "Interop'Santé, guide FR Core, profil Patient INS")
IDENTITO = ("identito-na", "Identitovigilance Nouvelle-Aquitaine, « NIR et NIA »")
COG = ("insee-cog", "INSEE, Code officiel géographique")

OIDS = {
    "1.2.250.1.213.1.4.8": ("NIR", "matricule INS de type NIR"),
    "1.2.250.1.213.1.4.9": ("NIA", "matricule INS de type NIA (numéro d'attente)"),
    "1.2.250.1.213.1.4.10": ("TEST", "matricule INS de test (NIR de test)"),
    "1.2.250.1.213.1.4.11": ("DEMO", "matricule INS de démonstration"),
}

SEXES = {"1": "M", "2": "F", "7": "M", "8": "F"}
# Departments 91 to 95 were created on 1 January 1968 (Île-de-France); before
# that, as 96, they stood for Algeria, Morocco and Tunisia before independence.
PRE_INDEPENDENCE = {"91": "Algérie", "92": "Algérie", "93": "Algérie", "94": "Algérie"}
PRE_INDEPENDENCE |= {"95": "Maroc", "96": "Tunisie"}
PRE_INDEPENDENCE_COUNTRIES = {"Algérie": "99352", "Maroc": "99350", "Tunisie": "99351"}
# Communes that moved from one department to another when Seine and
# Seine-et-Oise were split in 1968: a code may differ for the same place.
PARIS_REGION_1968 = {"75", "77", "78", "91", "92", "93", "94", "95"}


@dataclass(frozen=True)
class Finding:
    code: str  # stable, for programs: "cle_invalide", "sexe_incoherent"…
    level: str  # ERROR, WARNING or INFO
    message: str  # in French, for a person
    ref: str  # the source's id in the content library
    source: str  # the source, cited in French
    unverified: bool = False  # the rule rests on a text not read again: « non vérifié »


@dataclass(frozen=True)
class Place:
    code: str  # the 5 characters of positions 6 to 10
    kind: str  # "france", "outre-mer", "etranger", "avant-independance", "inconnu"
    label: str  # in French: « Ajaccio (Corse-du-Sud, 2A) », « naissance à l'étranger : MAROC »


@dataclass
class NirCheck:
    number: str  # compacted: no spaces nor dots, upper case
    valid: bool = False  # no finding at the ERROR level
    key_checked: bool = False  # a key was given and computed
    sex: str = ""  # 'M', 'F' or ''
    year: str = ""  # two digits
    month: str = ""  # two digits, possibly a special value
    place: Place | None = None
    oid_kind: str = ""  # "NIR", "NIA", "TEST", "DEMO", or '' (no or unknown OID)
    findings: list[Finding] = field(default_factory=list)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.level == ERROR]

    def has(self, code: str) -> bool:
        return any(f.code == code for f in self.findings)

    def as_dict(self) -> dict:
        return {
            "numero": self.number,
            "valide": self.valid,
            "cle_verifiee": self.key_checked,
            "sexe": self.sex,
            "annee": self.year,
            "mois": self.month,
            "lieu": asdict(self.place) if self.place else None,
            "oid": self.oid_kind,
            "constats": [
                {
                    "code": f.code,
                    "niveau": f.level,
                    "message": f.message,
                    "source": f.source,
                    "source_id": f.ref,
                    "non_verifie": f.unverified,
                }
                for f in self.findings
            ],
        }


class TraitError(ValueError):
    """A trait given to compare with is unreadable; its message is French,
    `trait` says which: "sex", "birth_date" or "place"."""

    def __init__(self, message: str, trait: str) -> None:
        super().__init__(message)
        self.trait = trait


def compact(number: str) -> str:
    return stdnum_nir.compact(number or "")


def key_matches(number: str) -> bool | None:
    """Whether a 15-character number's key is right; None without a key or
    when the number is unreadable. Cheap: for checking many numbers."""
    n = compact(number)
    if len(n) != 15:
        return None
    try:
        stdnum_nir.validate(n)
    except stdnum_nir.InvalidChecksum:
        return False
    except stdnum_nir.ValidationError:
        return None
    return True


def parse_sex(value: str | None) -> str:
    """'M', 'F' or '' from what a person types."""
    text = (value or "").strip().upper()
    if text in ("", "I", "U", "INCONNU"):
        return ""
    if text in ("M", "H", "1", "HOMME", "MASCULIN"):
        return "M"
    if text in ("F", "2", "FEMME", "FEMININ", "FÉMININ"):
        return "F"
    raise TraitError(f"Sexe illisible : « {value} ». Indiquez M ou F.", "sex")


def parse_birth_date(value: str | None) -> tuple[int, int, int] | None:
    """(year, month, day) from 'AAAA-MM-JJ' or 'JJ/MM/AAAA'; 0 for an unknown
    month or day ('1950-00-00'); None when nothing is given."""
    text = (value or "").strip()
    if not text:
        return None
    if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text):
        y, mo, d = (int(g) for g in m.groups())
    elif m := re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", text):
        d, mo, y = (int(g) for g in m.groups())
    else:
        raise TraitError(
            f"Date de naissance illisible : « {value} ». Écrivez-la AAAA-MM-JJ ou JJ/MM/AAAA "
            "(00 pour un jour ou un mois inconnu).",
            "birth_date",
        )
    if not 1850 <= y <= date.today().year or mo > 12 or d > 31:
        raise TraitError(f"Date de naissance impossible : « {value} ».", "birth_date")
    if mo and d:
        try:
            date(y, mo, d)
        except ValueError:
            raise TraitError(f"Date de naissance impossible : « {value} ».", "birth_date") from None
    if d and not mo:
        raise TraitError(
            f"Date de naissance impossible : « {value} » (jour sans mois).", "birth_date"
        )
    return y, mo, d


def parse_place(value: str | None) -> str:
    """A 5-character INSEE code ('75056', '2A004', '99350'), or ''."""
    text = (value or "").strip().upper()
    if not text:
        return ""
    if not re.fullmatch(r"\d{5}|2[AB]\d{3}", text):
        raise TraitError(
            f"Lieu de naissance illisible : « {value} ». Donnez le code INSEE de la commune "
            "(5 caractères, par exemple 75056 ou 2A004) ou du pays de naissance (99xxx).",
            "place",
        )
    return text


def normalise_oid(value: str | None) -> str:
    text = (value or "").strip()
    return text.removeprefix("urn:oid:")


def check(
    number: str,
    *,
    sex: str | None = None,
    birth_date: str | None = None,
    place: str | None = None,
    oid: str | None = None,
) -> NirCheck:
    """Check the number, then its consistency with the traits given.

    Raises TraitError (a French message) when a trait is unreadable; a wrong
    number never raises: its findings say what is wrong.
    """
    traits = (parse_sex(sex), parse_birth_date(birth_date), parse_place(place))
    result = NirCheck(number=compact(number))
    findings = result.findings
    oid_code = normalise_oid(oid)
    from_ins = bool(oid_code)
    if oid_code:
        _check_oid(result, oid_code)
    if _check_shape(result):
        _check_key(result)
        _check_structure(result, lenient=from_ins, birth_year=traits[1][0] if traits[1] else 0)
        if oid_code and len(result.number) == 13:
            findings.append(
                Finding(
                    "matricule_sans_cle",
                    WARNING,
                    "Un matricule INS s'échange avec sa clé, soit 15 caractères : "
                    "ce numéro n'en a que 13.",
                    *FR_CORE,
                )
            )
        _check_traits(result, *traits)
    result.valid = not result.errors
    return result


def _check_oid(result: NirCheck, oid: str) -> None:
    known = OIDS.get(oid)
    if known is None:
        result.findings.append(
            Finding(
                "oid_inconnu",
                WARNING,
                f"L'OID « {oid} » n'est pas celui d'un matricule INS (NIR {_oid('NIR')}, "
                f"NIA {_oid('NIA')}) : vérifiez d'où vient ce numéro.",
                *FR_CORE,
            )
        )
        return
    kind, label = known
    result.oid_kind = kind
    messages = {
        "NIR": (INFO, f"OID {oid} : {label}."),
        "NIA": (
            INFO,
            f"OID {oid} : {label}, attribué en attendant que l'inscription au répertoire "
            "soit terminée ; il sera remplacé par un NIR. Le détail du format du NIA n'est pas "
            "publié : ses contrôles de structure sont indicatifs.",
        ),
        "TEST": (
            WARNING,
            f"OID {oid} : {label}. Il ne désigne pas une vraie personne : il ne doit "
            "jamais figurer dans le dossier d'un patient.",
        ),
        "DEMO": (
            WARNING,
            f"OID {oid} : {label}. Il ne désigne pas une vraie personne : il ne doit "
            "jamais figurer dans le dossier d'un patient.",
        ),
    }
    level, message = messages[kind]
    source = IDENTITO if kind == "NIA" else FR_CORE
    result.findings.append(Finding(f"oid_{kind.lower()}", level, message, *source))


def _oid(kind: str) -> str:
    return next(code for code, (k, _) in OIDS.items() if k == kind)


def _check_shape(result: NirCheck) -> bool:
    """Characters and length; False when nothing more can be read."""
    n = result.number
    if not n:
        result.findings.append(Finding("vide", ERROR, "Aucun numéro n'a été donné.", *DECREE))
        return False
    if len(n) not in (13, 15):
        result.findings.append(
            Finding(
                "longueur",
                ERROR,
                f"Le numéro a {len(n)} caractères : un NIR en a 13, et 15 avec sa clé "
                "(le matricule INS s'écrit avec la clé).",
                *DECREE,
            )
        )
        return False
    body = n[:5] + ("19" if n[5:7] in ("2A", "2B") else n[5:7]) + n[7:]
    if not body.isdigit() or not body.isascii():
        result.findings.append(
            Finding(
                "caracteres",
                ERROR,
                "Le numéro ne doit contenir que des chiffres, sauf 2A ou 2B (Corse) en 6e et "
                "7e positions.",
                *CNAM,
            )
        )
        return False
    return True


def _check_key(result: NirCheck) -> None:
    n = result.number
    if len(n) == 13:
        result.findings.append(
            Finding(
                "sans_cle",
                INFO,
                "Numéro sans clé (13 caractères) : sans clé, le numéro ne peut pas être contrôlé entièrement.",
                *DECREE,
            )
        )
        return
    result.key_checked = True
    if stdnum_nir.is_valid(n):
        result.findings.append(
            Finding(
                "cle_valide",
                INFO,
                "La clé de contrôle (deux derniers chiffres) correspond au numéro.",
                *CNAM,
            )
        )
        return
    result.findings.append(
        Finding(
            "cle_invalide",
            ERROR,
            "La clé de contrôle ne correspond pas au numéro : au moins un chiffre a été mal "
            "saisi. Ne corrigez pas la clé : reprenez le numéro depuis sa source (carte Vitale, "
            "téléservice INSi, attestation de droits).",
            *CNAM,
        )
    )


def _check_structure(result: NirCheck, *, lenient: bool, birth_year: int) -> None:
    """Sex, year, month and place of birth. `lenient` when the number comes
    with an INS OID: a matricule returned by INSi is not hard-rejected for an
    unusual sex or month."""
    n = result.number
    findings = result.findings
    wrong = WARNING if lenient else ERROR
    first = n[0]
    result.sex = SEXES.get(first, "")
    if first in "12":
        word = "homme" if first == "1" else "femme"
        findings.append(Finding("sexe", INFO, f"1er chiffre {first} : {word}.", *DECREE))
    elif first in "78":
        word = "d'un homme" if first == "7" else "d'une femme"
        findings.append(
            Finding(
                "nnp",
                WARNING,
                f"1er chiffre {first} : numéro provisoire (NNP) {word}, attribué en "
                "attendant l'immatriculation définitive. Ces numéros ont officiellement "
                "disparu au 31 décembre 2022 : demandez le NIR définitif.",
                *CNAM_NNP,
            )
        )
    else:
        findings.append(
            Finding(
                "sexe_invalide",
                wrong,
                f"1er chiffre {first} : un NIR commence par 1 (homme) ou 2 (femme).",
                *DECREE,
            )
        )

    result.year = n[1:3]
    result.month = month = n[3:5]
    m = int(month)
    if 1 <= m <= 12:
        findings.append(
            Finding(
                "naissance",
                INFO,
                f"Naissance en {MONTHS[m - 1]} d'une année finissant par {result.year} "
                "(le NIR ne donne pas le siècle).",
                *DECREE,
            )
        )
    elif 20 <= m <= 42 or m >= 50:
        findings.append(
            Finding(
                "mois_special",
                WARNING,
                f"Mois {month} : valeur réservée aux personnes inscrites à partir d'un acte "
                "d'état civil incomplet (mois de naissance inconnu) ; le mois ne peut pas être "
                "comparé à la date de naissance.",
                *SPECIAL,
                unverified=True,
            )
        )
    else:
        findings.append(
            Finding(
                "mois_invalide",
                wrong,
                f"Mois {month} : le mois de naissance va de 01 à 12.",
                *CNAM,
            )
        )
    _check_place(result, wrong, birth_year)


def _check_place(result: NirCheck, wrong: str, birth_year: int) -> None:
    n = result.number
    findings = result.findings
    dep = n[5:7]
    code = n[5:10]
    if dep == "99":
        name = geo.country(code)
        if name:
            result.place = Place(code, "etranger", f"naissance à l'étranger : {name}")
            findings.append(
                Finding(
                    "ne_etranger",
                    INFO,
                    f"Département 99 : naissance à l'étranger ; pays {code[2:]} : {name}.",
                    *ABROAD,
                )
            )
        else:
            result.place = Place(code, "inconnu", "naissance à l'étranger, pays inconnu")
            findings.append(
                Finding(
                    "pays_inconnu",
                    WARNING,
                    f"Département 99 (naissance à l'étranger), mais le code pays {code[2:]} "
                    "ne figure pas dans le Code officiel géographique.",
                    *COG,
                )
            )
        return
    if dep == "96" or (dep in PRE_INDEPENDENCE and _before_1968(result.year, birth_year)):
        country = PRE_INDEPENDENCE[dep]
        result.place = Place(
            code, "avant-independance", f"naissance en {country} avant l'indépendance"
        )
        also = ""
        if dep != "96":
            commune = geo.commune(code)
            where = f" ({commune.name})" if commune else ""
            also = (
                f" Si la personne est née en 1968 ou après, {dep} est le département "
                f"{geo.department_name(dep)}{where}."
            )
        findings.append(
            Finding(
                "avant_independance",
                INFO,
                f"Département {dep} : code des personnes nées en {country} avant "
                f"l'indépendance.{also}",
                *SPECIAL,
                unverified=True,
            )
        )
        return
    if dep in ("97", "98"):
        department = n[5:8]
        commune = geo.commune(code)
        dep_name = geo.department_name(department)
        if not dep_name:
            result.place = Place(code, "inconnu", f"outre-mer, territoire {department} inconnu")
            findings.append(
                Finding(
                    "outre_mer_inconnu",
                    wrong,
                    f"Code {department} : aucun département ni collectivité d'outre-mer ne "
                    "porte ce code.",
                    *CNAM,
                )
            )
            return
        label = f"{commune.name} ({dep_name}, {department})" if commune else dep_name
        result.place = Place(code, "outre-mer", label)
        findings.append(Finding("outre_mer", INFO, f"Naissance outre-mer : {label}.", *CNAM))
        if not commune:
            findings.append(_unknown_commune(code, dep_name))
        return
    if dep == "20":
        commune = geo.commune(code)
        label = f"{commune.name} ({commune.department_name})" if commune else "Corse"
        result.place = Place(code, "france", label)
        findings.append(
            Finding(
                "corse_20",
                WARNING,
                f"Département 20 : ancien code de la Corse, avant sa division en 2A et 2B en "
                f"1976 ; lieu : {label}.",
                *SPECIAL,
                unverified=True,
            )
        )
        return
    dep_name = geo.department_name(dep)
    if not dep_name:
        result.place = Place(code, "inconnu", f"département {dep} inconnu")
        findings.append(
            Finding(
                "departement_invalide",
                wrong,
                f"Département {dep} : aucun département ne porte ce code (01 à 95, 2A, 2B, "
                "97 et 98 outre-mer, 99 à l'étranger).",
                *CNAM,
            )
        )
        return
    commune = geo.commune(code)
    label = f"{commune.name} ({dep_name}, {dep})" if commune else f"département {dep_name} ({dep})"
    result.place = Place(code, "france", label)
    findings.append(Finding("lieu", INFO, f"Lieu de naissance : {label}.", *COG))
    if not commune:
        findings.append(_unknown_commune(code, dep_name))


def _unknown_commune(code: str, dep_name: str) -> Finding:
    return Finding(
        "commune_inconnue",
        WARNING,
        f"La commune {code} ne figure pas dans le Code officiel géographique ({dep_name}) : "
        "elle a pu disparaître ou changer de code, ou un chiffre a été mal saisi.",
        *COG,
    )


def _before_1968(yy: str, birth_year: int) -> bool:
    """Whether the birth can be before 1968: the NIR does not say the century,
    the date of birth does when given."""
    return birth_year < 1968 if birth_year else int(yy) < 68


def _check_traits(
    result: NirCheck, sex: str, birth: tuple[int, int, int] | None, place: str
) -> None:
    findings = result.findings
    if sex and result.sex:
        if sex == result.sex:
            findings.append(Finding("sexe_coherent", INFO, "Le sexe correspond au NIR.", *DECREE))
        else:
            said = "d'un homme" if result.sex == "M" else "d'une femme"
            findings.append(
                Finding(
                    "sexe_incoherent",
                    ERROR,
                    f"Le NIR est celui {said} (1er chiffre {result.number[0]}), "
                    f"le sexe indiqué est {sex}.",
                    *DECREE,
                )
            )
    if birth:
        _compare_date(result, birth)
    if place and result.place:
        _compare_place(result, place, birth[0] if birth else 0)


def _compare_date(result: NirCheck, birth: tuple[int, int, int]) -> None:
    findings = result.findings
    y, mo, _ = birth
    if f"{y % 100:02d}" != result.year:
        findings.append(
            Finding(
                "annee_incoherente",
                ERROR,
                f"Le NIR indique une naissance en …{result.year}, la date de naissance "
                f"indiquée est en {y}.",
                *DECREE,
            )
        )
    else:
        findings.append(
            Finding("annee_coherente", INFO, f"L'année ({y}) correspond au NIR.", *DECREE)
        )
    nir_month = int(result.month)
    if not 1 <= nir_month <= 12:
        return  # special or wrong month: already said
    if not mo:
        findings.append(
            Finding(
                "mois_inconnu",
                INFO,
                "Le mois de naissance est inconnu dans la date indiquée : il n'a pas été "
                "comparé au NIR.",
                *DECREE,
            )
        )
    elif mo != nir_month:
        findings.append(
            Finding(
                "mois_incoherent",
                ERROR,
                f"Le NIR indique le mois {result.month}, la date de naissance indiquée le "
                f"mois {mo:02d}.",
                *DECREE,
            )
        )
    else:
        findings.append(Finding("mois_coherent", INFO, "Le mois correspond au NIR.", *DECREE))


def describe_place(code: str) -> str:
    """A place code in French: « Ajaccio (Corse-du-Sud, 2A004) », « MAROC (99350) »."""
    if code.startswith("99"):
        name = geo.country(code)
        return f"{name} ({code})" if name else f"pays inconnu ({code})"
    commune = geo.commune(code)
    if commune is None:
        return f"commune inconnue ({code})"
    return f"{commune.name} ({commune.department_name}, {code})"


def _same_commune(a: str, b: str) -> bool:
    ca, cb = geo.commune(a), geo.commune(b)
    return bool(ca and cb and ca.current_code == cb.current_code)


def _compare_place(result: NirCheck, place: str, birth_year: int) -> None:
    findings = result.findings
    nir_place = result.place
    assert nir_place is not None
    given = describe_place(place)
    if place == nir_place.code:
        findings.append(
            Finding("lieu_coherent", INFO, f"Le lieu de naissance correspond : {given}.", *COG)
        )
        return
    if nir_place.kind == "avant-independance":
        country = PRE_INDEPENDENCE[nir_place.code[:2]]
        if place == PRE_INDEPENDENCE_COUNTRIES[country]:
            findings.append(
                Finding(
                    "lieu_coherent_avant_independance",
                    INFO,
                    f"Lieu de naissance {given} : cohérent avec le code {nir_place.code[:2]} "
                    f"du NIR, attribué aux personnes nées en {country} avant l'indépendance.",
                    *SPECIAL,
                    unverified=True,
                )
            )
            return
    if _same_commune(place, nir_place.code):
        findings.append(
            Finding(
                "lieu_ancien_code",
                INFO,
                f"Le lieu de naissance ({given}) et le NIR ({describe_place(nir_place.code)}) "
                "désignent la même commune sous deux codes (fusion ou changement de code).",
                *COG,
            )
        )
        return
    nir_dep = geo.department_of(nir_place.code)
    given_dep = geo.department_of(place)
    level = ERROR
    why = ""
    if nir_dep == given_dep:
        level = WARNING
        why = " Même département : la commune a pu changer de code depuis la naissance."
    elif (
        nir_dep in PARIS_REGION_1968
        and given_dep in PARIS_REGION_1968
        and (not birth_year or birth_year < 1968)
    ):
        level = WARNING
        why = (
            " Avant 1968, les communes de la Seine et de la Seine-et-Oise ont changé de "
            "département : vérifiez le code en vigueur à la naissance."
        )
    findings.append(
        Finding(
            "lieu_incoherent",
            level,
            f"Le NIR indique une naissance à {describe_place(nir_place.code)}, le lieu de "
            f"naissance indiqué est {given}.{why}",
            *COG,
        )
    )
