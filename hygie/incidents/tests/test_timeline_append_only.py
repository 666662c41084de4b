"""An incident's timeline is append-only: no page, no admin page changes or
removes an entry, whatever is posted to it."""

from django.contrib import admin
from django.urls import reverse

from hygie.incidents.models import Incident, TimelineEntry
from hygie.incidents.tests.base import IncidentPagesTestCase
from hygie.incidents.urls import urlpatterns


class TimelineIsAppendOnlyTestCase(IncidentPagesTestCase):
    """No view or admin page can change or remove a timeline entry."""

    def test_no_admin_page_changes_the_timeline(self):
        model_admin = admin.site._registry.get(TimelineEntry)
        if model_admin is not None:
            request = type("R", (), {"user": self.titulaire})()
            self.assertFalse(model_admin.has_change_permission(request))
            self.assertFalse(model_admin.has_delete_permission(request))

    def test_posting_an_entrys_fields_to_every_page_changes_nothing(self):
        self.declare_through_the_page(self.titulaire)
        incident = Incident.objects.get()
        client = self.client_for(self.titulaire)
        client.post(self.url("tick", incident.pk), {"reflexe": "laisser-allume"})
        before = list(TimelineEntry.objects.order_by("pk").values())
        hostile = {
            "id": before[0]["id"],
            "pk": before[0]["id"],
            "entry": before[0]["id"],
            "corrects": before[0]["id"],
            "text": "falsifié",
            "at": "2000-01-01T00:00",
            "kind": "correction",
            "author": self.outsider.pk,
            "reflexe": "laisser-allume",
            "lessons": "x",
        }
        for pattern in urlpatterns:
            kwargs = {"code": self.org.code}
            if "<int:pk>" in str(pattern.pattern):
                kwargs["pk"] = incident.pk
            if "fmt" in str(pattern.pattern):
                kwargs["fmt"] = "csv"
            if "<slug:key>" in str(pattern.pattern):
                kwargs["key"] = "cnil"
            if "<int:number>" in str(pattern.pattern):
                kwargs["number"] = 1
            url = reverse(f"incidents:{pattern.name}", kwargs=kwargs)
            with self.subTest(url):
                self.assertLess(client.post(url, hostile).status_code, 500)
        after = {e["id"]: e for e in TimelineEntry.objects.values()}
        for entry in before:
            with self.subTest(entry=entry["id"]):
                self.assertEqual(after[entry["id"]], entry)
        # What the posts added are new entries; the old ones are untouched.
        self.assertGreater(len(after), len(before))
