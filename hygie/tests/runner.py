"""Test runner: the content library is loaded into every test database.

It is loaded after migrations (post_migrate), so that databases cloned for
parallel workers, and databases flushed by transactional tests, have it too.
"""

import secrets

from django.conf import settings
from django.db.models.signals import post_migrate
from django.test.runner import DiscoverRunner
from django.test.utils import override_settings


def load_library(sender, using="default", **kwargs):
    if sender.label != "content":
        return
    from hygie.content.loader import load

    load()


class Runner(DiscoverRunner):
    def setup_test_environment(self, **kwargs):
        super().setup_test_environment(**kwargs)
        post_migrate.connect(load_library, dispatch_uid="hygie-load-library")
        # A background thread would query outside the test's transaction;
        # the tests that need it turn it on.
        settings.PREPARE_DOCUMENTS = False
        # A shared cache (Redis) outlives the run: give this run keys of its
        # own, so that nothing cached by an earlier run can answer a test.
        default = settings.CACHES["default"]
        self.run_cache = override_settings(
            CACHES={
                **settings.CACHES,
                "default": {
                    **default,
                    "KEY_PREFIX": f"{default.get('KEY_PREFIX', '')}-test-{secrets.token_hex(4)}",
                },
            }
        )
        self.run_cache.enable()

    def teardown_test_environment(self, **kwargs):
        self.run_cache.disable()
        super().teardown_test_environment(**kwargs)
