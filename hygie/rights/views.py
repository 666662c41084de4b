from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from hygie.lib import documents
from hygie.lib.parse import FIRST_YEAR, LAST_YEAR, parse_int
from hygie.orgs.access import get_for_org, org_view
from hygie.rights import actions
from hygie.rights.actions import GROUNDS_BY_KEY, NotAllowed
from hygie.rights.forms import (
    AnswerForm,
    ExtendForm,
    IdentityForm,
    LogForm,
    NoteForm,
    RefuseForm,
    RetentionForm,
)
from hygie.rights.models import EventKind, PatientRequest, Requester, RetentionPolicy, Status
from hygie.rights.stats import Row, yearly


def _row(patient_request: PatientRequest, limit_at) -> Row:
    return Row(
        timezone.localtime(patient_request.received_at).year,
        patient_request.received_at,
        patient_request.answered_at,
        limit_at,
    )


@org_view("rights.view")
def dashboard(request: HttpRequest) -> HttpResponse:
    """Open requests by limit, overdue first; the figures of each year."""
    now = timezone.now()
    open_, closed, rows = [], [], []
    for patient_request in PatientRequest.objects.filter(org=request.org):
        # Its clocks count in its time zone: no query per request.
        patient_request.org = request.org
        limit = patient_request.limit()
        rows.append(_row(patient_request, limit.at))
        if patient_request.is_open:
            open_.append((patient_request, limit, limit.at < now))
        else:
            closed.append(patient_request)
    open_.sort(key=lambda line: line[1].at)
    return render(
        request,
        "rights/dashboard.html",
        {
            "open": open_,
            "closed": closed[:20],
            "years": yearly(rows, now),
            "now": now,
            "policy": RetentionPolicy.objects.filter(org=request.org).first(),
        },
    )


@org_view("rights.view")
def new(request: HttpRequest) -> HttpResponse:
    form = LogForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        patient_request = actions.log(
            request.org, form.values(), actor=request.user, request=request
        )
        messages.success(request, f"{patient_request} enregistrée : ses délais sont comptés.")
        return redirect(patient_request)
    return render(request, "rights/new.html", {"form": form}, status=400 if form.errors else 200)


def _get(request: HttpRequest, pk: int) -> PatientRequest:
    return get_for_org(PatientRequest, request.org, pk=pk)


@org_view("rights.view")
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    patient_request = _get(request, pk)
    now = timezone.now()
    return render(
        request,
        "rights/detail.html",
        {
            "patient_request": patient_request,
            "clocks": [(c, c.limit and c.at < now) for c in patient_request.clocks()],
            "events": list(patient_request.events.select_related("author")),
            "identity_form": IdentityForm(),
            "note_form": NoteForm(),
            "can_decide": request.membership.can("rights.decide"),
            "can_manage": request.membership.can("org.manage"),
            "can_extend": patient_request.extendable(now),
            "heir": patient_request.requester_kind == Requester.HEIR,
            "ground": GROUNDS_BY_KEY.get(patient_request.refusal_ground),
            "letters": _letters(patient_request),
            "now": now,
        },
    )


@org_view("rights.view")
@require_POST
def identity(request: HttpRequest, pk: int) -> HttpResponse:
    patient_request = _get(request, pk)
    form = IdentityForm(request.POST)
    if not patient_request.is_open:
        messages.error(request, "Cette demande est close.")
    elif form.is_valid():
        actions.check_identity(
            patient_request, form.cleaned_data["how"], actor=request.user, request=request
        )
        messages.success(request, "Identité vérifiée : c'est noté, avec l'heure.")
    else:
        messages.error(request, "Choisissez comment l'identité a été vérifiée.")
    return redirect(patient_request)


@org_view("rights.view")
@require_POST
def note(request: HttpRequest, pk: int) -> HttpResponse:
    """A note in the request's history: steps are never changed, a correction
    or a reason (a late answer, say) is added."""
    patient_request = _get(request, pk)
    form = NoteForm(request.POST)
    if form.is_valid():
        actions.add_event(
            patient_request,
            EventKind.NOTE,
            form.cleaned_data["text"],
            actor=request.user,
            request=request,
        )
        messages.success(request, "Note ajoutée à l'historique.")
    else:
        messages.error(request, "Écrivez la note (600 caractères au plus).")
    return redirect(patient_request)


@org_view("rights.view")
@require_POST
def take_on(request: HttpRequest, pk: int) -> HttpResponse:
    patient_request = _get(request, pk)
    if patient_request.is_open and patient_request.status != Status.IN_PROGRESS:
        actions.take_on(patient_request, actor=request.user, request=request)
    return redirect(patient_request)


def _decision(request, patient_request, form, *, title, act):
    """A decision form (answer, refusal, extension): shown, then applied."""
    if not patient_request.is_open:
        messages.error(request, "Cette demande est close.")
        return redirect(patient_request)
    if request.method == "POST" and form.is_valid():
        try:
            act(form)
        except NotAllowed as refused:
            form.add_error(None, str(refused))
        else:
            return redirect(patient_request)
    return render(
        request,
        "rights/decision.html",
        {"patient_request": patient_request, "form": form, "title": title},
        status=400 if form.errors else 200,
    )


