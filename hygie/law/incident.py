"""What a security incident obliges a practice to do, and by when: pure functions.

From the time the practice became aware of the incident and how it is
qualified, `obligations()` lists each obligation with its ground:

- RGPD art. 33(1): a personal-data breach is notified to the CNIL without
  undue delay and, where feasible, within 72 hours of becoming aware of it,
  unless it is unlikely to result in a risk to persons. Later than 72 hours,
  the notification gives the reasons for the delay; the information may be
  provided in phases (art. 33(4)).
- RGPD art. 33(5): every personal-data breach, notified or not, is documented
  (the breach register).
- RGPD art. 34(1): when the breach is likely to result in a high risk, the
  persons are told without undue delay, unless (art. 34(3)) (a) the data were
  made unintelligible, such as by encryption, (b) measures taken since make
  the high risk no longer likely, or (c) it would involve disproportionate
  effort, in which case a public communication replaces it.
- Code des assurances L12-10-1: an insurer pays for the losses of an attack on
  an information system only if a complaint is filed within 72 hours of the
  victim's knowledge of the attack (professionals included).
- Code des assurances L113-2 (4°): a loss is declared to the insurer within
  the time the contract sets, counted in working days (ouvrés) here: Monday to
  Friday, the public holidays of the practice's territory excluded.
- CSP L1111-8-2: établissements de santé and the bodies the ANS lists must
  report significant security incidents on the health signalement portal;
  for independent practices, MSP, centres de santé and CPTS, reporting is
  voluntary (an inference: the law does not name them).

Hours are elapsed hours: 72 hours after 23:30 on the Friday before the change
to summer time is 00:30 on the Tuesday in Paris, not 23:30 on the Monday.

Once an obligation is met, `standing()` says where it stands: to do, late,
done (on time or not) or not required. It is the one place that decides it.
An obligation may be met by Hygie itself: the breach register it keeps lists
every incident with personal data, so being listed there documents the breach
(art. 33(5)) from that moment.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from hygie.law import days
from hygie.law.territories import territory

CNIL_HOURS = 72
COMPLAINT_HOURS = 72


class State(StrEnum):
    TO_DO = "a-faire"  # required, not met yet, its time not passed
    LATE = "en-retard"  # required, not met, its time passed
    DONE = "faite"  # met (whether required or not)
    NOT_REQUIRED = "non-requise"


class Risk(StrEnum):
    UNKNOWN = "inconnu"  # not assessed yet
    NONE = "aucun"  # unlikely to result in a risk to persons
    RISK = "risque"
    HIGH = "eleve"  # likely to result in a high risk


@dataclass(frozen=True)
class Qualification:
    """What is known of the incident; the defaults are the prudent answers."""

    aware_at: datetime  # when the practice became aware: starts every clock
    personal_data: bool = True  # a breach of personal data (art. 4(12))
    risk: Risk = Risk.UNKNOWN
    unintelligible: bool = False  # art. 34(3)(a), e.g. encrypted and key safe
    risk_removed: bool = False  # art. 34(3)(b)
    disproportionate: bool = False  # art. 34(3)(c)
    malicious: bool = True  # an attack on the information system (code pénal 323-1 to 323-3-1)
    insurer_days: int | None = None  # working days the insurance contract gives to declare a loss
    org_kind: str = ""  # the organisation's kind (orgs.Kind), for the signalement portal
    # When the incident was listed in the breach register Hygie keeps (None: not listed).
    listed_at: datetime | None = None


class ObligationKey(StrEnum):
    """The three obligations an incident may bring; the values are stored."""

    CNIL = "cnil"  # notify the CNIL, RGPD art. 33
    PERSONNES = "personnes"  # tell the people concerned, RGPD art. 34
    PLAINTE = "plainte"  # the complaint the insurer needs, code des assurances L12-10-1


@dataclass(frozen=True)
class Obligation:
    key: ObligationKey
    title: str
    required: bool
    due_at: datetime | None  # None: « sans délai excessif » or no deadline
    basis: str  # the article, as shown to people
    reason: str  # why it applies, or not, in French
    rule: str = ""  # id in the content library's legal_deadlines
    # Met by Hygie itself, at that time (the breach register it keeps), and
    # how, in French: « Inscrite au registre des violations d'Hygie ».
    met_at: datetime | None = None
    met: str = ""

    def late(self, now: datetime) -> bool:
        # Compared in UTC: two times of the same zone compare on the wall clock.
        return self.required and self.due_at is not None and days.utc(now) > days.utc(self.due_at)


@dataclass(frozen=True)
class Standing:
    """Where an obligation stands at a moment, given when it was met, if it was."""

    obligation: Obligation
    state: State
    done_at: datetime | None = None
    # Met before its due time; None when it had none (« sans délai excessif »).
    on_time: bool | None = None


def standing(o: Obligation, done_at: datetime | None, now: datetime) -> Standing:
    """The state of `o` at `now`: a recorded fulfilment makes it done, even
    one the qualification does not require (a voluntary report, a notification
    made out of prudence); so does Hygie, for what it does itself (`o.met_at`)."""
    if done_at is None and o.required and o.met_at is not None:
        return Standing(o, State.DONE, o.met_at, None)
    if done_at is not None:
        on_time = None if o.due_at is None else days.utc(done_at) <= days.utc(o.due_at)
        return Standing(o, State.DONE, done_at, on_time)
    if not o.required:
        return Standing(o, State.NOT_REQUIRED)
    return Standing(o, State.LATE if o.late(now) else State.TO_DO)


def delay_reasons_needed(aware_at: datetime, notified_at: datetime) -> bool:
    """RGPD art. 33(1): a notification made more than 72 hours after becoming
    aware of the breach is accompanied by the reasons for the delay."""
    return days.utc(notified_at) > days.utc(days.hours_after(aware_at, CNIL_HOURS))


def working_days_after(moment: datetime, count: int) -> datetime:
    """The end (23:59) of the `count`-th working day after the day of `moment`,
    in its time zone (Monday to Friday, the public holidays of that zone's
    territory excluded: the abolition of slavery in La Réunion on 20 December)."""
    day = days.working_days_after(moment.date(), count, territory(moment.tzinfo).holidays)
    return days.end_of_day(day, moment.tzinfo)


def _working_days(count: int) -> str:
    """« 1 jour ouvré », « 5 jours ouvrés »: French puts 0 and 1 in the singular."""
    return f"{count} jour ouvré" if abs(count) < 2 else f"{count} jours ouvrés"


def cnil_notification(q: Qualification) -> Obligation:
    """RGPD art. 33(1): notified to the CNIL within 72 hours, unless the breach
    is unlikely to result in a risk to persons; art. 33(4): in phases."""
    due = days.hours_after(q.aware_at, CNIL_HOURS)
    title = "Notifier la violation à la CNIL"
    basis = "RGPD, art. 33(1) et 33(4)"
    rule = "rgpd-33-notification-cnil"
    if not q.personal_data:
        return Obligation(
            ObligationKey.CNIL,
            title,
            False,
            None,
            basis,
            "Aucune donnée personnelle n'est touchée.",
            rule,
        )
    if q.risk is Risk.NONE:
        return Obligation(
            ObligationKey.CNIL,
            title,
            False,
            None,
            basis,
            "La violation n'est pas susceptible d'engendrer un risque pour les personnes : "
            "pas de notification, mais l'inscrire au registre avec cette justification.",
            rule,
        )
    reason = (
        "Violation de données personnelles présentant un risque pour les personnes."
        if q.risk in (Risk.RISK, Risk.HIGH)
        else "Risque pas encore évalué : par prudence, le délai court comme si la "
        "notification était due."
    )
    return Obligation(ObligationKey.CNIL, title, True, due, basis, reason, rule)


def register_entry(q: Qualification) -> Obligation:
    """RGPD art. 33(5): every breach is documented. Met by Hygie's own breach
    register, which lists the incident once it touches personal data
    (`q.listed_at`)."""
    return Obligation(
        "registre",
        "Inscrire la violation au registre des violations",
        q.personal_data,
        None,
        "RGPD, art. 33(5)",
        "Toute violation de données personnelles y figure, notifiée ou non."
        if q.personal_data
        else "Aucune donnée personnelle n'est touchée.",
        met_at=q.listed_at if q.personal_data else None,
        met="Inscrite au registre des violations d'Hygie",
    )


def persons_communication(q: Qualification) -> Obligation:
    """RGPD art. 34(1): the persons are told of a high risk without undue
    delay, unless art. 34(3)(a) or (b) applies; (c): a public communication."""
    title = "Informer les personnes concernées"
    basis = "RGPD, art. 34"
    if not q.personal_data or q.risk is not Risk.HIGH:
        reason = (
            "Seul un risque élevé pour les personnes impose de les informer."
            if q.personal_data
            else "Aucune donnée personnelle n'est touchée."
        )
        return Obligation(ObligationKey.PERSONNES, title, False, None, basis, reason)
    if q.unintelligible:
        return Obligation(
            ObligationKey.PERSONNES,
            title,
            False,
            None,
            "RGPD, art. 34(3)(a)",
            "Les données étaient inintelligibles pour qui n'a pas le droit d'y accéder "
            "(chiffrement dont la clé n'est pas compromise).",
        )
    if q.risk_removed:
        return Obligation(
            ObligationKey.PERSONNES,
            title,
            False,
            None,
            "RGPD, art. 34(3)(b)",
            "Les mesures prises ensuite rendent le risque élevé improbable.",
        )
    if q.disproportionate:
        return Obligation(
            ObligationKey.PERSONNES,
            "Informer le public par une communication publique",
            True,
            None,
            "RGPD, art. 34(3)(c)",
            "Informer chaque personne exigerait des efforts disproportionnés : une "
            "communication publique, aussi efficace, la remplace, sans délai excessif.",
        )
    return Obligation(
        ObligationKey.PERSONNES,
        title,
        True,
        None,
        "RGPD, art. 34(1) et 34(2)",
        "Risque élevé pour les personnes : les informer sans délai excessif, en termes "
        "clairs et simples.",
    )


def complaint(q: Qualification) -> Obligation:
    """Code des assurances L12-10-1: a complaint within 72 hours of knowing of
    an attack, for the insurer to pay for its losses."""
    title = "Déposer plainte (condition de l'indemnisation par l'assurance)"
    basis = "Code des assurances, art. L12-10-1"
    if not q.malicious:
        return Obligation(
            ObligationKey.PLAINTE,
            title,
            False,
            None,
            basis,
            "L'incident n'est pas une attaque du système d'information.",
            "assurance-plainte-72h",
        )
    return Obligation(
        ObligationKey.PLAINTE,
        title,
        True,
        days.hours_after(q.aware_at, COMPLAINT_HOURS),
        basis,
        "Attaque du système d'information : sans plainte dans les 72 heures, l'assurance "
        "n'indemnise pas les pertes qu'elle a causées.",
        "assurance-plainte-72h",
    )


def insurer_declaration(q: Qualification) -> Obligation:
    """Code des assurances L113-2 (4°): the loss declared within the contract's
    time, in working days of the practice's territory."""
    title = "Déclarer le sinistre à votre assureur"
    basis = "Code des assurances, art. L113-2 (4°), et votre contrat"
    rule = "assurance-declaration-sinistre"
    if q.insurer_days is None:
        return Obligation(
            "assureur",
            title,
            False,
            None,
            basis,
            "Si un contrat vous couvre (assurance cyber, multirisque professionnelle), "
            "déclarez le sinistre dans le délai qu'il fixe. Indiquez ce délai dans la "
            "qualification : il deviendra une échéance.",
            rule,
        )
    return Obligation(
        "assureur",
        title,
        True,
        working_days_after(q.aware_at, q.insurer_days),
        basis,
        f"Votre contrat donne {_working_days(q.insurer_days)} après la "
        "connaissance du "
        "sinistre pour le déclarer.",
        rule,
    )


