from __future__ import annotations

from datetime import datetime, time, timedelta

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from hygie.journal import seals
from hygie.journal.actions import INSTANCE_CHAIN, chain_key, record
from hygie.journal.forms import JournalFilterForm, SealCheckForm
from hygie.journal.models import Entry
from hygie.journal.verify import copy_differences, verify
from hygie.lib import documents, french
from hygie.lib.french import count
from hygie.orgs.access import org_view

PAGE_SIZE = 50
# A PDF is for reading and printing; beyond this, CSV and XLSX hold everything.
PDF_MAX_ENTRIES = 500
EXPORT_HEADER = [
    "N°",
    "Date et heure",
    "Personne",
    "Action",
    "Objet",
    "Détails",
    "Adresse IP",
    "Chaîne",
    "Empreinte",
]


def _filtered(request: HttpRequest):
    org = request.org
    memberships = list(org.memberships.select_related("user").order_by("user__full_name"))
    form = JournalFilterForm(request.GET or None, members=[m.user for m in memberships])
    joined = {m.user_id: m.created for m in memberships}
    entries = Entry.objects.for_org(org, joined).order_by("-time", "-id")
    data = {}
    if form.is_bound:
        # is_valid() keeps the valid filters in cleaned_data: they apply even when
        # another one is wrong, so that an export never holds more than was asked.
        form.is_valid()
        data = form.cleaned_data
    if data.get("action"):
        entries = entries.filter(action=data["action"])
    if data.get("actor"):
        entries = entries.filter(actor_id=int(data["actor"]))
    tz = timezone.get_current_timezone()
    if data.get("start"):
        entries = entries.filter(time__gte=datetime.combine(data["start"], time.min, tz))
    if data.get("end"):
        after = datetime.combine(data["end"] + timedelta(days=1), time.min, tz)
        entries = entries.filter(time__lt=after)
    return form, entries


@org_view("journal.view")
def journal(request: HttpRequest) -> HttpResponse:
    form, entries = _filtered(request)
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "journal/list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "report": request.session.pop("_journal_report", None),
            "seal": seals.latest(chain_key(request.org.pk)),
            "seal_form": SealCheckForm(),
        },
    )


def _rows(entries, seal=None):
    """The entries, then the seal of the chain at the export (its last row)."""
    yield from _entry_rows(entries)
    if seal is not None:
        said = seals.SealText.of(seal)
        yield [
            "Sceau",
            seal.time,
            "",
            "Sceau du journal à l'export",
            count(said.seq, "entrée attestée", "entrées attestées"),
            seal.text,
            "",
            seal.chain,
            seal.head_hash,
        ]


def _entry_rows(entries):
    for e in entries.iterator(chunk_size=1000):
        yield [
            e.seq,
            e.time,
            e.actor_label,
            e.action_label,
            e.object_label,
            e.details_text,
            e.ip or "",
            e.chain,
            e.hash,
        ]


SEAL_HEADER = ["Sceau", "Date et heure", "Entrées attestées", "Chaîne", "Empreinte"]


def _seal_row(seal) -> list:
    return [seal.text, seal.time, seal.seq, seal.chain, seal.head_hash]


def _filters_said(form) -> dict:
    """The filters applied, as the form shows them: « personne : Claire Martin (…) »."""
    said = {}
    for name, value in (form.cleaned_data if form.is_bound else {}).items():
        if not value:
            continue
        field = form.fields[name]
        choices = dict(getattr(field, "choices", ()))
        said[str(field.label).lower()] = choices.get(value, value)
    return said


@org_view("journal.view")
def export(request: HttpRequest, fmt: str) -> HttpResponse:
    form, entries = _filtered(request)
    org = request.org
    stamp = timezone.localdate().isoformat()
    filename = f"journal-{org.code}-{stamp}.{fmt}"
    record(
        action="journal.exported",
        org=org,
        actor=request.user,
        details={"format": fmt, "filtres": _filters_said(form)},
        request=request,
    )
    # Each export carries the seal of the chain as it stands, its own entry
    # included: a copy kept outside, against which the journal can be checked.
    seal = seals.seal(chain_key(org.pk), seals.EXPORT)
    if fmt == "csv":
        return documents.csv_response(filename, EXPORT_HEADER, _rows(entries, seal))
    if fmt == "xlsx":
        body = documents.xlsx_book_bytes(
            [
                ("Journal", EXPORT_HEADER, _entry_rows(entries)),
                ("Sceau", SEAL_HEADER, [_seal_row(seal)]),
            ]
        )
        return documents.file_response(body, documents.XLSX_MIME, filename)
    pdf = documents.render_pdf(
        "journal/journal_pdf.html",
        {
            "entries": list(entries[:PDF_MAX_ENTRIES]),
            "truncated": entries.count() > PDF_MAX_ENTRIES,
            "seal": seal,
            # Where the long line may break on paper (a copied seal's spaces are ignored).
            "seal_parts": [seal.text[i : i + 48] for i in range(0, len(seal.text), 48)]
            if seal
            else [],
        },
        org=org,
        title="Journal d'audit",
    )
    return documents.pdf_response(pdf, filename)


