"""The public deadline calculator (/outils/delais/): no account, nothing stored.

Someone says what happened (a patient's request, or a personal-data breach)
and when; the page lists every date that follows, each with its legal basis.
The form is sent with GET, so a result has its own address, to bookmark or
share; `?format=json` with the same parameters answers JSON.

Nothing is computed here: the rights' clocks come from `hygie.rights.clocks`,
the breach's from `hygie.incidents.obligations`. The view writes nothing,
neither to the database nor to a session.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time

from django import forms
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from hygie.incidents.obligations import (
    Obligation,
    Qualification,
    Risk,
    cnil_notification,
    complaint,
    persons_communication,
    register_entry,
)
from hygie.lib import dates
from hygie.lib.widgets import PlainSelect
from hygie.rights.clocks import Clock, RecordAge, Right, clocks, older_than_five_years

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
# When the time of receipt is left empty (said on the page).
DEFAULT_TIME = time(9, 0)
FIRST_DAY = date(2000, 1, 1)
OLDEST_CREATION = date(1900, 1, 1)
RECORD_ONLY = ("age", "created")
RIGHTS_ONLY = ("extended",)


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
    received_date = forms.DateField(
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
        help_text="Laissée vide, l'heure retenue est 9 h 00. Elle compte pour le délai de "
        "réflexion de 48 heures du dossier médical et pour les 72 heures d'une violation.",
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"invalid": "Saisissez une heure valide, par exemple 10:15."},
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
    extended = forms.BooleanField(
        label="Délai prolongé",
        required=False,
        help_text="Pour les droits du RGPD seulement (ni le dossier médical, ni une "
        "violation) : deux mois de plus, si vous avez prévenu la personne de la prolongation "
        "et de ses motifs dans le premier mois.",
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def clean_received_date(self) -> date:
        day = self.cleaned_data["received_date"]
        if day < FIRST_DAY:
            raise forms.ValidationError("Indiquez une date à partir du 1er janvier 2000.")
        latest = dates.add_months(timezone.localdate(), 12)
        if day > latest:
            raise forms.ValidationError(
                "Cette date est à plus d'un an dans le futur : vérifiez l'année "
                f"(au plus tard le {dates.long_date(latest)})."
            )
        return day

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
        created, received = data.get("created"), data.get("received_date")
        if kind == Right.RECORD and created:
            if created < OLDEST_CREATION:
                self.add_error("created", "Indiquez une date à partir de 1900.")
            elif received and created > received:
                self.add_error(
                    "created",
                    "L'information ne peut pas avoir été créée après la réception de la demande.",
                )
        return data

    def result(self) -> Result:
        """The dates that follow from valid input."""
        data = self.cleaned_data
        kind = data["kind"]
        tz = timezone.get_current_timezone()
        moment = datetime.combine(data["received_date"], data["received_time"] or DEFAULT_TIME, tz)
        # A time skipped by the change to summer time becomes the real instant.
        received_at = moment.astimezone(UTC).astimezone(tz)
        result = Result(
            kind=kind,
            label=KIND_LABELS[kind],
            received_at=received_at,
            time_assumed=data["received_time"] is None,
        )
        if kind == BREACH:
            aware = Qualification(aware_at=received_at)
            result.deadlines = [
                Deadline.of_obligation(
                    cnil_notification(Qualification(received_at, risk=Risk.RISK))
                ),
                Deadline.of_obligation(complaint(aware)),
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
                # The shortest limit, 8 days: the prudent answer (said on the page).
                result.age = RecordAge.RECENT
                result.age_assumed = True
            found = clocks(received_at, right, age=result.age)
        else:
            result.extended = bool(data.get("extended"))
            found = clocks(received_at, right, extended=result.extended)
        result.deadlines = [Deadline.of_clock(c) for c in found]
        return result


@dataclass
class Deadline:
    name: str
    at: datetime  # Paris time
    legal_basis: str
    limit: bool  # a limit (True), or a time before which not to act (False)
    send_by: datetime | None = None  # the last working day, when it is earlier
    detail: str = ""

    @classmethod
    def of_clock(cls, clock: Clock) -> Deadline:
        send_by = clock.send_by() if clock.limit else None
        return cls(
            name=clock.title,
            at=dates.paris(clock.at),
            legal_basis=clock.basis,
            limit=clock.limit,
            send_by=dates.paris(send_by) if send_by and send_by != clock.at else None,
        )

    @classmethod
    def of_obligation(cls, obligation: Obligation) -> Deadline:
        return cls(
            name=obligation.title,
            at=dates.paris(obligation.due_at),
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


@dataclass
class Result:
    kind: str
    label: str
    received_at: datetime
    time_assumed: bool
    deadlines: list[Deadline] = field(default_factory=list)
    # Obligations without a date (a breach: the register, informing the persons).
    others: list[Obligation] = field(default_factory=list)
    age: RecordAge | None = None  # the medical record only
    age_assumed: bool = False  # neither the age nor the creation date was given
    created: date | None = None  # the age was derived from this date
    extended: bool | None = None  # the other rights only

    @property
    def is_breach(self) -> bool:
        return self.kind == BREACH

    @property
    def age_label(self) -> str:
        return AGE_LABELS[self.age] if self.age else ""

    def as_json(self) -> dict:
        return {
            "kind": self.kind,
            "received_at": iso(self.received_at),
            "record_age": self.age.value if self.age else None,
            "extended": self.extended,
            "deadlines": [d.as_json() for d in self.deadlines],
            "other_obligations": [
                {"name": o.title, "legal_basis": o.basis, "detail": o.reason} for o in self.others
            ],
        }


def iso(moment: datetime) -> str:
    """ISO 8601 in Paris time, with its offset: « 2026-03-11T23:59:00+01:00 »."""
    return dates.paris(moment).isoformat(timespec="seconds")


def json_errors(form: forms.Form) -> dict:
    return {"errors": {name: [str(m) for m in messages] for name, messages in form.errors.items()}}


@require_safe
def calculator(request: HttpRequest) -> HttpResponse:
    """Public, GET only; stores nothing."""
    as_json = request.GET.get("format") == "json"
    submitted = as_json or any(key != "format" for key in request.GET)
    form = CalculatorForm(request.GET if submitted else None)
    if not submitted:
        return render(request, "rights/calculator.html", {"form": form})
    if not form.is_valid():
        if as_json:
            return JsonResponse(
                json_errors(form), status=400, json_dumps_params={"ensure_ascii": False}
            )
        return render(request, "rights/calculator.html", {"form": form}, status=400)
    result = form.result()
    if as_json:
        return JsonResponse(result.as_json(), json_dumps_params={"ensure_ascii": False})
    query = request.GET.copy()
    query["format"] = "json"
    return render(
        request,
        "rights/calculator.html",
        {"form": form, "result": result, "json_url": "?" + query.urlencode()},
    )