def health_report(q: Qualification) -> Obligation:
    """The signalement portal: the law binds « les établissements de santé, les
    organismes et services exerçant des activités de prévention, de diagnostic
    ou de soins et les établissements médico-sociaux ». The ANS's list names no
    kind Hygie serves; a centre de santé is an « organisme » giving care, so
    Hygie tells it to report, out of prudence."""
    title = "Signaler l'incident sur le portail de signalement des événements sanitaires"
    basis = "Code de la santé publique, art. L1111-8-2 et D1111-16-2"
    if q.org_kind == "centre_sante":
        return Obligation(
            "signalement",
            title,
            True,
            None,
            basis,
            "Sans délai. La loi vise les « organismes et services exerçant des activités de "
            "soins », ce qui peut inclure un centre de santé, bien que l'ANS ne le cite pas "
            "(à vérifier) : dans le doute, signalez. Le CERT Santé vous aidera.",
        )
    return Obligation(
        "signalement",
        title,
        False,
        None,
        basis,
        "Facultatif pour un cabinet, une MSP ou une CPTS : l'obligation vise les "
        "établissements de santé et médico-sociaux, les centres de radiothérapie et les "
        "laboratoires (liste de l'ANS ; le texte ne nomme pas l'exercice libéral, à "
        "vérifier). Le signalement reste conseillé : il ouvre l'aide du CERT Santé.",
    )


def obligations(q: Qualification) -> list[Obligation]:
    """Every obligation, required or not, each with its ground (RGPD art. 33
    and 34, code des assurances L12-10-1 and L113-2, CSP L1111-8-2)."""
    return [
        cnil_notification(q),
        persons_communication(q),
        complaint(q),
        insurer_declaration(q),
        health_report(q),
        register_entry(q),
    ]
