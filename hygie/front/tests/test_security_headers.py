from django.conf import settings

from hygie.tests.base import BaseTestCase


class SecurityHeadersTestCase(BaseTestCase):
    def assert_protected(self, r):
        self.assertEqual(r["Content-Security-Policy"], settings.CONTENT_SECURITY_POLICY)
        self.assertEqual(r["X-Frame-Options"], "DENY")
        self.assertEqual(r["Referrer-Policy"], "same-origin")
        self.assertEqual(r["X-Content-Type-Options"], "nosniff")
        self.assertEqual(r["Cross-Origin-Opener-Policy"], "same-origin")
        self.assertIn("camera=()", r["Permissions-Policy"])

    def test_the_policy_allows_no_inline_code(self):
        policy = settings.CONTENT_SECURITY_POLICY
        self.assertNotIn("unsafe-inline", policy)
        self.assertNotIn("unsafe-eval", policy)
        directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
        self.assertEqual(directives["default-src"], "'none'")
        self.assertEqual(directives["script-src"], "'self'")
        self.assertEqual(directives["style-src"], "'self'")
        self.assertEqual(directives["frame-ancestors"], "'none'")
        self.assertEqual(directives["form-action"], "'self'")

    def test_it_protects_the_public_pages(self):
        for url in ("/", "/connexion/", "/inscription/", "/etat/"):
            with self.subTest(url=url):
                self.assert_protected(self.client.get(url))

    def test_it_protects_an_organisations_pages(self):
        self.login(self.titulaire)
        for url in (f"/o/{self.org.code}/", f"/o/{self.org.code}/membres/"):
            with self.subTest(url=url):
                self.assert_protected(self.client.get(url))

    def test_it_protects_redirects_and_errors(self):
        self.assert_protected(self.client.get("/accueil/"))
        self.assert_protected(self.client.get("/nulle-part/"))
        self.login(self.outsider)
        self.assert_protected(self.client.get(f"/o/{self.org.code}/"))

    def test_it_serves_static_files_as_declared(self):
        r = self.client.get("/static/hygie/hygie.css")
        self.assertEqual(r["Content-Security-Policy"], settings.CONTENT_SECURITY_POLICY)
        self.assertEqual(r["X-Content-Type-Options"], "nosniff")
