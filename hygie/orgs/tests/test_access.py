"""The access helpers, tested for each kind of visitor through small views of their own."""

import re

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.test import override_settings
from django.urls import path

from hygie import urls as site_urls
from hygie.orgs.access import get_for_org, get_membership, org_view, require
from hygie.orgs.models import Invitation, Membership
from hygie.orgs.roles import Role
from hygie.tests.base import BaseTestCase


@org_view()
def page(request):
    return HttpResponse(f"{request.org.name} / {request.membership.role}")


@org_view("org.manage")
def manage(request):
    return HttpResponse("gestion")


@org_view()
def member(request, pk):
    membership = get_for_org(Membership.objects.select_related("user"), request.org, pk=pk)
    return HttpResponse(membership.user.email)


urlpatterns = [
    path("essai/<str:code>/", page),
    path("essai/<str:code>/gestion/", manage),
    path("essai/<str:code>/membres/<int:pk>/", member),
    *site_urls.urlpatterns,
]
handler403 = site_urls.handler403
handler404 = site_urls.handler404


def as_seen(response) -> str:
    """The page without what changes from one request to the next: CSRF tokens, the path."""
    text = response.content.decode().replace(response.request["PATH_INFO"], "/…/")
    return re.sub(r'(X-CSRFToken": "|value=")[A-Za-z0-9]{64}', r"\1…", text)


@override_settings(ROOT_URLCONF=__name__)
class OrgViewTestCase(BaseTestCase):
    def test_it_lets_the_owner_in(self):
        self.login(self.titulaire)
        r = self.client.get(f"/essai/{self.org.code}/")
        self.assertContains(r, "Cabinet du Dr Martin / titulaire")

    def test_it_lets_a_colleague_in(self):
        self.login(self.praticien)
        r = self.client.get(f"/essai/{self.org.code}/")
        self.assertContains(r, "Cabinet du Dr Martin / praticien")

    def test_it_lets_the_secretary_in(self):
        self.login(self.secretaire)
        r = self.client.get(f"/essai/{self.org.code}/")
        self.assertContains(r, "Cabinet du Dr Martin / secretariat")

    def test_it_answers_an_outsider_exactly_as_for_a_missing_organisation(self):
        self.login(self.outsider)
        theirs = self.client.get(f"/essai/{self.org.code}/")
        missing = self.client.get("/essai/inexistant/")
        self.assertEqual(theirs.status_code, 404)
        self.assertEqual(missing.status_code, 404)
        self.assertEqual(as_seen(theirs), as_seen(missing))
        self.assertContains(theirs, "Page introuvable", status_code=404)

    def test_it_sends_an_anonymous_visitor_to_the_login_page(self):
        r = self.client.get(f"/essai/{self.org.code}/")
        self.assertRedirects(r, f"/connexion/?next=/essai/{self.org.code}/")

    def test_it_does_not_tell_an_anonymous_visitor_whether_the_organisation_exists(self):
        r = self.client.get("/essai/inexistant/")
        self.assertRedirects(r, "/connexion/?next=/essai/inexistant/")

    def test_it_answers_403_with_the_role_to_a_member_without_the_permission(self):
        self.login(self.secretaire)
        r = self.client.get(f"/essai/{self.org.code}/gestion/")
        self.assertContains(
            r, "Votre rôle (Secrétariat) ne donne pas accès à cette page.", status_code=403
        )

    def test_it_answers_403_to_a_colleague_without_the_permission(self):
        self.login(self.praticien)
        r = self.client.get(f"/essai/{self.org.code}/gestion/")
        self.assertEqual(r.status_code, 403)

    def test_it_answers_404_not_403_to_an_outsider(self):
        self.login(self.outsider)
        r = self.client.get(f"/essai/{self.org.code}/gestion/")
        self.assertEqual(r.status_code, 404)

    def test_it_lets_the_owner_manage(self):
        self.login(self.titulaire)
        self.assertContains(self.client.get(f"/essai/{self.org.code}/gestion/"), "gestion")

    def test_it_remembers_the_last_organisation(self):
        self.login(self.referent)
        self.client.get(f"/essai/{self.other_org.code}/")
        self.referent.refresh_from_db()
        self.assertEqual(self.referent.last_org, self.other_org)

    def test_it_refuses_an_undeclared_permission_when_decorating(self):
        with self.assertRaisesMessage(KeyError, "declare it in orgs/roles.py"):
            org_view("incidents.close")