@org_view("rights.decide")
def answer(request: HttpRequest, pk: int) -> HttpResponse:
    patient_request = _get(request, pk)

    def act(form):
        actions.answer(
            patient_request,
            at=form.at(),
            means=form.cleaned_data["means"],
            content=form.cleaned_data["content"],
            actor=request.user,
            request=request,
        )
        messages.success(
            request,
            "Réponse enregistrée "
            + (
                "dans les délais."
                if patient_request.on_time()
                else "après le délai : notez-en la raison."
            ),
        )

    return _decision(
        request,
        patient_request,
        AnswerForm(request.POST or None),
        title="Enregistrer la réponse",
        act=act,
    )


@org_view("rights.decide")
def refuse(request: HttpRequest, pk: int) -> HttpResponse:
    patient_request = _get(request, pk)

    def act(form):
        actions.refuse(
            patient_request,
            ground=form.cleaned_data["ground"],
            detail=form.cleaned_data["detail"],
            at=form.at(),
            actor=request.user,
            request=request,
        )
        messages.success(request, "Refus enregistré. Imprimez le courrier de refus motivé.")

    return _decision(
        request,
        patient_request,
        RefuseForm(request.POST or None, right=patient_request.right_enum),
        title="Refuser la demande, avec son motif",
        act=act,
    )


@org_view("rights.decide")
def extend(request: HttpRequest, pk: int) -> HttpResponse:
    patient_request = _get(request, pk)

    def act(form):
        actions.extend(
            patient_request, form.cleaned_data["reason"], actor=request.user, request=request
        )
        messages.success(
            request, "Délai prolongé de deux mois. Envoyez au demandeur le courrier qui l'annonce."
        )

    return _decision(
        request,
        patient_request,
        ExtendForm(request.POST or None),
        title="Prolonger le délai de deux mois",
        act=act,
    )


# The letters, by kind: their titles.
LETTERS = {
    "accuse": "Accusé de réception",
    "identite": "Demande de justificatif d'identité",
    "reponse": "Lettre d'accompagnement de la réponse",
    "prolongation": "Information sur la prolongation",
    "refus": "Refus motivé",
}


def _letter_applies(kind: str, patient_request: PatientRequest) -> bool:
    """Whether the request is at a step where this letter can be produced."""
    return {
        "accuse": True,
        "identite": patient_request.is_open,
        "reponse": patient_request.status == Status.ANSWERED,
        "prolongation": patient_request.extended_at is not None,
        "refus": patient_request.status == Status.REFUSED,
    }.get(kind, False)


def _letters(patient_request: PatientRequest) -> list[tuple[str, str]]:
    return [
        (kind, title) for kind, title in LETTERS.items() if _letter_applies(kind, patient_request)
    ]


@org_view("rights.view")
@require_POST
def letter(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    patient_request = _get(request, pk)
    if not _letter_applies(kind, patient_request):
        raise Http404("Courrier indisponible")
    title = LETTERS[kind]
    pdf = documents.render_pdf(
        "rights/letter_pdf.html",
        {
            "patient_request": patient_request,
            "kind": kind,
            "limit": patient_request.limit(),
            "ground": GROUNDS_BY_KEY.get(patient_request.refusal_ground),
            "today": timezone.localdate(timezone=request.org.tzinfo()),
        },
        org=request.org,
        title=title,
    )
    actions.add_event(patient_request, EventKind.LETTER, title, actor=request.user, request=request)
    return documents.pdf_response(
        pdf, f"{kind}-demande-{request.org.code}-{patient_request.pk}.pdf"
    )


EXPORT_HEADER = [
    "N°",
    "Reçue le",
    "Canal",
    "Droit",
    "Demandeur",
    "Limite de réponse",
    "État",
    "Prolongée le",
    "Répondue ou refusée le",
    "Dans les délais",
    "Motif de refus",
]


@org_view("rights.view")
def export(request: HttpRequest, year: str) -> HttpResponse:
    """The year's requests without names: the proof of compliance. Empty
    times and the yes/no of « dans les délais » are written by the CSV helper."""
    number = parse_int(year, low=FIRST_YEAR, high=LAST_YEAR)
    if number is None:
        raise Http404("Année hors limites")
    patient_requests = PatientRequest.objects.filter(org=request.org, received_at__year=number)
    rows = (
        [
            patient_request.pk,
            patient_request.received_at,
            patient_request.get_channel_display(),
            patient_request.right_label(),
            patient_request.get_requester_kind_display(),
            patient_request.limit().at,
            patient_request.get_status_display(),
            patient_request.extended_at,
            patient_request.answered_at,
            patient_request.on_time(),
            GROUNDS_BY_KEY[patient_request.refusal_ground].label
            if patient_request.refusal_ground
            else "",
        ]
        for patient_request in patient_requests.order_by("received_at").select_related("org")
    )
    return documents.csv_response(
        f"demandes-patients-{request.org.code}-{year}.csv", EXPORT_HEADER, rows
    )


@org_view("rights.view")
def retention(request: HttpRequest) -> HttpResponse:
    policy = RetentionPolicy.objects.filter(org=request.org).first()
    initial = {"months": policy.months, "ground": policy.ground} if policy else None
    form = RetentionForm(request.POST or None, initial=initial)
    can_set = request.membership.can("org.manage")
    if request.method == "POST":
        if not can_set:
            raise PermissionDenied("Seul le titulaire fixe la durée de conservation.")
        if form.is_valid():
            actions.set_retention(
                request.org, form.cleaned_data, actor=request.user, request=request
            )
            messages.success(request, "Durée de conservation enregistrée.")
            return redirect("rights:dashboard", request.org.code)
    return render(
        request,
        "rights/retention.html",
        {"form": form, "policy": policy, "can_set": can_set},
        status=400 if form.errors else 200,
    )
