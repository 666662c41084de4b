from django.contrib.auth.models import Permission
from django.urls import reverse

from hygie.accounts.models import User
from hygie.accounts.tests.base import AccountsTestCase
from hygie.tests.base import current_totp


class AdminTestCase(AccountsTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.support = User.objects.create_superuser(
            "support@hygie.example", "Cheval-Batterie-Agrafe-2026!", full_name="Équipe support"
        )

    def test_it_sends_an_anonymous_visitor_to_our_login(self):
        r = self.client.get("/admin/accounts/user/", follow=True)
        self.assertEqual(r.redirect_chain[-1][0], "/connexion/?next=%2Fadmin%2Faccounts%2Fuser%2F")
        self.assertContains(r, 'name="next" value="/admin/accounts/user/"')

    def test_it_sends_staff_without_a_verified_device_to_the_security_page(self):
        self.login(self.support)
        r = self.client.get("/admin/", follow=True)
        self.assertRedirects(r, reverse("accounts:security"))
        self.assertContains(
            r, "L&#x27;administration exige une connexion avec double authentification"
        )

    def test_it_opens_to_staff_signed_in_with_a_verified_device(self):
        self.login_verified(self.support)
        r = self.client.get("/admin/")
        self.assertContains(r, "Hygie — support")
        self.assertEqual(self.client.get("/admin/accounts/user/").status_code, 200)

    def test_a_verified_staff_member_on_the_admin_login_goes_to_the_index(self):
        self.login_verified(self.support)
        r = self.client.get("/admin/login/?next=/admin/accounts/user/")
        self.assertRedirects(r, "/admin/accounts/user/")
        r = self.client.get("/admin/login/?next=https://attaquant.example/")
        self.assertRedirects(r, "/admin/")

    def test_the_whole_way_in_for_staff(self):
        device, _ = self.enable_mfa(self.support)
        r = self.client.get("/admin/accounts/user/", follow=True)
        self.client.post(
            r.redirect_chain[-1][0],
            {
                "email": self.support.email,
                "password": "Cheval-Batterie-Agrafe-2026!",
                "next": "/admin/accounts/user/",
            },
        )
        r = self.client.post(reverse("accounts:login_code"), {"code": current_totp(device)})
        self.assertRedirects(r, "/admin/accounts/user/")

    def test_it_never_opens_to_a_person_who_is_not_staff(self):
        for verified in [False, True]:
            with self.subTest(verified=verified):
                if verified:
                    self.login_verified(self.praticien)
                else:
                    self.login(self.praticien)
                r = self.client.get("/admin/", follow=True)
                self.assertEqual(r.status_code, 403)
                self.assertContains(r, "réservée à l&#x27;équipe support", status_code=403)
                self.assertEqual(self.client.get("/admin/accounts/user/").status_code, 302)

    def test_staff_with_permissions_but_no_device_cannot_change_anything(self):
        staff = User.objects.create_user(
            "agent@hygie.example", "Cheval-Batterie-Agrafe-2026!", full_name="Agent", is_staff=True
        )
        staff.user_permissions.add(Permission.objects.get(codename="change_user"))
        self.login(staff)
        r = self.client.post(
            f"/admin/accounts/user/{self.praticien.pk}/change/", {"full_name": "Piraté"}
        )
        self.assertEqual(r.status_code, 302)
        self.praticien.refresh_from_db()
        self.assertEqual(self.praticien.full_name, "Paul Petit")
