"""The cyberquiz: quizzes, live games, players and their answers.

The database is the record of a game: its phase, the time its options were
sent and its deadline are stored, every transition is a conditional update of
the game's sequence number, and each answer is a row unique per player and
question, so that a game survives a reloaded screen, a restarted process or
answers arriving together.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from hygie.lib.confusables import skeleton


class Quiz(models.Model):
    """A list of questions composed by a host, with its timings."""

    org = models.ForeignKey("orgs.Organisation", on_delete=models.CASCADE, related_name="quizzes")
    title = models.CharField("titre", max_length=120)
    # Question keys in play order: "bank:<id>" (content library) or "org:<pk>".
    questions = models.JSONField(default=list)
    seconds = models.PositiveSmallIntegerField(
        "secondes par question",
        default=20,
        validators=[MinValueValidator(5), MaxValueValidator(120)],
    )
    question_delay = models.PositiveSmallIntegerField(
        "secondes de question seule avant les réponses",
        default=5,
        validators=[MinValueValidator(0), MaxValueValidator(30)],
    )
    speed = models.BooleanField("la rapidité compte", default=True)
    streak_bonus = models.BooleanField("bonus de série", default=False)
    # Shared: every member sees, edits, launches and duplicates it; else only
    # its author does (a quiz whose author has left is shared, see visible_to).
    shared = models.BooleanField("partagé avec l'équipe", default=True)
    created = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "quiz"
        ordering = ["-created"]

    def __str__(self) -> str:
        return self.title

    @classmethod
    def visible_to(cls, org, user) -> models.QuerySet:
        """The organisation's quizzes `user` may see: the shared ones and their own."""
        return cls.objects.filter(org=org).filter(
            models.Q(shared=True) | models.Q(created_by=None) | models.Q(created_by=user)
        )


class OrgQuestion(models.Model):
    """A private question of an organisation, beside the shared bank."""

    org = models.ForeignKey(
        "orgs.Organisation", on_delete=models.CASCADE, related_name="quiz_questions"
    )
    type = models.CharField(
        "type",
        max_length=16,
        choices=[
            ("vrai_faux", "Vrai ou faux"),
            ("choix_unique", "Une seule bonne réponse"),
            ("choix_multiples", "Plusieurs bonnes réponses"),
        ],
    )
    text = models.CharField("question", max_length=180)
    # [{"text": "...", "correct": bool}], 2 to 4.
    options = models.JSONField()
    explanation = models.CharField("explication", max_length=400)
    theme = models.CharField("thème", max_length=40)
    source = models.CharField("source", max_length=300)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "question de l'organisation"

    def __str__(self) -> str:
        return self.text


class Phase(models.TextChoices):
    LOBBY = "lobby", "Accueil des joueurs"
    ANNOUNCE = "announce", "Type de réponse annoncé"
    QUESTION = "question", "Question seule"
    ANSWERING = "answering", "Réponses ouvertes"
    REVEAL = "reveal", "Correction"
    SCORES = "scores", "Classement"
    PODIUM = "podium", "Podium"


def new_nonce() -> str:
    return secrets.token_hex(16)


def new_pin() -> str:
    return f"{secrets.randbelow(900_000) + 100_000}"


class Game(models.Model):
    org = models.ForeignKey("orgs.Organisation", on_delete=models.CASCADE, related_name="games")
    quiz = models.ForeignKey(Quiz, null=True, on_delete=models.SET_NULL, related_name="games")
    host = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    title = models.CharField(max_length=120)
    # Six digits, unique among the games not ended (see engine.create_game).
    pin = models.CharField(max_length=6, db_index=True)
    # The questions as played, copied when the game is created.
    questions = models.JSONField()
    seconds = models.PositiveSmallIntegerField(default=20)
    question_delay = models.PositiveSmallIntegerField(default=5)
    speed = models.BooleanField(default=True)
    streak_bonus = models.BooleanField(default=False)
    phase = models.CharField(max_length=10, choices=Phase.choices, default=Phase.LOBBY)
    index = models.IntegerField(default=-1)  # the current question, from 0
    seq = models.PositiveIntegerField(default=0)  # bumped by every transition
    options_at = models.DateTimeField(null=True, blank=True)
    phase_ends_at = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)
    # Anonymous per-question figures, kept when the players are purged.
    summary = models.JSONField(default=list)

    class Meta:
        verbose_name = "partie"
        ordering = ["-created"]
        indexes = [models.Index(fields=["pin", "ended_at"])]

    def __str__(self) -> str:
        return f"Partie {self.pin} : {self.title}"

    @property
    def question(self) -> dict | None:
        if 0 <= self.index < len(self.questions):
            return self.questions[self.index]
        return None


class Player(models.Model):
    game = models.ForeignKey(Game, on_delete=models.CASCADE, related_name="players")
    pseudonym = models.CharField(max_length=24)
    # What the pseudonym looks like (confusables.skeleton), set on saving: two
    # players of a game never look alike on the projector.
    skeleton = models.CharField(max_length=400, editable=False)
    # Part of the signed token that brings a player back after a reload.
    nonce = models.CharField(max_length=32, default=new_nonce)
    score = models.IntegerField(default=0)
    streak = models.PositiveIntegerField(default=0)
    removed = models.BooleanField(default=False)
    joined_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "joueur"
        constraints = [
            models.UniqueConstraint(fields=["game", "pseudonym"], name="one_pseudonym_per_game"),
            models.UniqueConstraint(fields=["game", "skeleton"], name="one_look_per_game"),
        ]

    def __str__(self) -> str:
        return self.pseudonym

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is None or "pseudonym" in update_fields:
            self.skeleton = skeleton(self.pseudonym)
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "skeleton"}
        super().save(*args, **kwargs)


class Answer(models.Model):
    game = models.ForeignKey(Game, on_delete=models.CASCADE, related_name="answers")
    player = models.ForeignKey(Player, on_delete=models.CASCADE, related_name="answers")
    index = models.PositiveSmallIntegerField()
    choices = models.JSONField()
    elapsed_ms = models.PositiveIntegerField()
    correct = models.BooleanField()
    points = models.PositiveIntegerField()
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "réponse"
        constraints = [
            models.UniqueConstraint(fields=["player", "index"], name="one_answer_per_question")
        ]
        indexes = [models.Index(fields=["game", "index"])]

    def __str__(self) -> str:
        return f"Réponse de {self.player_id} à la question {self.index + 1}"


class ThemeStat(models.Model):
    """Anonymous figures per theme and day, for the territory indicators."""

    org = models.ForeignKey("orgs.Organisation", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    theme = models.CharField(max_length=40)
    answers = models.PositiveIntegerField(default=0)
    correct = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "statistique anonyme par thème"
        constraints = [
            models.UniqueConstraint(fields=["org", "day", "theme"], name="one_stat_per_theme_day")
        ]

    def __str__(self) -> str:
        return f"{self.theme} ({self.day})"


class QuestionStat(models.Model):
    """How often a question was answered, and answered right, in the games
    ended: anonymous counters per question key (« bank:<id> » across every
    organisation, « org:<pk> » for an organisation's own), with no player,
    game or day, for the composer's success rate."""

    key = models.CharField(max_length=80, unique=True)
    answers = models.PositiveIntegerField(default=0)
    correct = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "statistique anonyme par question"

    def __str__(self) -> str:
        return self.key
