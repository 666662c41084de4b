"""Guessing a game's PIN on /jouer/ is slowed down; a classroom is not."""

import time
from unittest import mock

from django.test import Client
from django.urls import reverse

from hygie.content import library
from hygie.quiz import engine
from hygie.quiz import throttle as pin_throttle
from hygie.tests.base import BaseTestCase

GUESSER = "203.0.113.80"
CLASSROOM = "198.51.100.80"
HOME = "192.0.2.80"
IPV6 = ["2001:db8:5:6::1", "2001:db8:5:6:ffff::2", "2001:db8:5:7::1"]


class PinThrottleTestCase(BaseTestCase):
    def setUp(self):
        keys = [f"bank:{q['id']}" for q in library.items("quiz-questions")[:1]]
        self.game = engine.create_game(self.org, title="T", keys=keys, host=self.titulaire)
        self.wrong = "000000" if self.game.pin != "000000" else "000001"
        for ip in (GUESSER, CLASSROOM, HOME, *IPV6):
            pin_throttle.forget(ip)
            self.addCleanup(pin_throttle.forget, ip)

    def join(self, pin: str, ip: str, client: Client | None = None):
        return (client or Client()).get(reverse("play:join"), {"pin": pin}, REMOTE_ADDR=ip)

    def guess(self, times: int, ip: str) -> None:
        for i in range(times):
            pin = f"{(int(self.wrong) + i * 7919) % 1_000_000:06d}"
            if pin == self.game.pin:
                pin = self.wrong
            response = self.join(pin, ip)
            self.assertContains(response, "Aucune partie en cours", status_code=400)

    def assertJoins(self, response) -> None:
        self.assertRedirects(
            response,
            reverse("play:pseudonym", args=[self.game.pin]),
            fetch_redirect_response=False,
        )

    def test_guessing_is_slowed_down_after_thirty_wrong_pins(self):
        self.guess(30, GUESSER)
        response = self.join(self.wrong, GUESSER)
        self.assertContains(response, "Trop de codes erronés", status_code=429)
        self.assertContains(response, "Patientez 1 seconde", status_code=429)
        # Even the right PIN waits: answering it would confirm a guess.
        self.assertEqual(self.join(self.game.pin, GUESSER).status_code, 429)
        # Elsewhere, the right PIN still joins.
        self.assertJoins(self.join(self.game.pin, HOME))

    def test_once_the_delay_has_passed_one_pin_is_tried_and_the_next_waits_longer(self):
        self.guess(30, GUESSER)
        later = time.time() + 2
        with mock.patch("hygie.quiz.throttle._now", return_value=later):
            self.assertContains(self.join(self.wrong, GUESSER), "Aucune partie", status_code=400)
            response = self.join(self.wrong, GUESSER)
            self.assertContains(response, "Patientez 2 secondes", status_code=429)

    def test_a_classroom_behind_one_address_all_joins(self):
        for i in range(300):
            if i % 15 == 0:  # a few typos along the way
                self.join(self.wrong, CLASSROOM)
            self.assertJoins(self.join(self.game.pin, CLASSROOM))

    def test_an_ipv6_network_counts_as_one_address(self):
        for i in range(30):
            self.join(f"{i:06d}" if f"{i:06d}" != self.game.pin else self.wrong, f"{IPV6[0]}{i}")
        self.assertEqual(self.join(self.game.pin, IPV6[1]).status_code, 429)
        self.assertJoins(self.join(self.game.pin, IPV6[2]))

    def test_the_pseudonym_page_counts_wrong_pins_too(self):
        phone = Client()
        for i in range(30):
            pin = f"{i:06d}" if f"{i:06d}" != self.game.pin else self.wrong
            phone.get(reverse("play:pseudonym", args=[pin]), REMOTE_ADDR=GUESSER)
        response = phone.get(
            reverse("play:pseudonym", args=[self.game.pin]), REMOTE_ADDR=GUESSER, follow=True
        )
        self.assertRedirects(response, reverse("play:join"))
        self.assertContains(response, "Trop de codes erronés")

    def test_a_phone_that_typed_the_right_pin_reaches_the_pseudonym_page(self):
        phone = Client()
        self.assertJoins(self.join(self.game.pin, CLASSROOM, phone))
        # Wrong PINs from others at the same address do not hold it up now.
        self.guess(30, CLASSROOM)
        self.assertEqual(self.join(self.wrong, CLASSROOM).status_code, 429)
        page = phone.get(reverse("play:pseudonym", args=[self.game.pin]), REMOTE_ADDR=CLASSROOM)
        self.assertEqual(page.status_code, 200)
