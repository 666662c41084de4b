"""French error pages: Django's handlers, with the site's own pages."""

import re

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.test import Client, override_settings
from django.urls import path

from hygie import urls as site_urls
from hygie.tests.base import PASSWORD, BaseTestCase


def boom(request):
    raise RuntimeError("la base a disparu")


def suspicious(request):
    raise SuspiciousOperation("en-tête douteux")


# The site, plus two views that fail, with the site's own error handlers.
urlpatterns = [path("panne/", boom), path("douteux/", suspicious), *site_urls.urlpatterns]
handler400 = site_urls.handler400
handler403 = site_urls.handler403
handler404 = site_urls.handler404
handler500 = site_urls.handler500


class NotFoundTestCase(BaseTestCase):
    def test_it_answers_an_unknown_url_in_french(self):
        r = self.client.get("/nulle-part/")
        self.assertContains(r, "Page introuvable", status_code=404)
        self.assertContains(
            r, "Cette page n'existe pas, ou vous n'y avez pas accès.", status_code=404
        )
        self.assertContains(r, '<html lang="fr">', status_code=404)


class PermissionDeniedTestCase(BaseTestCase):
    def test_it_explains_which_role_lacks_access(self):
        self.login(self.secretaire)
        r = self.client.get(f"/o/{self.org.code}/journal/")
        self.assertContains(r, "Accès refusé", status_code=403)
        self.assertContains(
            r, "Votre rôle (Secrétariat) ne donne pas accès à cette page.", status_code=403
        )
        self.assertContains(r, "demandez au titulaire", status_code=403)


class BadRequestTestCase(BaseTestCase):
    def test_it_refuses_an_oversized_body_in_french(self):
        body = b"email=" + b"a" * settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        with self.assertLogs("django.security.RequestDataTooBig", "ERROR"):
            r = self.client.post(
                "/connexion/", body, content_type="application/x-www-form-urlencoded"
            )
        self.assertContains(r, "Cette demande n'a pas pu être traitée", status_code=400)
        self.assertContains(r, "trop volumineuses", status_code=400)

    def test_it_accepts_a_body_within_the_limit(self):
        body = f"email=claire@cabinet-martin.example&password={PASSWORD}&x=".encode()
        body += b"a" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE - len(body))
        r = self.client.post("/connexion/", body, content_type="application/x-www-form-urlencoded")
        self.assertEqual(r.status_code, 302)

    @override_settings(ROOT_URLCONF=__name__)
    def test_it_answers_a_suspicious_operation_in_french(self):
        with self.assertLogs("django.security.SuspiciousOperation", "ERROR"):
            r = self.client.get("/douteux/")
        self.assertContains(r, "Cette demande n'a pas pu être traitée", status_code=400)

    def test_it_answers_an_unknown_host_in_french(self):
        with self.assertLogs("django.security.DisallowedHost", "ERROR"):
            r = self.client.get("/", headers={"host": "hygie.example.com"})
        self.assertContains(r, "Cette demande n'a pas pu être traitée", status_code=400)


class CsrfFailureTestCase(BaseTestCase):
    def test_it_explains_an_expired_form_in_french(self):
        client = Client(enforce_csrf_checks=True)
        with self.assertLogs("django.security.csrf", "WARNING"):
            r = client.post(
                "/connexion/", {"email": "claire@cabinet-martin.example", "password": PASSWORD}
            )
        self.assertContains(r, "Le formulaire a expiré", status_code=403)
        self.assertContains(r, "Rien n'a été enregistré.", status_code=403)
        self.assertNotIn("_auth_user_id", client.session)

    def test_it_accepts_the_form_with_its_token(self):
        client = Client(enforce_csrf_checks=True)
        page = client.get("/connexion/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())
        r = client.post(
            "/connexion/",
            {
                "email": "claire@cabinet-martin.example",
                "password": PASSWORD,
                "csrfmiddlewaretoken": token.group(1),
            },
        )
        self.assertEqual(r.status_code, 302)


@override_settings(ROOT_URLCONF=__name__)
class ServerErrorTestCase(BaseTestCase):
    def setUp(self):
        self.client = Client(raise_request_exception=False)

    def test_it_apologises_in_french_with_a_reference(self):
        with self.assertLogs("hygie.errors", "ERROR") as logs:
            r = self.client.get("/panne/")
        self.assertContains(r, "Une erreur inattendue s'est produite", status_code=500)
        self.assertContains(r, '<html lang="fr">', status_code=500)
        reference = re.search(r"<strong>([0-9A-F]{10})</strong>", r.content.decode()).group(1)
        self.assertIn(f"Erreur {reference} sur GET /panne/", logs.output[0])

    def test_it_logs_who_met_the_error(self):
        self.login(self.praticien)
        with self.assertLogs("hygie.errors", "ERROR") as logs:
            self.client.get("/panne/")
        self.assertIn(f"(utilisateur {self.praticien.pk})", logs.output[0])

    def test_it_does_not_show_the_traceback(self):
        with self.assertLogs("hygie.errors", "ERROR"):
            r = self.client.get("/panne/")
        self.assertNotContains(r, "la base a disparu", status_code=500)
        self.assertNotContains(r, "RuntimeError", status_code=500)

    def test_it_keeps_the_security_headers(self):
        with self.assertLogs("hygie.errors", "ERROR"):
            r = self.client.get("/panne/")
        self.assertEqual(r["X-Frame-Options"], "DENY")
        self.assertIn("default-src 'none'", r["Content-Security-Policy"])


class NulCharacterTestCase(BaseTestCase):
    """PostgreSQL refuses a NUL character in a query: an address holding one
    (a token, a code, a query parameter) is refused before any view looks it up."""

    def test_a_nul_in_an_address_or_its_query_is_a_french_400(self):
        self.login(self.titulaire)
        for url in (
            "/invitation/a%00b/",
            "/calendrier/a%00b.ics",
            f"/o/{self.org.code}%00/",
            "/jouer/12%0034/",
            f"/o/{self.org.code}/echeances/?statut=%00",
        ):
            with self.subTest(url=url):
                r = self.client.get(url)
                self.assertEqual(r.status_code, 400)
                self.assertContains(r, '<html lang="fr">', status_code=400)
