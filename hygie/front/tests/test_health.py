from django.test import TestCase


class HealthTestCase(TestCase):
    def test_it_answers_ok(self):
        r = self.client.get("/etat/")
        self.assertEqual(r.status_code, 200)
        self.assertEqual(r.content, b"ok")
        self.assertEqual(r["Content-Type"], "text/plain")

    def test_it_needs_no_session(self):
        r = self.client.get("/etat/")
        self.assertNotIn("hygie_session", r.cookies)
