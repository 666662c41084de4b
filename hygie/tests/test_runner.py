"""The test runner's own guarantees: a stuck test fails, and each test process
has keys of its own in Redis."""

import io
import signal
import subprocess
import sys
import tempfile
import time
import unittest
from unittest import mock

from channels.layers import get_channel_layer
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test import SimpleTestCase, TestCase, override_settings

from hygie.tests import runner


def stuck_test() -> unittest.TestCase:
    """A test that would take 30 s (not at module level: the runner would find it)."""

    class Stuck(unittest.TestCase):
        def test_sleeps(self):
            time.sleep(30)

    return Stuck("test_sleeps")


class TimeLimitTestCase(SimpleTestCase):
    def setUp(self):
        # This test runs under the runner's own limit: put it back afterwards.
        handler, remaining = signal.getsignal(signal.SIGALRM), signal.alarm(0)
        self.addCleanup(signal.alarm, remaining or runner.TIME_LIMIT)
        self.addCleanup(signal.signal, signal.SIGALRM, handler)

    def test_a_stuck_test_fails_with_the_stacks_of_its_threads(self):
        stacks = self.enterContext(tempfile.TemporaryFile("w+"))
        self.enterContext(mock.patch.object(runner, "TIME_LIMIT", 1))
        self.enterContext(mock.patch.object(runner, "stacks_file", stacks))
        result = runner.TextResult(io.StringIO(), descriptions=False, verbosity=0)
        started = time.monotonic()
        stuck_test().run(result)
        self.assertLess(time.monotonic() - started, 10)
        self.assertEqual(len(result.errors), 1)
        self.assertIn("TestTimeLimit: Test stopped after 1 s", result.errors[0][1])
        stacks.seek(0)
        self.assertIn("test_sleeps", stacks.read())

    def test_a_test_on_time_leaves_no_alarm(self):
        result = runner.TextResult(io.StringIO(), descriptions=False, verbosity=0)
        test = unittest.FunctionTestCase(lambda: None)
        test.run(result)
        self.assertTrue(result.wasSuccessful())
        self.assertEqual(signal.alarm(0), 0)


class StoppedTestCase(SimpleTestCase):
    def test_a_stopped_test_process_prints_its_stacks(self):
        script = (
            "import os, signal, time\n"
            "from hygie.tests.runner import print_stacks_on_crash\n"
            "print_stacks_on_crash()\n"
            "def waiting_forever():\n"
            "    os.kill(os.getpid(), signal.SIGTERM)\n"
            "    time.sleep(30)\n"
            "waiting_forever()\n"
        )
        done = subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, timeout=20
        )
        self.assertEqual(done.returncode, -signal.SIGTERM)
        self.assertIn("waiting_forever", done.stderr)


class OwnKeysTestCase(SimpleTestCase):
    @override_settings(
        CACHES={
            "default": {
                "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                "KEY_PREFIX": "hygie",
            }
        },
        CHANNEL_LAYERS={
            "default": {
                "BACKEND": "channels_redis.core.RedisChannelLayer",
                "CONFIG": {"hosts": ["redis://127.0.0.1:6379/0"], "prefix": "hygie:quiz"},
            }
        },
    )
    def test_each_process_gets_its_own_prefixes(self):
        with runner.own_redis_keys("w2"):
            self.assertEqual(settings.CACHES["default"]["KEY_PREFIX"], "hygie-w2")
            self.assertEqual(cache.key_prefix, "hygie-w2")
            self.assertEqual(get_channel_layer().prefix, "hygie:quiz-w2")
        self.assertEqual(get_channel_layer().prefix, "hygie:quiz")

    @override_settings(
        CHANNEL_LAYERS={"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    )
    def test_a_layer_in_the_process_is_left_alone(self):
        with runner.own_redis_keys("w2"):
            self.assertNotIn("CONFIG", settings.CHANNEL_LAYERS["default"])


class LockTimeoutTestCase(TestCase):
    def test_a_statement_waits_a_minute_at_most_for_a_lock(self):
        if connection.vendor != "postgresql":
            self.skipTest("PostgreSQL only: SQLite has its own busy timeout.")
        with connection.cursor() as cursor:
            cursor.execute("SHOW lock_timeout")
            self.assertEqual(cursor.fetchone()[0], "1min")