DECISIVE = (
    "Les sceaux gardés dans Hygie peuvent être effacés par qui peut réécrire sa base de "
    "données : la comparaison qui compte est celle avec un sceau gardé ailleurs, reçu par "
    "e-mail ou imprimé sur un export, à coller ci-dessous."
)


@org_view("journal.view")
@require_POST
def verify_view(request: HttpRequest) -> HttpResponse:
    """Check the organisation's chain, and the sign-in chain its page draws on;
    compare the chain with the seals pasted and with the last seal kept here.

    The sign-in chain is shared by every organisation: only whether it is
    intact is reported here, not its size or where it broke (that is for
    whoever runs the instance, with `hygie journal verifier`).
    """
    org = request.org
    chain = chain_key(org.pk)
    form = SealCheckForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Vérification impossible : " + " ".join(form.errors["sceau"]))
        return redirect("journal:list", org.code)
    pasted = form.cleaned_data["sceau"]
    if any(seal.chain != chain for seal in pasted):
        messages.error(
            request,
            f"Vérification impossible : ce sceau n'est pas celui du journal {french.de(org.name)}. "
            "Collez un sceau reçu pour cette organisation.",
        )
        return redirect("journal:list", org.code)

    tz = org.tzinfo()
    own = verify([chain])
    sign_ins = verify([INSTANCE_CHAIN])
    copies = copy_differences(org)
    by_paste = [seals.compare(seal, tz) for seal in pasted]
    kept = seals.latest(chain)
    by_kept = []
    if kept is not None and seals.SealText.of(kept) not in pasted:
        by_kept = [seals.compare(seals.SealText.of(kept), tz)]
    compared = by_paste + by_kept

    ok = own.ok and sign_ins.ok and not copies and all(c.ok for c in compared)
    breaks = [str(b) for b in own.breaks] + [f"Modifié hors d'Hygie : {c}" for c in copies]
    if not sign_ins.ok:
        breaks.append(
            "Le journal des connexions, commun à toutes les organisations, a été altéré : "
            "prévenez l'équipe qui héberge Hygie."
        )
    breaks += [f"Sceau collé : {c.problem}" for c in by_paste if not c.ok]
    breaks += [f"Dernier sceau gardé dans Hygie : {c.problem}" for c in by_kept if not c.ok]
    matched = [f"Sceau collé : le journal contient toujours, intact, ce qu'atteste le "
               f"{c.seal.said(tz)}." for c in by_paste if c.ok]  # fmt: skip
    matched += [f"Dernier sceau gardé dans Hygie : le journal contient toujours, intact, ce "
                f"qu'atteste le {c.seal.said(tz)}." for c in by_kept if c.ok]  # fmt: skip
    details = {"entrées": own.entries, "intègre": ok}
    if pasted:
        details["sceaux collés"] = len(pasted)
    record(action="journal.verified", org=org, actor=request.user, details=details,
           request=request)  # fmt: skip
    request.session["_journal_report"] = {
        "ok": ok,
        "entries": own.entries,
        "breaks": breaks,
        "matched": matched,
        # Without a seal kept outside, a rewind or a rewrite by someone holding
        # the key could go unseen: say so.
        "decisive": "" if pasted else DECISIVE,
    }
    if ok:
        messages.success(
            request,
            f"Journal intègre : {own.entries} entrées vérifiées, "
            "ainsi que le journal des connexions.",
        )
    else:
        messages.error(request, "Le journal a été altéré : voir le détail ci-dessous.")
    return redirect("journal:list", org.code)


@org_view("journal.view")
@require_POST
def seal_view(request: HttpRequest) -> HttpResponse:
    """Seal the organisation's chain now and e-mail the seal to its titulaire and référent."""
    org = request.org
    record(action="journal.sealed", org=org, actor=request.user, request=request)
    seal = seals.seal(chain_key(org.pk), seals.REQUESTED)
    if seal is not None and seal.recipients:
        messages.success(
            request,
            f"Journal scellé : le sceau est envoyé par e-mail à {', '.join(seal.recipients)}. "
            "Gardez cet e-mail.",
        )
    else:
        messages.warning(
            request,
            "Journal scellé, mais ni le titulaire ni le référent n'a d'adresse e-mail confirmée : "
            "copiez le sceau ci-dessous et gardez-le hors d'Hygie.",
        )
    return redirect("journal:list", org.code)
