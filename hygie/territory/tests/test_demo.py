import tempfile
from io import StringIO
from pathlib import Path

from django.core.management import call_command
from django.test import TestCase, override_settings

from hygie.front.demo import ORG_NAME, REGION_NAME
from hygie.orgs.models import Organisation
from hygie.territory import actions
from hygie.territory.models import Participation


class DemoTerritoryTests(TestCase):
    def test_the_demo_territory_shares_its_indicators(self):
        data_dir = tempfile.TemporaryDirectory()
        self.addCleanup(data_dir.cleanup)
        with override_settings(DATA_DIR=Path(data_dir.name)):
            call_command("demo", stdout=StringIO())
        region = Organisation.objects.get(is_demo=True, name=REGION_NAME)
        members = Participation.objects.active().filter(region=region)
        self.assertGreaterEqual(members.count(), 9)
        self.assertTrue(members.filter(practice__name=ORG_NAME).exists())
        self.assertTrue(all(p.practice.is_demo for p in members))
        self.assertGreaterEqual(len(set(members.values_list("departement", flat=True))), 3)
        summary = actions.dashboard(region).summary
        self.assertTrue(summary.published)
        self.assertIsNotNone(summary.indice.median)
        self.assertTrue(summary.trends)
