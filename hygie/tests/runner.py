"""Test runner: the content library is loaded into every test database, each
test process has its own keys in Redis, and a stuck test fails instead of
holding the whole run.

The library is loaded after migrations (post_migrate), so that databases
cloned for parallel workers, and databases flushed by transactional tests,
have it too.
"""

import faulthandler
import secrets
import signal
import sys
import threading
import unittest

from django.conf import settings
from django.db import connections
from django.db.models.signals import post_migrate
from django.test import runner as django_runner
from django.test.utils import override_settings

from hygie.lib.env import envint

# A test running longer than this is stuck (the slowest take under a minute):
# it fails with the stack of every thread, and the run goes on.
TIME_LIMIT = envint("HYGIE_TEST_TIME_LIMIT", 300)
# On PostgreSQL, a statement waiting this long for a lock fails: a connection
# left in a transaction by a server thread must not hold the flush between
# tests forever.
LOCK_TIMEOUT = "60s"
# Where the stacks of a stuck test go (None: standard error).
stacks_file = None


def load_library(sender, using="default", **kwargs):
    if sender.label != "content":
        return
    from hygie.content.loader import load

    load()


def own_redis_keys(tag: str) -> override_settings:
    """Settings giving this process keys of its own in Redis, for the cache
    and the cyberquiz's channel layer: parallel test processes use the same
    ids in their own databases, and a shared key would mix their games, or
    their login attempts."""
    cache = settings.CACHES["default"]
    changes = {
        "CACHES": {
            **settings.CACHES,
            "default": {**cache, "KEY_PREFIX": f"{cache.get('KEY_PREFIX', '')}-{tag}"},
        }
    }
    layer = settings.CHANNEL_LAYERS["default"]
    if "prefix" in layer.get("CONFIG", {}):
        config = {**layer["CONFIG"], "prefix": f"{layer['CONFIG']['prefix']}-{tag}"}
        changes["CHANNEL_LAYERS"] = {
            **settings.CHANNEL_LAYERS,
            "default": {**layer, "CONFIG": config},
        }
    return override_settings(**changes)


def print_stacks_on_crash() -> None:
    """A test process that crashes, or that is stopped (as `.ci/run` stops a
    run that goes on too long), prints the stack of each of its threads
    first. Test processes forked from this one inherit it."""
    faulthandler.enable(all_threads=True)
    faulthandler.register(signal.SIGTERM, all_threads=True, chain=True)


class TestTimeLimit(Exception):
    pass


def _expired(signum, frame):
    faulthandler.dump_traceback(file=stacks_file or sys.stderr, all_threads=True)
    # Once more, should the test's teardown be stuck too.
    signal.alarm(60)
    raise TestTimeLimit(
        f"Test stopped after {TIME_LIMIT} s: it is stuck. "
        "The stack of every thread of its process is printed above."
    )


class TimeLimited:
    """A test result that fails a test still running after TIME_LIMIT."""

    def startTest(self, test):
        if threading.current_thread() is threading.main_thread():
            signal.signal(signal.SIGALRM, _expired)
            signal.alarm(TIME_LIMIT)
        super().startTest(test)

    def stopTest(self, test):
        super().stopTest(test)
        if threading.current_thread() is threading.main_thread():
            signal.alarm(0)


class TextResult(TimeLimited, unittest.TextTestResult):
    pass


class RemoteResult(TimeLimited, django_runner.RemoteTestResult):
    pass


class RemoteRunner(django_runner.RemoteTestRunner):
    resultclass = RemoteResult


def init_worker(*args, **kwargs):
    django_runner._init_worker(*args, **kwargs)
    own_redis_keys(f"w{django_runner._worker_id}").enable()


class ParallelSuite(django_runner.ParallelTestSuite):
    init_worker = init_worker
    runner_class = RemoteRunner


class Runner(django_runner.DiscoverRunner):
    parallel_test_suite = ParallelSuite

    def setup_test_environment(self, **kwargs):
        super().setup_test_environment(**kwargs)
        post_migrate.connect(load_library, dispatch_uid="hygie-load-library")
        print_stacks_on_crash()
        # A background thread would query outside the test's transaction;
        # the tests that need it turn it on.
        settings.PREPARE_DOCUMENTS = False
        # The identity audit then runs within the request (the browser test turns
        # its thread on).
        settings.IDENTITY_AUDIT_IN_BACKGROUND = False
        # The territory's dashboard is then prepared by whoever asks for it.
        settings.TERRITORY_PREPARE_DASHBOARD = False
        # Redis outlives the run: give this run keys of its own, so that
        # nothing left by an earlier run can answer a test.
        self.own_keys = own_redis_keys(f"test-{secrets.token_hex(4)}")
        self.own_keys.enable()
        for connection in connections.all(initialized_only=False):
            if connection.vendor == "postgresql":
                options = connection.settings_dict.setdefault("OPTIONS", {})
                options["options"] = f"-c lock_timeout={LOCK_TIMEOUT}"

    def teardown_test_environment(self, **kwargs):
        self.own_keys.disable()
        super().teardown_test_environment(**kwargs)

    def get_resultclass(self):
        return super().get_resultclass() or TextResult
