"""TerritoryTestCase: the shared personas (hygie/tests/base.py), a join link
of the regional body, its secretary and praticien, and practices to join."""

from __future__ import annotations

from django.core.cache import cache
from django.utils import timezone

from hygie.orgs.models import Kind, Membership, Organisation, Profession
from hygie.orgs.roles import Role
from hygie.territory import actions
from hygie.territory.models import Participation, Snapshot
from hygie.tests.base import BaseTestCase, make_user


class TerritoryTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.org.address = "12 rue des Tilleuls\n69003 Lyon"
        cls.org.save(update_fields=["address"])
        cls.region_secretary = make_user("Inès Garnier", "ines@grades.example")
        cls.region_praticien = make_user("Hugo Lambert", "hugo@grades.example")
        Membership.objects.create(user=cls.region_secretary, org=cls.region, role=Role.SECRETARIAT)
        Membership.objects.create(user=cls.region_praticien, org=cls.region, role=Role.PRATICIEN)
        cls.link = actions.create_link(cls.region, label="Tests", actor=cls.animateur)

    def setUp(self):
        super().setUp()
        cache.clear()

    def practice(
        self,
        n: int,
        profession: str = Profession.INFIRMIER,
        address: str = "1 place Bellecour\n69002 Lyon",
    ) -> Organisation:
        """A practice of its own titulaire (`practice.owner`)."""
        org = Organisation.objects.create(
            name=f"Cabinet {n}", kind=Kind.CABINET, profession=profession, address=address
        )
        org.owner = make_user(f"Titulaire {n}", f"titulaire{n}@cabinet{n}.example")
        Membership.objects.create(user=org.owner, org=org, role=Role.TITULAIRE)
        return org

    def joined(self, org: Organisation, indice: int | None = 50, **values) -> Participation:
        """Join `org` and give its snapshot these figures."""
        participation = actions.join(self.link, org, actor=org.owner)
        self.set_figures(org, indice=indice, **values)
        return participation

    def set_figures(self, org: Organisation, **values) -> None:
        Snapshot.objects.filter(practice=org).update(**values)
        Participation.objects.filter(practice=org).update(changed=timezone.now())

    def dashboard_url(self, org: Organisation | None = None) -> str:
        return f"/o/{(org or self.region).code}/territoire/tableau/"
