"""Test runner: the content library is loaded into every test database.

It is loaded after migrations (post_migrate), so that databases cloned for
parallel workers, and databases flushed by transactional tests, have it too.
"""

from django.conf import settings
from django.db.models.signals import post_migrate
from django.test.runner import DiscoverRunner


def load_library(sender, using="default", **kwargs):
    if sender.label != "content":
        return
    from hygie.content.loader import load

    load()


class Runner(DiscoverRunner):
    def setup_test_environment(self, **kwargs):
        super().setup_test_environment(**kwargs)
        # A background thread would query outside the test's transaction;
        # the tests that need it turn it on.
        settings.PREPARE_DOCUMENTS = False
        post_migrate.connect(load_library, dispatch_uid="hygie-load-library")
