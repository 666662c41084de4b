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


def _row(r: PatientRequest, limit_at) -> Row:
    return Row(timezone.localtime(r.received_at).year, r.received_at, r.answered_at, limit_at)


@org_view("rights.view")
def dashboard(request: HttpRequest) -> HttpResponse:
    """Open requests by limit, overdue first; the figures of each year."""
    now = timezone.now()
    every = list(PatientRequest.objects.filter(org=request.org))
    for r in every:
        r.org = request.org  # its clocks count in its time zone: no query per request
    limits = {r.pk: r.limit() for r in every}
    open_ = sorted((r for r in every if r.is_open), key=lambda r: limits[r.pk].at)
    closed = [r for r in every if not r.is_open][:20]
    return render(
        request,
        "rights/dashboard.html",
        {
            "open": [(r, limits[r.pk], limits[r.pk].at < now) for r in open_],
            "closed": closed,
            "years": yearly([_row(r, limits[r.pk].at) for r in every], now),
            "now": now,
            "policy": RetentionPolicy.objects.filter(org=request.org).first(),
        },
    )


@org_view("rights.view")
def new(request: HttpRequest) -> HttpResponse:
    form = LogForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        created = actions.log(request.org, form.values(), actor=request.user, http=request)
        messages.success(request, f"{created} enregistrée : ses délais sont comptés.")
        return redirect(created)
    return render(request, "rights/new.html", {"form": form}, status=400 if form.errors else 200)


def _get(request: HttpRequest, pk: int) -> PatientRequest:
    return get_for_org(PatientRequest, request.org, pk=pk)


@org_view("rights.view")
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = _get(request, pk)
    now = timezone.now()
    return render(
        request,
        "rights/detail.html",
        {
            "item": item,
            "clocks": [(c, c.limit and c.at < now) for c in item.clocks()],
            "events": list(item.events.select_related("author")),
            "identity_form": IdentityForm(),
            "note_form": NoteForm(),
            "can_decide": request.membership.can("rights.decide"),
            "can_manage": request.membership.can("org.manage"),
            "can_extend": item.extendable(now),
            "heir": item.requester_kind == Requester.HEIR,
            "ground": GROUNDS_BY_KEY.get(item.refusal_ground),
            "letters": _letters(item),
            "now": now,
        },
    )


@org_view("rights.view")
@require_POST
def identity(request: HttpRequest, pk: int) -> HttpResponse:
    item = _get(request, pk)
    form = IdentityForm(request.POST)
    if not item.is_open:
        messages.error(request, "Cette demande est close.")
    elif form.is_valid():
        actions.check_identity(item, form.cleaned_data["how"], actor=request.user, http=request)
        messages.success(request, "Identité vérifiée : c'est noté, avec l'heure.")
    else:
        messages.error(request, "Choisissez comment l'identité a été vérifiée.")
    return redirect(item)


@org_view("rights.view")
@require_POST
def note(request: HttpRequest, pk: int) -> HttpResponse:
    """A note in the request's history: steps are never changed, a correction
    or a reason (a late answer, say) is added."""
    item = _get(request, pk)
    form = NoteForm(request.POST)
    if form.is_valid():
        actions.add_event(
            item, EventKind.NOTE, form.cleaned_data["text"], actor=request.user, http=request
        )
        messages.success(request, "Note ajoutée à l'historique.")
    else:
        messages.error(request, "Écrivez la note (600 caractères au plus).")
    return redirect(item)


@org_view("rights.view")
@require_POST
def take_on(request: HttpRequest, pk: int) -> HttpResponse:
    item = _get(request, pk)
    if item.is_open and item.status != Status.IN_PROGRESS:
        actions.take_on(item, actor=request.user, http=request)
    return redirect(item)


def _decision(request, item, form, *, title, act):
    """A decision form (answer, refusal, extension): shown, then applied."""
    if not item.is_open:
        messages.error(request, "Cette demande est close.")
        return redirect(item)
    if request.method == "POST" and form.is_valid():
        try:
            act(form)
        except NotAllowed as refused:
            form.add_error(None, str(refused))
        else:
            return redirect(item)
    return render(
        request,
        "rights/decision.html",
        {"item": item, "form": form, "title": title},
        status=400 if form.errors else 200,
    )


