"""The register as plain data (actions.snapshot), read in a number of queries
that does not grow with its processors."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from hygie.register import actions
from hygie.register.models import Processor, QuestionnaireRecord
from hygie.register.tests.base import RegisterTestCase


class SnapshotTestCase(RegisterTestCase):
    def test_its_queries_do_not_grow_with_the_processors(self):
        (record,) = self.build("dossier-patient")

        def add(name):
            sent = QuestionnaireRecord.objects.create(
                org=self.org, questionnaire="hebergeur", provider=name
            )
            processor = Processor.objects.create(
                org=self.org, name=name, service="Hébergement", questionnaire=sent
            )
            processor.processings.set([record])

        add("Hébergeur A")
        with CaptureQueriesContext(connection) as one:
            actions.snapshot(self.org)
        add("Hébergeur B")
        add("Hébergeur C")
        with CaptureQueriesContext(connection) as three:
            data = actions.snapshot(self.org)
        self.assertEqual(len(three), len(one))
        self.assertEqual(
            data["processors"][2]["questionnaire"], "Hébergeur C — questionnaire hebergeur"
        )
