from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from hygie.content import library
from hygie.diagnostic.actions import latest_completed
from hygie.incidents import actions, notice
from hygie.incidents.forms import (
    CloseForm,
    CnilDraftForm,
    ComplaintMemoForm,
    DeclareForm,
    EntryForm,
    FulfilmentForm,
    PatientLetterForm,
    QualifyForm,
    RegisterPolicyForm,
)
from hygie.incidents.models import (
    PROOFS,
    Channel,
    CnilDraft,
    CnilNotice,
    EntryKind,
    Incident,
    RegisterPolicy,
)
from hygie.law.incident import ObligationKey, obligations
from hygie.lib import documents
from hygie.lib.french import count, sentence
from hygie.lib.http import is_htmx
from hygie.orgs.access import get_for_org, org_view
from hygie.orgs.models import Contacts


def _visible(request: HttpRequest):
    """The secretary sees the incidents she declared; the others, all."""
    return Incident.objects.visible_to(request.membership)


@org_view("incidents.declare")
def incident_list(request: HttpRequest) -> HttpResponse:
    return render(request, "incidents/list.html", {"rows": list(_visible(request)[:200])})


@org_view("incidents.declare")
def declare(request: HttpRequest) -> HttpResponse:
    form = DeclareForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        incident = actions.declare(
            request.org,
            kind=form.cleaned_data["kind"],
            discovered_at=form.discovered_at(),
            description=form.cleaned_data["description"],
            actor=request.user,
            request=request,
        )
        messages.warning(
            request, "Incident déclaré : suivez les réflexes ci-dessous, dans l'ordre."
        )
        return redirect("incidents:detail", request.org.code, incident.pk)
    return render(
        request,
        "incidents/declare.html",
        {"form": form, "types": actions.types()},
        status=400 if form.errors else 200,
    )


def _reflexes(incident: Incident) -> dict:
    """The reflexes of the incident's kind, each with the entry that ticked it."""
    found = actions.incident_type(incident.kind) or {"reflexes": []}
    timeline = list(incident.timeline.select_related("author"))
    ticked = {e.reflex: e for e in timeline if e.kind == EntryKind.REFLEX}
    return {
        "incident": incident,
        "type": found,
        "label": actions.incident_title(incident),
        "reflexes": [(r, ticked.get(r["id"])) for r in found["reflexes"]],
        "timeline": timeline,
    }


@org_view("incidents.declare")
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    incident = get_for_org(_visible(request), request.org, pk=pk)
    now = timezone.now()
    full = request.membership.can("incidents.view")
    return render(
        request,
        "incidents/detail.html",
        {
            **_reflexes(incident),
            "duties": incident.duties(now) if full else [],
            "full": full,
            "now": now,
            "entry_form": EntryForm(),
            **_helpers(request.org),
        },
    )


def _helpers(org) -> dict:
    """Whom to call: the practice's own contacts, then the public services."""
    helpers = [{**h, "sources": library.cite(h["source"])} for h in library.items("aide-urgence")]
    return {"contacts": Contacts.objects.filter(org=org).first(), "helpers": helpers}


@org_view("incidents.declare")
@require_POST
def tick(request: HttpRequest, pk: int) -> HttpResponse:
    """Tick a reflex. With htmx, the reflexes' card alone is swapped (and the
    timeline below): the page does not move. Without, back to the reflex."""
    incident = get_for_org(_visible(request), request.org, pk=pk)
    reflex_id = request.POST.get("reflexe", "")
    try:
        noted = actions.tick_reflex(incident, reflex_id, actor=request.user, request=request)
    except ValueError:
        noted = None
        if not is_htmx(request):
            messages.error(request, "Réflexe inconnu : rechargez la page.")
    if not is_htmx(request):
        anchor = f"#reflexe-{reflex_id}" if noted else "#reflexes"
        return redirect(incident.get_absolute_url() + anchor)
    context = _reflexes(incident)
    # The next reflex to do takes the focus the clicked button had.
    ids = [r["id"] for r, done in context["reflexes"] if done is None]
    order = [r["id"] for r, _ in context["reflexes"]]
    after = [i for i in ids if reflex_id in order and order.index(i) > order.index(reflex_id)]
    return render(
        request,
        "incidents/_reflexes.html",
        {
            **context,
            "swapped": True,
            "noted": noted,
            "focus": (after or ids or [""])[0],
        },
    )