@org_view("rights.decide")
def answer(request: HttpRequest, pk: int) -> HttpResponse:
    item = _get(request, pk)

    def act(form):
        actions.answer(
            item,
            at=form.at(),
            means=form.cleaned_data["means"],
            content=form.cleaned_data["content"],
            actor=request.user,
            http=request,
        )
        messages.success(
            request,
            "Réponse enregistrée "
            + ("dans les délais." if item.on_time() else "après le délai : notez-en la raison."),
        )

    return _decision(
        request,
        item,
        AnswerForm(request.POST or None),
        title="Enregistrer la réponse",
        act=act,
    )


@org_view("rights.decide")
def refuse(request: HttpRequest, pk: int) -> HttpResponse:
    item = _get(request, pk)

    def act(form):
        actions.refuse(
            item,
            ground=form.cleaned_data["ground"],
            detail=form.cleaned_data["detail"],
            at=form.at(),
            actor=request.user,
            http=request,
        )
        messages.success(request, "Refus enregistré. Imprimez le courrier de refus motivé.")

    return _decision(
        request,
        item,
        RefuseForm(request.POST or None, right=item.right_enum),
        title="Refuser la demande, avec son motif",
        act=act,
    )


@org_view("rights.decide")
def extend(request: HttpRequest, pk: int) -> HttpResponse:
    item = _get(request, pk)

    def act(form):
        actions.extend(item, form.cleaned_data["reason"], actor=request.user, http=request)
        messages.success(
            request, "Délai prolongé de deux mois. Envoyez au demandeur le courrier qui l'annonce."
        )

    return _decision(
        request,
        item,
        ExtendForm(request.POST or None),
        title="Prolonger le délai de deux mois",
        act=act,
    )


# Letters: (title, when it can be produced).
LETTERS = {
    "accuse": ("Accusé de réception", lambda r: True),
    "identite": ("Demande de justificatif d'identité", lambda r: r.is_open),
    "reponse": ("Lettre d'accompagnement de la réponse", lambda r: r.status == Status.ANSWERED),
    "prolongation": ("Information sur la prolongation", lambda r: r.extended_at is not None),
    "refus": ("Refus motivé", lambda r: r.status == Status.REFUSED),
}


def _letters(item: PatientRequest) -> list[tuple[str, str]]:
    return [(key, title) for key, (title, possible) in LETTERS.items() if possible(item)]


@org_view("rights.view")
@require_POST
def letter(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    item = _get(request, pk)
    if kind not in LETTERS or not LETTERS[kind][1](item):
        raise Http404("Courrier indisponible")
    title = LETTERS[kind][0]
    pdf = documents.render_pdf(
        "rights/letter_pdf.html",
        {
            "item": item,
            "kind": kind,
            "limit": item.limit(),
            "ground": GROUNDS_BY_KEY.get(item.refusal_ground),
            "today": timezone.localdate(timezone=request.org.tzinfo()),
        },
        org=request.org,
        title=title,
    )
    actions.add_event(item, EventKind.LETTER, title, actor=request.user, http=request)
    return documents.pdf_response(pdf, f"{kind}-demande-{request.org.code}-{item.pk}.pdf")


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
    requests = PatientRequest.objects.filter(org=request.org, received_at__year=number)
    rows = (
        [
            r.pk,
            r.received_at,
            r.get_channel_display(),
            r.right_label(),
            r.get_requester_kind_display(),
            r.limit().at,
            r.get_status_display(),
            r.extended_at,
            r.answered_at,
            r.on_time(),
            GROUNDS_BY_KEY[r.refusal_ground].label if r.refusal_ground else "",
        ]
        for r in requests.order_by("received_at").select_related("org")
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
            actions.set_retention(request.org, form.cleaned_data, actor=request.user, http=request)
            messages.success(request, "Durée de conservation enregistrée.")
            return redirect("rights:dashboard", request.org.code)
    return render(
        request,
        "rights/retention.html",
        {"form": form, "policy": policy, "can_set": can_set},
        status=400 if form.errors else 200,
    )
