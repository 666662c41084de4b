"""The dashboard's figures of each year and the year's CSV export, the
practice's proof of compliance, count a request in the year it was received."""

import csv
import io
from datetime import datetime

from django.utils import timezone

from hygie.lib.dates import PARIS
from hygie.rights.models import PatientRequest
from hygie.rights.tests.base import PatientRequestsTestCase


class YearlyFiguresTestCase(PatientRequestsTestCase):
    def test_the_year_of_receipt_is_counted_in_paris_time(self):
        # 31 December, 23:30 in Paris is 22:30 UTC, and 1 January east of Paris:
        # the dashboard and the export both count it in its Paris year.
        year = timezone.localdate().year - 1
        self.log_a_request(received=datetime(year, 12, 31, 23, 30, tzinfo=PARIS))
        patient_request = PatientRequest.objects.get()
        client = self.client_for(self.titulaire)
        (figures,) = client.get(self.url("dashboard")).context["years"]
        self.assertEqual((figures.year, figures.received), (year, 1))
        export = client.get(self.url("export", year)).content.decode("utf-8-sig")
        rows = list(csv.reader(io.StringIO(export), delimiter=";"))
        self.assertEqual([r[0] for r in rows[1:]], [str(patient_request.pk)])
        self.assertEqual(rows[1][1], f"31/12/{year} 23:30")