@override_settings(ROOT_URLCONF=__name__)
class GetForOrgViewTestCase(BaseTestCase):
    def url(self, membership) -> str:
        return f"/essai/{self.org.code}/membres/{membership.pk}/"

    def test_it_gives_the_owner_an_object_of_the_organisation(self):
        self.login(self.titulaire)
        r = self.client.get(self.url(self.membership(self.secretaire)))
        self.assertContains(r, "sophie@cabinet-martin.example")

    def test_it_gives_a_colleague_the_same_object(self):
        self.login(self.praticien)
        r = self.client.get(self.url(self.membership(self.secretaire)))
        self.assertContains(r, "sophie@cabinet-martin.example")

    def test_it_gives_the_secretary_the_same_object(self):
        self.login(self.secretaire)
        r = self.client.get(self.url(self.membership(self.praticien)))
        self.assertContains(r, "paul@cabinet-martin.example")

    def test_it_answers_an_outsider_404(self):
        self.login(self.outsider)
        r = self.client.get(self.url(self.membership(self.praticien)))
        self.assertEqual(r.status_code, 404)

    def test_it_answers_another_organisations_object_exactly_as_a_missing_one(self):
        self.login(self.referent)
        theirs = self.client.get(self.url(self.membership(self.outsider, self.other_org)))
        missing = self.client.get(f"/essai/{self.org.code}/membres/999999/")
        self.assertEqual(theirs.status_code, 404)
        self.assertEqual(as_seen(theirs), as_seen(missing))

    def test_it_sends_an_anonymous_visitor_to_the_login_page(self):
        url = self.url(self.membership(self.praticien))
        self.assertRedirects(self.client.get(url), f"/connexion/?next={url}")


class GetMembershipTestCase(BaseTestCase):
    def test_it_finds_the_owners_membership(self):
        self.assertEqual(get_membership(self.titulaire, self.org.code).role, Role.TITULAIRE)

    def test_it_finds_a_colleagues_membership(self):
        self.assertEqual(get_membership(self.praticien, self.org.code).role, Role.PRATICIEN)

    def test_it_finds_the_secretarys_membership(self):
        self.assertEqual(get_membership(self.secretaire, self.org.code).role, Role.SECRETARIAT)

    def test_it_raises_404_for_an_outsider(self):
        with self.assertRaises(Http404):
            get_membership(self.outsider, self.org.code)

    def test_it_raises_404_for_a_missing_organisation(self):
        with self.assertRaises(Http404):
            get_membership(self.titulaire, "inexistant")

    def test_it_picks_the_membership_of_the_given_organisation(self):
        self.assertEqual(get_membership(self.referent, self.other_org.code).org, self.other_org)


class RequireTestCase(BaseTestCase):
    def test_it_lets_the_owner_manage(self):
        require(self.membership(self.titulaire), "org.manage")

    def test_it_refuses_a_colleague_with_the_role_in_the_message(self):
        with self.assertRaisesMessage(PermissionDenied, "Votre rôle (Praticien)"):
            require(self.membership(self.praticien), "org.manage")

    def test_it_refuses_the_secretary_the_journal(self):
        with self.assertRaisesMessage(PermissionDenied, "Votre rôle (Secrétariat)"):
            require(self.membership(self.secretaire), "journal.view")

    def test_it_gives_the_referent_the_journal(self):
        require(self.membership(self.referent), "journal.view")

    def test_it_refuses_an_undeclared_permission(self):
        with self.assertRaisesMessage(KeyError, "declare it in orgs/roles.py"):
            require(self.membership(self.titulaire), "incidents.close")


class GetForOrgTestCase(BaseTestCase):
    def setUp(self):
        self.ours = Invitation.objects.create(org=self.org, email="a@exemple.fr", role="praticien")
        self.theirs = Invitation.objects.create(
            org=self.other_org, email="b@exemple.fr", role="praticien"
        )

    def test_it_accepts_a_model(self):
        self.assertEqual(get_for_org(Invitation, self.org, pk=self.ours.pk), self.ours)

    def test_it_accepts_a_queryset(self):
        pending = Invitation.objects.pending()
        self.assertEqual(get_for_org(pending, self.org, pk=self.ours.pk), self.ours)

    def test_the_object_knows_its_organisation_without_a_query(self):
        found = get_for_org(Invitation, self.org, pk=self.ours.pk)
        with self.assertNumQueries(0):
            self.assertEqual(found.org.code, self.org.code)

    def test_it_raises_404_for_another_organisations_object(self):
        with self.assertRaises(Http404):
            get_for_org(Invitation, self.org, pk=self.theirs.pk)

    def test_it_raises_404_for_a_missing_object(self):
        with self.assertRaises(Http404):
            get_for_org(Invitation, self.org, pk=999999)

    def test_it_raises_404_for_an_object_outside_the_queryset(self):
        Invitation.objects.filter(pk=self.ours.pk).update(revoked_at=self.ours.created)
        with self.assertRaises(Http404):
            get_for_org(Invitation.objects.pending(), self.org, pk=self.ours.pk)