@org_view("incidents.view")
def fulfil(request: HttpRequest, pk: int, key: str) -> HttpResponse:
    """Record that an obligation was met, or correct the record (a new one)."""
    incident = get_for_org(Incident, request.org, pk=pk)
    if key not in PROOFS:
        raise Http404("Obligation inconnue")
    duty = incident.duty(key)
    initial = {}
    if key == ObligationKey.PERSONNES and incident.disproportionate:
        initial["channel"] = Channel.PUBLIC
    if key == ObligationKey.CNIL:
        # The reasons for a delay, as the notification sent gave them.
        last = incident.cnil_notices.exclude(delay="").last()
        if last is not None:
            initial["delay_reasons"] = last.delay
    # A correction starts from what was recorded.
    form = FulfilmentForm(
        request.POST or None, incident=incident, key=key, current=duty.current, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            fulfilment = actions.fulfil(
                incident, key, **form.values(), actor=request.user, request=request
            )
        except actions.FulfilmentError as refused:
            for name, message in refused.errors.items():
                form.add_error(name if name in form.fields else None, message)
        else:
            messages.success(request, f"{fulfilment.sentence()} : c'est noté dans la chronologie.")
            return redirect(incident.get_absolute_url() + f"#obligation-{key}")
    return render(
        request,
        "incidents/fulfil.html",
        {"incident": incident, "duty": duty, "form": form},
        status=400 if form.errors else 200,
    )


@org_view("incidents.declare")
@require_POST
def entry(request: HttpRequest, pk: int) -> HttpResponse:
    incident = get_for_org(_visible(request), request.org, pk=pk)
    form = EntryForm(request.POST)
    if form.is_valid():
        actions.add_entry(
            incident,
            form.cleaned_data["kind"],
            form.cleaned_data["text"],
            actor=request.user,
            request=request,
        )
        messages.success(request, "Ajouté à la chronologie.")
    else:
        messages.error(
            request, "Écrivez un texte (4 000 caractères au plus) et choisissez son type."
        )
    return redirect("incidents:detail", request.org.code, incident.pk)


@org_view("incidents.view")
def qualify(request: HttpRequest, pk: int) -> HttpResponse:
    incident = get_for_org(Incident, request.org, pk=pk)
    form = QualifyForm(request.POST or None, instance=incident)
    if request.method == "POST":
        stored = get_for_org(Incident, request.org, pk=pk)
        if form.is_valid():
            actions.qualify(stored, form.cleaned_data, actor=request.user, request=request)
            messages.success(
                request, "Qualification enregistrée : les obligations et leurs délais sont à jour."
            )
            return redirect("incidents:detail", request.org.code, pk)
    return render(
        request,
        "incidents/qualify.html",
        {"incident": incident, "form": form},
        status=400 if form.errors else 200,
    )


REGISTER_HEADER = [
    "N°",
    "Découverte",
    "Nature",
    "Données concernées",
    "Personnes (environ)",
    "Enregistrements (environ)",
    "Risque",
    "Notification CNIL",
    "Information des personnes",
    "Mesures prises",
    "État",
]


def _register_rows(org):
    from hygie.incidents.forms import RISK_LABELS
    from hygie.law.incident import Risk

    rows = (
        Incident.objects.filter(org=org, personal_data=True)
        .select_related("org")
        .order_by("discovered_at")
    )
    now = timezone.now()
    for incident in rows.prefetch_related("timeline", "fulfilments"):
        duties = {d.obligation.key: d for d in incident.duties(now)}
        measures = actions.measures_taken(incident, incident.timeline.all())
        nature = actions.incident_title(incident)
        yield [
            incident.pk,
            incident.discovered_at,
            sentence(nature) + (f" {incident.description}" if incident.description else ""),
            incident.data_categories,
            incident.persons if incident.persons is not None else "",
            incident.records if incident.records is not None else "",
            RISK_LABELS[Risk(incident.risk)],
            duties[ObligationKey.CNIL].summary(),
            duties[ObligationKey.PERSONNES].summary(),
            " ".join(measures),
            incident.get_status_display(),
        ]


@org_view("incidents.view")
def register(request: HttpRequest) -> HttpResponse:
    """The register of every personal-data breach, notified or not (RGPD art. 33(5))."""
    policy = RegisterPolicy.objects.filter(org=request.org).first()
    initial = {"retention": policy.retention, "ground": policy.ground} if policy else None
    form = RegisterPolicyForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if not request.membership.can("org.manage"):
            raise PermissionDenied("Seul le titulaire fixe la durée de conservation du registre.")
        if form.is_valid():
            actions.set_register_policy(
                request.org, form.cleaned_data, actor=request.user, request=request
            )
            messages.success(request, "Durée de conservation enregistrée.")
            return redirect("incidents:register", request.org.code)
    return render(
        request,
        "incidents/register.html",
        {
            "rows": list(_register_rows(request.org)),
            "header": REGISTER_HEADER,
            "policy": policy,
            "form": form,
            "can_set": request.membership.can("org.manage"),
        },
        status=400 if form.errors else 200,
    )


@org_view("incidents.view")
def register_export(request: HttpRequest, fmt: str) -> HttpResponse:
    rows = list(_register_rows(request.org))
    filename = f"registre-violations-{request.org.code}-{timezone.localdate().isoformat()}.{fmt}"
    if fmt == "csv":
        return documents.csv_response(filename, REGISTER_HEADER, rows)
    pdf = documents.render_pdf(
        "incidents/register_pdf.html",
        {
            "rows": rows,
            "header": REGISTER_HEADER,
            "policy": RegisterPolicy.objects.filter(org=request.org).first(),
        },
        org=request.org,
        title="Registre des violations de données",
    )
    return documents.pdf_response(pdf, filename)


@org_view("incidents.view")
def close(request: HttpRequest, pk: int) -> HttpResponse:
    incident = get_for_org(Incident, request.org, pk=pk)
    if incident.status != "open":
        return redirect("incidents:detail", request.org.code, pk)
    with_plan = latest_completed(request.org) is not None
    unmet = actions.unmet(incident)
    form = CloseForm(
        request.POST or None,
        suggested=(actions.incident_type(incident.kind) or {}).get("measures", []),
        with_plan=with_plan,
        unmet=unmet,
    )
    if request.method == "POST" and form.is_valid():
        chosen = form.chosen_measures() if with_plan else []
        try:
            actions.close(
                incident,
                form.cleaned_data["lessons"],
                measures=chosen,
                unmet_reason=form.cleaned_data.get("unmet_reason", ""),
                actor=request.user,
                request=request,
            )
        except actions.CloseRefused as refused:
            # An obligation became due since the page was shown: it is listed now.
            messages.error(request, str(refused))
            return redirect("incidents:close", request.org.code, pk)
        messages.success(
            request,
            "Incident clos. Son rapport de clôture est prêt."
            + (
                f" {count(len(chosen), 'action ajoutée', 'actions ajoutées')} au plan du diagnostic."
                if chosen
                else ""
            ),
        )
        return redirect("incidents:detail", request.org.code, pk)
    return render(
        request,
        "incidents/close.html",
        {"incident": incident, "form": form, "with_plan": with_plan, "unmet": unmet},
        status=400 if form.errors else 200,
    )


@org_view("incidents.view")
def closing_report(request: HttpRequest, pk: int) -> HttpResponse:
    incident = get_for_org(Incident, request.org, pk=pk)
    if incident.status == "open":
        raise Http404("Incident pas encore clos")
    pdf = documents.render_pdf(
        "incidents/closing_report_pdf.html",
        {
            "incident": incident,
            "label": actions.incident_title(incident),
            "duties": incident.duties(),
            "timeline": list(incident.timeline.select_related("author")),
        },
        org=request.org,
        title="Rapport de clôture d'incident",
    )
    return documents.pdf_response(pdf, f"cloture-incident-{request.org.code}-{incident.pk}.pdf")


def _prepared_document(request, incident, form, *, page, pdf, title, filename, produced, context):
    """A document prefilled from the incident, edited on screen, then printed.

    Its texts are not kept: the timeline records that it was produced.
    """
    if request.method == "POST" and form.is_valid():
        content = documents.render_pdf(
            pdf,
            {"incident": incident, "data": form.cleaned_data, **context},
            org=request.org,
            title=title,
        )
        actions.add_entry(
            incident, EntryKind.DOCUMENT, produced, actor=request.user, request=request
        )
        return documents.pdf_response(content, f"{filename}-{request.org.code}-{incident.pk}.pdf")
    return render(
        request,
        page,
        {"incident": incident, "form": form, **context},
        status=400 if form.errors else 200,
    )


def _obligation(incident: Incident, key: str):
    return next(o for o in obligations(incident.qualification()) if o.key == key)


def _cnil_context(incident: Incident) -> dict:
    cnil = incident.duty(ObligationKey.CNIL)
    return {
        "incident": incident,
        ObligationKey.CNIL: cnil.obligation,
        "duty": cnil,
        "late": cnil.obligation.late(timezone.now()) and cnil.current is None,
        "notices": list(incident.cnil_notices.select_related("created_by")),
        "draft": CnilDraft.objects.filter(incident=incident).select_related("updated_by").first(),
    }


def _notice_pdf(request: HttpRequest, incident: Incident, cnil_notice: CnilNotice, context: dict):
    content = documents.render_pdf(
        "incidents/cnil_draft_pdf.html",
        {**context, "data": cnil_notice, "cnil_notice": cnil_notice},
        org=request.org,
        title="Notification de violation à la CNIL (brouillon)",
    )
    name = f"notification-cnil-{request.org.code}-{incident.pk}-v{cnil_notice.number}.pdf"
    return documents.pdf_response(content, name)


@org_view("incidents.view")
def cnil_draft(request: HttpRequest, pk: int) -> HttpResponse:
    """The draft of the CNIL notification, RGPD art. 33(3): kept as it is
    typed, each version sent kept apart (initial, then complementary)."""
    incident = get_for_org(Incident, request.org, pk=pk)
    context = _cnil_context(incident)
    action = request.POST.get("action", "")
    if request.method == "POST" and action == "reprendre":
        CnilDraft.objects.filter(incident=incident).delete()
        messages.success(request, "Le brouillon repart des informations de l'incident.")
        return redirect("incidents:cnil_draft", request.org.code, pk)
    lenient = action == "brouillon"
    form = CnilDraftForm(
        request.POST or None,
        initial=notice.initial(incident),
        lenient=lenient,
        late=context["late"],
    )
    if request.method == "POST" and form.is_valid():
        if lenient:
            actions.save_cnil_draft(incident, form.cleaned_data, actor=request.user)
            messages.success(request, "Brouillon enregistré.")
            return redirect("incidents:cnil_draft", request.org.code, pk)
        cnil_notice = actions.finalise_cnil_notice(
            incident, form.cleaned_data, actor=request.user, request=request
        )
        return _notice_pdf(request, incident, cnil_notice, context)
    return render(
        request,
        "incidents/cnil_draft.html",
        {**context, "form": form},
        status=400 if form.errors else 200,
    )


@org_view("incidents.view")
@require_POST
def cnil_draft_autosave(request: HttpRequest, pk: int) -> HttpResponse:
    """The draft saved as it is typed (htmx): answers the line that says so."""
    incident = get_for_org(Incident, request.org, pk=pk)
    form = CnilDraftForm(request.POST, lenient=True)
    if not form.is_valid():
        # htmx swaps only a success: the line then says what was refused.
        return render(
            request,
            "incidents/_draft_saved.html",
            {"form": form, "draft": None},
            status=200 if is_htmx(request) else 400,
        )
    draft = actions.save_cnil_draft(incident, form.cleaned_data, actor=request.user)
    if not is_htmx(request):
        return redirect("incidents:cnil_draft", request.org.code, pk)
    return render(request, "incidents/_draft_saved.html", {"form": form, "draft": draft})


@org_view("incidents.view")
def cnil_notice_pdf(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    """A version of the CNIL notification, as it was finalised."""
    incident = get_for_org(Incident, request.org, pk=pk)
    cnil_notice = get_object_or_404(CnilNotice, incident=incident, number=number)
    return _notice_pdf(request, incident, cnil_notice, _cnil_context(incident))


@org_view("incidents.view")
def complaint_memo(request: HttpRequest, pk: int) -> HttpResponse:
    """The complaint memo (seed 003, its memo on filing a complaint)."""
    incident = get_for_org(Incident, request.org, pk=pk)
    when = timezone.localtime(incident.discovered_at)
    facts = f"{actions.incident_title(incident)}, découvert le {when:%d/%m/%Y à %H:%M}." + (
        f"\n{incident.description}" if incident.description else ""
    )
    return _prepared_document(
        request,
        incident,
        ComplaintMemoForm(request.POST or None, initial={"facts": facts}),
        page="incidents/complaint_memo.html",
        pdf="incidents/complaint_memo_pdf.html",
        title="Mémo pour le dépôt de plainte",
        filename="memo-plainte",
        produced="Mémo pour le dépôt de plainte produit.",
        context={
            "duty": _obligation(incident, ObligationKey.PLAINTE),
            "timeline": list(incident.timeline.select_related("author")),
        },
    )


@org_view("incidents.view")
def patient_letter(request: HttpRequest, pk: int) -> HttpResponse:
    """The letter to the persons concerned, RGPD art. 34(2)."""
    incident = get_for_org(Incident, request.org, pk=pk)
    return _prepared_document(
        request,
        incident,
        PatientLetterForm(request.POST or None, initial=notice.letter_prefill(incident)),
        page="incidents/patient_letter.html",
        pdf="incidents/patient_letter_pdf.html",
        title="Information des personnes concernées",
        filename="lettre-patients",
        produced="Lettre d'information des personnes concernées produite.",
        context={
            "duty": _obligation(incident, ObligationKey.PERSONNES),
            "today": timezone.localdate(timezone=request.org.tzinfo()),
        },
    )
