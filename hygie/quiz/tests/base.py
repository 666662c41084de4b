"""What the quiz's tests share: the pages' URLs and signed-in clients, and for
the live game, an organisation with two questions, its host, and WebSocket
clients for the host screen and the phones."""

from __future__ import annotations

from asgiref.sync import sync_to_async
from channels.layers import channel_layers
from channels.testing.websocket import WebsocketCommunicator
from django.conf import settings
from django.test import Client, TransactionTestCase, override_settings
from django.urls import reverse

from hygie.asgi import application
from hygie.orgs.models import Kind, Membership, Organisation
from hygie.orgs.roles import Role
from hygie.quiz import engine
from hygie.quiz.models import Game, OrgQuestion
from hygie.tests.base import BaseTestCase, make_user

ORIGIN = (b"origin", b"http://127.0.0.1")
TIMEOUT = 10


def options(*texts, correct=(0,)):
    return [{"text": t, "correct": i in correct} for i, t in enumerate(texts)]


class QuizPagesTestCase(BaseTestCase):
    def url(self, name, *args):
        return reverse(f"quiz:{name}", args=[self.org.code, *args])

    def client_for(self, user):
        client = Client()
        client.force_login(user)
        return client


class LayerTestCase(TransactionTestCase):
    def setUp(self):
        # Each test runs in an event loop of its own; a Redis layer built in an
        # earlier loop keeps locks bound to it. Build the layer anew.
        channel_layers.backends = {}


@override_settings(QUIZ_ANNOUNCE_SECONDS=0.1)
class LiveBase(LayerTestCase):
    def setUp(self):
        super().setUp()
        self.org = Organisation.objects.create(name="GRADeS Exemple", kind=Kind.APPUI)
        self.host_user = make_user("Anne Morel", "anne@grades.example")
        Membership.objects.create(user=self.host_user, org=self.org, role=Role.ANIMATEUR)
        self.q1 = OrgQuestion.objects.create(
            org=self.org, type="vrai_faux", text="Un mot de passe de 8 caractères suffit-il ?",
            options=options("Vrai", "Faux", correct=(1,)), explanation="Il en faut bien plus.",
            theme="mots-de-passe", source="ANSSI",
        )  # fmt: skip
        self.q2 = OrgQuestion.objects.create(
            org=self.org, type="choix_multiples", text="Quels réflexes face à une rançon ?",
            options=options("Débrancher le réseau", "Payer", "Garder allumé", "Éteindre", correct=(0, 2)),
            explanation="Isoler sans éteindre.", theme="incidents", source="Seed 002",
        )  # fmt: skip
        client = Client()
        client.force_login(self.host_user)
        self.session = client.cookies[settings.SESSION_COOKIE_NAME].value

    def game(self, **kwargs) -> Game:
        return engine.create_game(
            self.org,
            title="Formation",
            keys=[f"org:{self.q1.pk}", f"org:{self.q2.pk}"],
            host=self.host_user,
            **{"question_delay": 0, "seconds": 20, **kwargs},
        )

    async def host(self, game: Game) -> WebsocketCommunicator:
        ws = WebsocketCommunicator(
            application,
            f"/ws/quiz/{game.pk}/animer/",
            headers=[
                ORIGIN,
                (b"cookie", f"{settings.SESSION_COOKIE_NAME}={self.session}".encode()),
            ],
        )
        connected, _ = await ws.connect(timeout=TIMEOUT)
        self.assertTrue(connected)
        return ws

    async def player(self, game: Game, name: str, token: str | None = None):
        if token is None:
            player = await sync_to_async(engine.join)(game, name)
            token = await sync_to_async(engine.token_for)(player)
        ws = WebsocketCommunicator(
            application,
            f"/ws/quiz/jouer/{game.pin}/",
            headers=[ORIGIN, (b"cookie", f"{engine.cookie_name(game.pin)}={token}".encode())],
        )
        connected, _ = await ws.connect(timeout=TIMEOUT)
        self.assertTrue(connected)
        return ws, token

    async def until(self, ws, phase: str, kind: str = "state") -> dict:
        """Read messages until the state reaches `phase`."""
        while True:
            message = await ws.receive_json_from(timeout=TIMEOUT)
            if message["type"] == kind and (kind != "state" or message["state"]["phase"] == phase):
                return message
