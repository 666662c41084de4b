"""The register's dates in the practice's own time zone: the HDS certificate's
échéance, and the register « as it stood » at the end of a day there."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from hygie.deadlines.models import Deadline
from hygie.register import actions
from hygie.register.models import Version
from hygie.register.tests.base import RegisterTestCase

REUNION = ZoneInfo("Indian/Reunion")


class ReunionRegisterTestCase(RegisterTestCase):
    def setUp(self):
        self.org.time_zone = "Indian/Reunion"
        self.org.save(update_fields=["time_zone"])

    def test_the_hds_certificates_end_is_at_9_in_la_reunion(self):
        (record,) = self.build("dossier-patient")
        self.client_for(self.titulaire).post(
            self.url("processor_new"),
            {
                "name": "Hébergeur Santé",
                "service": "Hébergement du logiciel de cabinet",
                "hds": "oui",
                "hds_until": "2030-03-01",
                "location": "eee",
                "processings": [record.pk],
                "clauses": ["instructions"],
            },
        )
        deadline = Deadline.objects.get(key="hds")
        self.assertEqual(deadline.due_at, datetime(2030, 3, 1, 9, 0, tzinfo=REUNION))

    def test_the_register_as_it_stood_at_the_end_of_a_day_there(self):
        self.build("dossier-patient")
        version = Version.objects.filter(org=self.org).latest("number")
        # Saved at 22:30 in La Réunion on 1 March (19:30 in Paris): part of that day.
        Version.objects.filter(pk=version.pk).update(
            at=datetime(2026, 3, 1, 22, 30, tzinfo=REUNION)
        )
        self.assertEqual(actions.as_of(self.org, date(2026, 3, 1)), version)
        # Saved at 01:00 on 2 March there (22:00 on 1 March in Paris): not yet.
        Version.objects.filter(pk=version.pk).update(at=datetime(2026, 3, 2, 1, 0, tzinfo=REUNION))
        self.assertIsNone(actions.as_of(self.org, date(2026, 3, 1)))
