"""What the identity tests that upload a file share."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from django.test import override_settings

from hygie.tests.base import BaseTestCase


class UploadFolderTestCase(BaseTestCase):
    """Uploads, states and results in a temporary folder of the test's own."""

    def setUp(self):
        super().setUp()
        self.folder = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, self.folder, ignore_errors=True)
        self.enterContext(override_settings(IDENTITY_UPLOAD_DIR=self.folder))
