"""The public deadline calculator (/outils/delais/): no account, nothing stored.

Someone says what happened (a patient's request, or a personal-data breach)
and when; the page lists every date that follows, each with its legal basis.
The form is sent with GET, so a result has its own address, to bookmark or
share; `?format=json` with the same parameters answers JSON.

Nothing is computed here: the clocks come from the law package, the rights'
from `hygie.law.rights`, the breach's from `hygie.law.incident`; the
calculator imports no other capability. The view writes nothing, neither to
the database nor to a session.

The calculation is made in the practice's time zone (`fuseau`, one of the
territories' zones; Paris by default): its days, its 23:59 and its public
holidays. Whatever the calculator has to suppose (the time of receipt, the
age of the record, the zone) it supposes on the prudent side and says so, on
the page and in the JSON (`assumed`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, tzinfo
from zoneinfo import ZoneInfo

from django import forms
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from hygie.law.days import add_months
from hygie.law.incident import (
    Obligation,
    Qualification,
    Risk,
    cnil_notification,
    complaint,
    persons_communication,
    register_entry,
)
from hygie.law.rights import Clock, RecordAge, Right, clocks, older_than_five_years
from hygie.lib import dates
from hygie.lib.fields import ClearBooleanField
from hygie.lib.widgets import PlainSelect
from hygie.orgs.models import Zone

BREACH = "violation"
KINDS = [
    (Right.RECORD.value, "Demande d'accès au dossier médical (code de la santé publique, L1111-7)"),
    (Right.ACCESS.value, "Demande d'accès à ses données, hors dossier médical (RGPD, art. 15)"),
    (Right.RECTIFICATION.value, "Demande de rectification de ses données (RGPD, art. 16)"),
    (Right.ERASURE.value, "Demande d'effacement de ses données (RGPD, art. 17)"),
    (Right.RESTRICTION.value, "Demande de limitation du traitement (RGPD, art. 18)"),
    (Right.PORTABILITY.value, "Demande de portabilité de ses données (RGPD, art. 20)"),
    (Right.OBJECTION.value, "Opposition au traitement de ses données (RGPD, art. 21)"),
    (BREACH, "Violation de données ou cyberattaque (RGPD, art. 33)"),
]
KIND_LABELS = dict(KINDS)
AGES = [
    (RecordAge.RECENT.value, "Toutes ont cinq ans ou moins"),
    (RecordAge.OLD.value, "Toutes ont plus de cinq ans"),
    (RecordAge.MIXED.value, "Certaines ont cinq ans ou moins, d'autres plus"),
]
AGE_LABELS = dict(AGES)
# When the time is left empty, the prudent end of the day (said on the page):
# a breach is taken as known from the day's first minute (the 72 hours end
# earliest), a request for the record as received at its last (the 48 hours of
# reflection end latest). The other limits count from the day, whatever the time.
FIRST_MINUTE = time(0, 0)
LAST_MINUTE = time(23, 59)
FIRST_DAY = date(2000, 1, 1)
OLDEST_CREATION = date(1900, 1, 1)
RECORD_ONLY = ("age", "created")
RIGHTS_ONLY = ("extended",)

ZONES = Zone.choices
# « 2026-03-27T23:30+01:00 » whose « + » an address turned into a space.
SPACED_OFFSET = re.compile(r" (\d\d(?::?\d\d)?)$")


class DateOrInstantField(forms.DateField):
    """A day (« 2026-03-27 », « 27/03/2026 »), or an ISO 8601 instant
    (« 2026-03-27T23:30+01:00 », « 2026-03-27T22:30Z »; without an offset,
    read in the chosen zone), as software sends it."""

    def to_python(self, value):
        if isinstance(value, str) and "t" in value.strip().lower():
            text = SPACED_OFFSET.sub(r"+\1", value.strip())
            try:
                return datetime.fromisoformat(text)
            except ValueError:
                raise forms.ValidationError(
                    "Instant non compris : écrivez-le en ISO 8601, par exemple "
                    "2026-03-27T23:30+01:00 (ou 2026-03-27T22:30Z).",
                    code="invalid",
                ) from None
        return super().to_python(value)


class CalculatorForm(forms.Form):
    kind = forms.ChoiceField(
        label="Que s'est-il passé ?",
        choices=KINDS,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choisissez la demande reçue ou la violation.",
            "invalid_choice": "Choisissez une des situations proposées.",
        },
    )
    received_date = DateOrInstantField(
        label="Date de réception ou de découverte",
        help_text="Le jour où la demande vous est parvenue ; pour une violation de données, "
        "le jour où vous l'avez découverte.",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": "Indiquez la date de réception (ou de découverte de la violation).",
            "invalid": "Saisissez une date valide, par exemple 03/03/2026.",
        },
    )
    received_time = forms.TimeField(
        label="Heure de réception ou de découverte",
        required=False,
        help_text="Elle compte pour le délai de réflexion de 48 heures du dossier médical et "
        "pour les 72 heures d'une violation. Laissée vide, Hygie retient l'heure la plus "
        "prudente et le dit : 00 h 00 pour une violation (les 72 heures finissent au plus "
        "tôt), 23 h 59 pour une demande de dossier médical (la réflexion finit au plus tard).",
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"invalid": "Saisissez une heure valide, par exemple 10:15."},
    )
    fuseau = forms.ChoiceField(
        label="Fuseau horaire du cabinet",
        required=False,
        choices=ZONES,
        initial=Zone.PARIS,
        widget=PlainSelect,
        help_text="Les jours, la fin de journée (23 h 59) et les jours fériés sont ceux du "
        "territoire du cabinet.",
        error_messages={
            "invalid_choice": "Fuseau horaire inconnu : choisissez celui d'un territoire "
            "français, par exemple Europe/Paris, America/Martinique ou Indian/Reunion "
            f"({', '.join(value for value, _ in ZONES)}).",
        },
    )
    age = forms.ChoiceField(
        label="Ancienneté des informations demandées",
        required=False,
        choices=[("", "Je ne sais pas : la déduire de la date ci-dessous"), *AGES],
        widget=PlainSelect,
        help_text="Pour le dossier médical seulement : 8 jours pour les informations de cinq "
        "ans ou moins, 2 mois au-delà.",
        error_messages={"invalid_choice": "Choisissez une des anciennetés proposées."},
    )
    created = forms.DateField(
        label="Date de création de l'information la plus ancienne",
        required=False,
        help_text="Pour le dossier médical seulement, si vous n'avez pas choisi l'ancienneté "
        "ci-dessus : Hygie la déduit de cette date. Les cinq ans courent à partir de la "
        "création de l'information.",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": "Saisissez une date valide, par exemple 12/05/2019."},
    )
    extended = ClearBooleanField(
        label="Délai prolongé",
        help_text="Pour les droits du RGPD seulement (ni le dossier médical, ni une "
        "violation) : deux mois de plus, si vous avez prévenu la personne de la prolongation "
        "et de ses motifs dans le premier mois.",
        error_messages={
            "invalid": "« Délai prolongé » non compris : indiquez 1 ou 0, true ou false, oui "
            "ou non, on ou off, ou rien (non prolongé).",
        },
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def zone(self) -> tzinfo:
        return ZoneInfo(self.cleaned_data.get("fuseau") or Zone.PARIS)

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        # The fields of another kind are ignored, errors included.
        ignored = RIGHTS_ONLY if kind == Right.RECORD else RECORD_ONLY
        if kind == BREACH:
            ignored = RECORD_ONLY + RIGHTS_ONLY
        if kind:
            for name in ignored:
                self.errors.pop(name, None)
                data.pop(name, None)
        if "fuseau" in self.errors:
            return data
        received = self._received_day(data)
        created = data.get("created")
        if kind == Right.RECORD and created:
            if created < OLDEST_CREATION:
                self.add_error("created", "Indiquez une date à partir de 1900.")
            elif received and created > received:
                self.add_error(
                    "created",
                    "L'information ne peut pas avoir été créée après la réception de la demande.",
                )
        return data

    def _received_day(self, data: dict) -> date | None:
        """Check the date (or the instant) of receipt; its day in the chosen zone."""
        given = data.get("received_date")
        if given is None:
            return None
        tz = self.zone()
        if isinstance(given, datetime):
            if data.get("received_time") is not None:
                self.add_error(
                    "received_time",
                    "L'instant donné a déjà son heure : laissez l'heure vide.",
                )
                return None
            # A time without an offset is the practice's; one with is converted.
            moment = given.replace(tzinfo=tz) if given.tzinfo is None else given
            data["received_date"] = given = local(moment, tz)
        day = given.date() if isinstance(given, datetime) else given
        if day < FIRST_DAY:
            self.add_error("received_date", "Indiquez une date à partir du 1er janvier 2000.")
            return None
        latest = add_months(timezone.localdate(timezone=tz), 12)
        if day > latest:
            self.add_error(
                "received_date",
                "Cette date est à plus d'un an dans le futur : vérifiez l'année "
                f"(au plus tard le {dates.long_date(latest)}).",
            )
            return None
        return day

    def result(self) -> Result:
        """The dates that follow from valid input."""
        data = self.cleaned_data
        kind = data["kind"]
        tz = self.zone()
        result = Result(kind=kind, label=KIND_LABELS[kind], tz=tz)
        if not data.get("fuseau"):
            result.assume(
                "fuseau",
                Zone.PARIS,
                "Fuseau horaire non précisé : le calcul est fait à l'heure de Paris, avec les "
                "jours fériés de la métropole. Pour un cabinet d'outre-mer, indiquez son fuseau "
                "(par exemple fuseau=America/Martinique).",
            )
        given = data["received_date"]
        if isinstance(given, datetime):
            result.received_at = given
        elif data["received_time"] is not None:
            result.received_at = local(datetime.combine(given, data["received_time"], tz), tz)
        else:
            result.received_at = self._assume_time(result, given, tz)
        received_at = result.received_at
        if kind == BREACH:
            aware = Qualification(aware_at=received_at)
            result.deadlines = [
                Deadline.of_obligation(
                    cnil_notification(Qualification(received_at, risk=Risk.RISK)), tz
                ),
                Deadline.of_obligation(complaint(aware), tz),
            ]
            result.others = [
                register_entry(aware),
                persons_communication(Qualification(received_at, risk=Risk.HIGH)),
            ]
            return result
        right = Right(kind)
        if right is Right.RECORD:
            if data.get("age"):
                result.age = RecordAge(data["age"])
            elif data.get("created"):
                old = older_than_five_years(data["created"], received_at.date())
                result.age = RecordAge.OLD if old else RecordAge.RECENT
                result.created = data["created"]
            else:
                # The shortest limit, 8 days: the prudent answer.
                result.age = RecordAge.RECENT
                result.assume(
                    "age",
                    RecordAge.RECENT.value,
                    "Ancienneté des informations non précisée : le calcul retient des "
                    "informations de cinq ans ou moins, dont le délai de 8 jours est le plus "
                    "court. Si toutes ont plus de cinq ans, le délai est de 2 mois (code de la "
                    "santé publique, R1111-1).",
                )
            found = clocks(received_at, right, age=result.age)
        else:
            result.extended = bool(data.get("extended"))
            found = clocks(received_at, right, extended=result.extended)
        result.deadlines = [Deadline.of_clock(c, tz) for c in found]
        return result

    def to_calculate_again(self) -> CalculatorForm:
        """The form under a result, « Refaire le calcul ». An instant given in
        the address (« 2026-03-27T23:30+01:00 ») is shown as its date and time
        in the chosen zone: a date field cannot show an instant, and would be
        left empty."""
        given = self.cleaned_data.get("received_date")
        if not isinstance(given, datetime):
            return self
        data = self.data.copy()
        data["received_date"] = f"{given:%Y-%m-%d}"
        data["received_time"] = f"{given:%H:%M}"
        data.pop("format", None)
        again = type(self)(data)
        again.full_clean()
        return again

    def _assume_time(self, result: Result, day: date, tz: tzinfo) -> datetime:
        """The prudent time of a day given without one, recorded with its reason."""
        if result.kind == BREACH:
            moment = FIRST_MINUTE
            reason = (
                "Heure de découverte non précisée : le calcul part de 00 h 00 ce jour-là, le "
                "moment le plus tôt possible. Les 72 heures finissent ainsi au plus tôt, jamais "
                "après la vraie échéance (RGPD, art. 33(1) ; code des assurances, art. "
                "L12-10-1). Indiquez l'heure pour le délai exact."
            )
        elif result.kind == Right.RECORD:
            moment = LAST_MINUTE
            reason = (
                "Heure de réception non précisée : les 48 heures de réflexion partent de "
                "23 h 59 ce jour-là, le moment le plus tardif possible. Elles finissent ainsi "
                "au plus tard, et le dossier n'est jamais communiqué trop tôt (code de la santé "
                "publique, L1111-7). Les délais de 8 jours et de 2 mois se comptent à partir "
                "du jour de réception : l'heure n'y change rien."
            )
        else:
            moment = FIRST_MINUTE
            reason = (
                "Heure de réception non précisée : elle ne change rien aux délais de ce droit, "
                "qui se comptent à partir du jour de réception (RGPD, art. 12(3)). Le calcul "
                "part de 00 h 00."
            )
        result.time_assumed = True
        result.assume("received_time", f"{moment:%H:%M}", reason)
        return local(datetime.combine(day, moment, tz), tz)


def local(moment: datetime, tz: tzinfo) -> datetime:
    """`moment` in `tz`; a wall-clock time skipped by a change to summer time
    becomes the real instant (02:30 on 29 March 2026 in Paris is 03:30)."""
    return moment.astimezone(UTC).astimezone(tz)


@dataclass
class Deadline:
    name: str
    at: datetime  # in the practice's time zone
    legal_basis: str
    limit: bool  # a limit (True), or a time before which not to act (False)
    send_by: datetime | None = None  # the last working day, when it is earlier
    detail: str = ""

    @classmethod
    def of_clock(cls, clock: Clock, tz: tzinfo) -> Deadline:
        send_by = clock.send_by() if clock.limit else None
        return cls(
            name=clock.title,
            at=clock.at.astimezone(tz),
            legal_basis=clock.basis,
            limit=clock.limit,
            send_by=send_by.astimezone(tz) if send_by and send_by != clock.at else None,
        )

    @classmethod
    def of_obligation(cls, obligation: Obligation, tz: tzinfo) -> Deadline:
        return cls(
            name=obligation.title,
            at=obligation.due_at.astimezone(tz),
            legal_basis=obligation.basis,
            limit=True,
            detail=obligation.reason,
        )

    def as_json(self) -> dict:
        return {
            "name": self.name,
            "at": iso(self.at),
            "legal_basis": self.legal_basis,
            "limit": self.limit,
            "send_by": iso(self.send_by) if self.send_by else None,
        }


@dataclass(frozen=True)
class Assumption:
    """A value the calculator supposed, and why (in French)."""

    value: str
    reason: str


@dataclass
class Result:
    kind: str
    label: str
    tz: tzinfo
    received_at: datetime | None = None
    time_assumed: bool = False
    deadlines: list[Deadline] = field(default_factory=list)
    # Obligations without a date (a breach: the register, informing the persons).
    others: list[Obligation] = field(default_factory=list)
    age: RecordAge | None = None  # the medical record only
    created: date | None = None  # the age was derived from this date
    extended: bool | None = None  # the other rights only
    # What was supposed, by parameter: the zone, the time, the record's age.
    assumed: dict[str, Assumption] = field(default_factory=dict)

    def assume(self, parameter: str, value: str, reason: str) -> None:
        self.assumed[parameter] = Assumption(value, reason)

    @property
    def is_breach(self) -> bool:
        return self.kind == BREACH

    @property
    def age_label(self) -> str:
        return AGE_LABELS[self.age] if self.age else ""

    @property
    def age_assumed(self) -> bool:
        return "age" in self.assumed

    @property
    def time_name(self) -> str:
        """« heure de la Martinique »."""
        return dates.territory(self.tz).time_name

    def as_json(self) -> dict:
        return {
            "kind": self.kind,
            "time_zone": self.tz.key,
            "received_at": iso(self.received_at),
            "record_age": self.age.value if self.age else None,
            "extended": self.extended,
            "assumed": {
                name: {"value": a.value, "reason": a.reason} for name, a in self.assumed.items()
            },
            "deadlines": [d.as_json() for d in self.deadlines],
            "other_obligations": [
                {"name": o.title, "legal_basis": o.basis, "detail": o.reason} for o in self.others
            ],
        }


def iso(moment: datetime) -> str:
    """ISO 8601 with the offset of the time's own zone: « 2026-03-11T23:59:00+01:00 »
    in Paris, « 2026-03-11T23:59:00-04:00 » in Martinique."""
    return moment.isoformat(timespec="seconds")


def json_errors(form: forms.Form) -> dict:
    return {"errors": {name: [str(m) for m in messages] for name, messages in form.errors.items()}}


def json_response(body: dict, status: int = 200) -> JsonResponse:
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})


@require_safe
def calculator(request: HttpRequest) -> HttpResponse:
    """Public, GET only; stores nothing. The result is shown in the chosen zone."""
    as_json = request.GET.get("format") == "json"
    submitted = as_json or any(key != "format" for key in request.GET)
    form = CalculatorForm(request.GET if submitted else None)
    if not submitted:
        return render(request, "rights/calculator.html", {"form": form})
    if not form.is_valid():
        if as_json:
            return json_response(json_errors(form), status=400)
        return render(request, "rights/calculator.html", {"form": form}, status=400)
    result = form.result()
    if as_json:
        return json_response(result.as_json())
    query = request.GET.copy()
    query["format"] = "json"
    with timezone.override(result.tz):
        return render(
            request,
            "rights/calculator.html",
            {
                "form": form.to_calculate_again(),
                "result": result,
                "json_url": "?" + query.urlencode(),
            },
        )
