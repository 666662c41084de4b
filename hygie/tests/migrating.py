"""Tests that move the test database back through its migrations and forward again."""

import tempfile
from pathlib import Path

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import TransactionTestCase, override_settings


def migrate(targets=None):
    """Migrate the test database to `targets` (the latest migrations if None),
    and return the models as they stand there."""
    executor = MigrationExecutor(connection)
    targets = targets or executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    # Content types may have been renamed or moved on the way.
    ContentType.objects.clear_cache()
    return executor.loader.project_state(targets).apps


class MigrationTestCase(TransactionTestCase):
    """A test free to migrate: its own data folder, and the database migrated
    to the latest migrations afterwards, whatever happened."""

    def setUp(self):
        data_dir = tempfile.TemporaryDirectory()
        self.addCleanup(data_dir.cleanup)
        settings = override_settings(DATA_DIR=Path(data_dir.name))
        settings.enable()
        self.addCleanup(settings.disable)
        self.addCleanup(migrate)
