from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.db.models import Avg, Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from hygie.accounts.qr import qr_data_uri
from hygie.content import library
from hygie.lib import documents
from hygie.lib.french import count, plural
from hygie.lib.http import client_ip
from hygie.lib.parse import parse_id
from hygie.orgs.access import get_for_org, org_view
from hygie.quiz import actions, engine
from hygie.quiz import bank as question_bank
from hygie.quiz import throttle as pin_throttle
from hygie.quiz.forms import (
    GAME_SETTINGS,
    THEMES,
    ComposeForm,
    OrgQuestionForm,
    PinForm,
    PseudonymForm,
)
from hygie.quiz.models import Answer, Game, Quiz

# The shapes that stand beside the options, colour never alone (see quiz.js).
SHAPES = ["▲", "◆", "●", "■"]


def bank() -> list[dict]:
    return library.items("quiz-questions")


def sets() -> list[dict]:
    return library.items("quiz-sets")


@org_view("quiz.host")
def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "quiz/home.html",
        {
            "sets": sets(),
            "quizzes": Quiz.visible_to(request.org, request.user)[:50],
            "games": Game.objects.filter(org=request.org).annotate(n=Count("players"))[:20],
            "bank_size": len(bank()),
        },
    )


@org_view("quiz.host")
def compose(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Pick questions from the bank and the organisation's own; their order
    is the order of the numbers typed beside them.

    Every question is rendered once; the filter (words, theme, type,
    difficulty) only hides rows, and never the ticked ones. Without
    JavaScript, « Filtrer » posts the whole form back unsaved, so that the
    title and the questions ticked stay as they were."""
    quiz = (
        get_for_org(Quiz.visible_to(request.org, request.user), request.org, pk=pk) if pk else None
    )
    filtering = request.method == "POST" and request.POST.get("action") == "filtrer"
    chosen = quiz.questions if quiz else []
    listed = question_bank.entries(request.org)
    by_key = {e.key: e for e in listed}
    # The questions already chosen come first, in their order.
    ordered = [by_key[k] for k in chosen if k in by_key] + [
        e for e in listed if e.key not in chosen
    ]
    form = ComposeForm(
        request.POST if request.method == "POST" else None,
        instance=quiz or Quiz(org=request.org, created_by=request.user),
        choices=[(e.key, e.text) for e in ordered],
        may_share=quiz is None or quiz.created_by_id in (None, request.user.pk),
    )
    if request.method == "POST" and not filtering and form.is_valid():
        quiz = actions.save_quiz(form.instance, actor=request.user, request=request)
        messages.success(
            request, f"Quiz « {quiz.title} » enregistré : {len(quiz.questions)} questions."
        )
        return redirect("quiz:home", request.org.code)
    data = request.POST if request.method == "POST" else request.GET
    wanted = question_bank.Filter.from_data(data)
    if request.method == "POST":
        ticked = set(request.POST.getlist("questions"))
        order = {e.key: request.POST.get(f"ordre-{e.key}", "") for e in ordered}
    else:
        ticked = set(chosen)
        order = {k: i + 1 for i, k in enumerate(chosen)}
    rows = [
        {
            "entry": e,
            "ticked": e.key in ticked,
            "order": order.get(e.key, ""),
            "hidden": e.key not in ticked and not wanted.matches(e),
        }
        for e in ordered
    ]
    return render(
        request,
        "quiz/compose.html",
        {
            "form": form,
            "quiz": quiz,
            "filter": wanted,
            "rows": rows,
            "visible": shown_label(sum(not r["hidden"] for r in rows)),
            "themes": THEMES,
            "types": question_bank.TYPES,
            "difficulties": question_bank.DIFFICULTIES,
        },
        status=400 if form.errors and not filtering else 200,
    )


def shown_label(n: int) -> str:
    return f"{count(n, 'question')} {plural(n, 'affichée')}"


@org_view("quiz.host")
def preview(request: HttpRequest, key: str) -> HttpResponse:
    """A question as the players will see it, then its correction."""
    question = question_bank.preview(key, request.org)
    if question is None:
        raise Http404("Question introuvable")
    options = [
        {"text": text, "shape": SHAPES[i], "index": i, "right": i in question["correct"]}
        for i, text in enumerate(question["options"])
    ]
    return render(
        request,
        "quiz/preview.html",
        {
            "question": question,
            "options": options,
            "type_label": question_bank.TYPES.get(question["type"], ""),
            "theme": THEMES.get(question["theme"], question["theme"]),
        },
    )


@org_view("quiz.host")
@require_POST
def duplicate(request: HttpRequest, pk: int) -> HttpResponse:
    """A copy of a quiz, its copier's own until they share it."""
    quiz = get_for_org(Quiz.visible_to(request.org, request.user), request.org, pk=pk)
    copy = actions.duplicate_quiz(quiz, actor=request.user, request=request)
    messages.success(request, f"Quiz dupliqué : « {copy.title} », visible de vous seul.")
    return redirect("quiz:edit", request.org.code, copy.pk)


@org_view("quiz.host")
def question_new(request: HttpRequest) -> HttpResponse:
    """A question of the organisation's own, beside the shared bank."""
    form = OrgQuestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        actions.add_question(request.org, form.cleaned_data, actor=request.user, request=request)
        messages.success(request, "Question ajoutée : elle figure parmi les questions à choisir.")
        return redirect("quiz:compose", request.org.code)
    return render(request, "quiz/question.html", {"form": form}, status=400 if form.errors else 200)


@org_view("quiz.host")
@require_POST
def launch(request: HttpRequest) -> HttpResponse:
    """Start a game from a ready-made quiz or one of the organisation's."""
    source = request.POST.get("quiz", "")
    if source.startswith("set:"):
        found = next((s for s in sets() if s["id"] == source[4:]), None)
        if found is None:
            raise Http404("Quiz introuvable")
        keys, title, options, quiz = (
            [f"bank:{k}" for k in found["questions"]],
            found["title"],
            {},
            None,
        )
    elif (pk := parse_id(source)) is not None:
        quiz = get_for_org(Quiz.visible_to(request.org, request.user), request.org, pk=pk)
        keys, title = quiz.questions, quiz.title
        options = {name: getattr(quiz, name) for name in GAME_SETTINGS}
    else:
        raise Http404("Quiz introuvable")
    try:
        game = actions.launch_game(
            request.org,
            title=title,
            keys=keys,
            quiz=quiz,
            actor=request.user,
            request=request,
            **options,
        )
    except engine.Refused as refused:
        messages.error(request, str(refused))
        return redirect("quiz:home", request.org.code)
    return redirect("quiz:host", request.org.code, game.pk)


@org_view("quiz.host")
def host(request: HttpRequest, pk: int) -> HttpResponse:
    """The host's screen of a game."""
    return render(request, "quiz/host.html", _host_context(request, pk))


@org_view("quiz.host")
def projection(request: HttpRequest, pk: int) -> HttpResponse:
    """The show on the projector: the game alone, full screen, for the room."""
    return render(request, "quiz/projection.html", _host_context(request, pk))


def _host_context(request: HttpRequest, pk: int) -> dict:
    game = get_for_org(Game, request.org, pk=pk)
    join_path = reverse("play:join")
    join_url = f"{settings.SITE_URL}{join_path}?pin={game.pin}"
    return {
        "game": game,
        "join_url": join_url,
        "join_short": f"{settings.SITE_URL.split('://', 1)[-1]}{join_path}",
        "qr": qr_data_uri(join_url),
        "socket": f"/ws/quiz/{game.pk}/animer/",
    }


def _results(game: Game) -> tuple[list, list]:
    """The players, best first, and the figures of each question.

    A question's answers and success come from its answers while they exist,
    else from the game's anonymous summary, which outlives the players (see
    engine.purge and engine.finish)."""
    players = list(
        game.players.annotate(
            right=Count("answers", filter=Q(answers__correct=True)),
            answered=Count("answers"),
            mean_ms=Avg("answers__elapsed_ms"),
        ).order_by("-score", "joined_at")
    )
    figures = {
        s["index"]: {"n": s["answers"], "right": s["correct"], "mean_ms": s.get("mean_ms")}
        for s in game.summary
    }
    figures.update(
        (row["index"], row)
        for row in Answer.objects.filter(game=game)
        .values("index")
        .annotate(
            n=Count("id"), right=Count("id", filter=Q(correct=True)), mean_ms=Avg("elapsed_ms")
        )
    )
    questions = []
    for i, q in enumerate(game.questions):
        row = figures.get(i, {"n": 0, "right": 0, "mean_ms": None})
        questions.append(
            {
                "number": i + 1,
                "text": q["text"],
                "theme": THEMES.get(q["theme"], q["theme"]),
                "answers": row["n"],
                "rate": round(100 * row["right"] / row["n"]) if row["n"] else None,
                "mean_s": _seconds(row["mean_ms"]),
            }
        )
    return players, questions


def _seconds(ms: float | None) -> float | None:
    return None if ms is None else round(ms / 1000, 1)


@org_view("quiz.host")
def results(request: HttpRequest, pk: int) -> HttpResponse:
    game = get_for_org(Game, request.org, pk=pk)
    players, questions = _results(game)
    return render(
        request, "quiz/results.html", {"game": game, "players": players, "questions": questions}
    )


PLAYERS_HEADER = ["Rang", "Pseudonyme", "Score", "Bonnes réponses", "Réponses", "Temps moyen (s)"]
QUESTIONS_HEADER = ["N°", "Question", "Thème", "Réponses", "Réussite (%)", "Temps moyen (s)"]


@org_view("quiz.host")
def export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    game = get_for_org(Game, request.org, pk=pk)
    players, questions = _results(game)
    rows = [
        [i, p.pseudonym, p.score, p.right, p.answered, _seconds(p.mean_ms)]
        for i, p in enumerate(players, start=1)
    ]
    per_question = [
        [q["number"], q["text"], q["theme"], q["answers"], q["rate"], q["mean_s"]]
        for q in questions
    ]
    actions.results_exported(game, fmt=fmt, actor=request.user, request=request)
    name = f"cyberquiz-{game.pin}-{timezone.localdate(game.created).isoformat()}"
    if fmt == "csv":
        # One table per file: the questions follow the players, after a blank line.
        rows += [[], QUESTIONS_HEADER, *per_question]
        return documents.csv_response(f"{name}.csv", PLAYERS_HEADER, rows)
    book = documents.xlsx_book_bytes(
        [("Joueurs", PLAYERS_HEADER, rows), ("Questions", QUESTIONS_HEADER, per_question)]
    )
    return documents.file_response(book, documents.XLSX_MIME, f"{name}.xlsx")


# Players: public pages ----------------------------------------------------------


# A phone that typed the right PIN on /jouer/ carries it to the pseudonym page,
# which then need not count it a second time.
PIN_PASSED_COOKIE = "hygie_quiz_pin"
PIN_PASSED_SALT = "hygie.quiz.pin"
PIN_PASSED_SECONDS = 60 * 60 * 24


def join(request: HttpRequest) -> HttpResponse:
    """/jouer/: the game's PIN; wrong ones are throttled per network."""
    form = PinForm(request.GET if "pin" in request.GET else None)
    status = 200
    if form.is_valid():
        pin = form.cleaned_data["pin"]
        ip = client_ip(request)
        if wait := pin_throttle.wait_seconds(ip):
            form.add_error("pin", pin_throttle.message(wait))
            status = 429
        elif engine.open_game(pin) is not None:
            response = redirect("play:pseudonym", pin)
            response.set_signed_cookie(
                PIN_PASSED_COOKIE,
                pin,
                salt=PIN_PASSED_SALT,
                max_age=PIN_PASSED_SECONDS,
                httponly=True,
                samesite="Lax",
                secure=request.is_secure(),
            )
            return response
        else:
            if engine.is_pin(pin):
                pin_throttle.record_wrong(ip)
            form.add_error("pin", "Aucune partie en cours avec ce code : vérifiez-le à l'écran.")
            status = 400
    elif form.errors:
        status = 400
    return render(request, "quiz/join.html", {"form": form}, status=status)


def _pin_passed(request: HttpRequest, pin: str) -> bool:
    passed = request.get_signed_cookie(
        PIN_PASSED_COOKIE, default=None, salt=PIN_PASSED_SALT, max_age=PIN_PASSED_SECONDS
    )
    return passed == pin


def _player(request: HttpRequest, game: Game):
    """The player this phone's cookie names in `game`, if any."""
    token = request.COOKIES.get(engine.cookie_name(game.pin))
    return engine.player_from_token(token, game) if token else None


def pseudonym(request: HttpRequest, pin: str) -> HttpResponse:
    """Choose a pseudonym: three proposals, or one's own.

    Reached by a typed address, the page tells whether a game has this PIN:
    it is throttled as /jouer/ is, unless /jouer/ has just checked the PIN.
    """
    passed = _pin_passed(request, pin)
    ip = client_ip(request)
    if not passed and (wait := pin_throttle.wait_seconds(ip)):
        messages.error(request, pin_throttle.message(wait))
        return redirect("play:join")
    game = engine.open_game(pin)
    if game is None:
        if not passed and engine.is_pin(pin):
            pin_throttle.record_wrong(ip)
        messages.error(request, "Cette partie n'existe pas ou est terminée.")
        return redirect("play:join")
    if _player(request, game) is not None:
        return redirect("play:game", pin)
    form = PseudonymForm(request.POST or None)
    error = ""
    if request.method == "POST" and form.is_valid():
        chosen = request.POST.get("choice") or form.cleaned_data["pseudonym"]
        try:
            player = engine.join(game, chosen)
        except engine.Refused as refused:
            error = str(refused)
        else:
            response = redirect("play:game", pin)
            response.set_cookie(
                engine.cookie_name(pin),
                engine.token_for(player),
                max_age=60 * 60 * 24,
                httponly=True,
                samesite="Lax",
                secure=request.is_secure(),
            )
            return response
    return render(
        request,
        "quiz/pseudonym.html",
        {"game": game, "form": form, "proposals": engine.proposals(game), "error": error},
        status=400 if error else 200,
    )


def game_page(request: HttpRequest, pin: str) -> HttpResponse:
    """A player's phone during the game."""
    game = engine.game_for_pin(pin)
    if game is None or _player(request, game) is None:
        return redirect("play:join")
    return render(request, "quiz/play.html", {"game": game, "socket": f"/ws/quiz/jouer/{pin}/"})
