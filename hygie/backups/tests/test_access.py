"""Who may do what with the backups: every member but the animateur sees
them and logs a backup, a restore test or a destruction; the plan is set by
the titulaire, the praticiens and the referent (the secretary gets 403); an
outsider gets 404 as for what does not exist."""

from __future__ import annotations

from django.utils import timezone

from hygie.backups import actions
from hygie.backups.models import BackupRun, PlannedBackup
from hygie.backups.tests.base import DISK_FORM, BackupsTestCase


class SecretaryTestCase(BackupsTestCase):
    def setUp(self):
        self.disk = self.add()
        self.client = self.signed_in(self.secretaire)

    def test_she_logs_a_backup_in_one_click(self):
        response = self.client.post(self.url("run", self.disk.pk))
        self.assertRedirects(response, self.disk.get_absolute_url(), fetch_redirect_response=False)
        run = BackupRun.objects.get()
        self.assertEqual(
            (run.done_on, run.by, run.planned), (timezone.localdate(), self.secretaire, self.disk)
        )
        self.assertEqual(run.medium, "disque externe (Disque 1)")

    def test_she_sees_the_button_but_not_the_plan_s_edit_link(self):
        page = self.client.get(self.url("home"))
        self.assertContains(page, "Sauvegarde faite aujourd'hui")
        self.assertNotContains(page, f'href="{self.url("plan_edit", self.disk.pk)}"')
        self.assertNotContains(page, "Ajouter une sauvegarde au plan")

    def test_she_cannot_edit_the_plan(self):
        self.assertEqual(self.client.get(self.url("plan_new")).status_code, 403)
        self.assertEqual(self.client.post(self.url("plan_new"), DISK_FORM).status_code, 403)
        self.assertEqual(self.client.get(self.url("plan_edit", self.disk.pk)).status_code, 403)
        self.assertEqual(
            self.client.post(
                self.url("plan_edit", self.disk.pk), {**DISK_FORM, "every": "1"}
            ).status_code,
            403,
        )
        self.assertEqual(self.client.post(self.url("plan_retire", self.disk.pk)).status_code, 403)
        self.disk.refresh_from_db()
        self.assertEqual((self.disk.every, self.disk.retired_at), (7, None))
        self.assertEqual(PlannedBackup.objects.count(), 1)

    def test_she_removes_her_own_backup_logged_by_mistake_not_another_s(self):
        mine = actions.log_backup(self.disk, done_on=timezone.localdate(), actor=self.secretaire)
        theirs = actions.log_backup(self.disk, done_on=timezone.localdate(), actor=self.praticien)
        self.assertEqual(self.client.post(self.url("run_delete", theirs.pk)).status_code, 403)
        self.assertEqual(self.client.post(self.url("run_delete", mine.pk)).status_code, 302)
        self.assertEqual(list(BackupRun.objects.all()), [theirs])

    def test_she_logs_a_restore_test_and_a_destruction(self):
        response = self.client.post(
            self.url("restore_new"),
            {
                "planned": self.disk.pk,
                "done_on": timezone.localdate().isoformat(),
                "restored": "Un dossier",
                "outcome": "ok",
                "minutes": "12",
            },
        )
        self.assertEqual(response.status_code, 302)
        response = self.client.post(
            self.url("destruction_new"),
            {
                "done_on": timezone.localdate().isoformat(),
                "kind": "support",
                "what": "Vieille clé USB",
                "method": "physique",
            },
        )
        self.assertEqual(response.status_code, 302)


class PlanEditorsTestCase(BackupsTestCase):
    def test_the_titulaire_the_praticien_and_the_referent_set_the_plan(self):
        for user in (self.titulaire, self.praticien, self.referent):
            with self.subTest(user=user.email):
                response = self.signed_in(user).post(
                    self.url("plan_new"), {**DISK_FORM, "label": user.email}
                )
                self.assertEqual(response.status_code, 302)
                self.assertTrue(PlannedBackup.objects.filter(label=user.email).exists())


class OutsiderTestCase(BackupsTestCase):
    def setUp(self):
        self.disk = self.add()
        self.client = self.signed_in(self.outsider)

    def test_the_cabinet_s_pages_are_404(self):
        for name, args in [
            ("home", ()),
            ("log", ()),
            ("plan_edit", (self.disk.pk,)),
            ("restore_new", ()),
        ]:
            with self.subTest(name):
                self.assertEqual(self.client.get(self.url(name, *args)).status_code, 404)
        self.assertEqual(self.client.post(self.url("run", self.disk.pk)).status_code, 404)
        self.assertFalse(BackupRun.objects.exists())

    def test_a_copy_of_another_practice_is_404_in_his_own(self):
        other = self.other_org.code
        for name in ("plan_edit", "run", "plan_retire"):
            with self.subTest(name):
                url = self.url(name, self.disk.pk).replace(self.org.code, other)
                response = self.client.post(url) if name != "plan_edit" else self.client.get(url)
                self.assertEqual(response.status_code, 404)
        self.assertFalse(BackupRun.objects.exists())
        self.disk.refresh_from_db()
        self.assertIsNone(self.disk.retired_at)

    def test_a_restore_test_cannot_name_another_practice_s_copy(self):
        mine = actions.add_planned(
            self.other_org,
            {**{k: v for k, v in DISK_FORM.items()}, "every": 7, "restore_every": 3},
            actor=self.outsider,
        )
        response = self.client.post(
            self.url("restore_new").replace(self.org.code, self.other_org.code),
            {
                "planned": self.disk.pk,
                "done_on": timezone.localdate().isoformat(),
                "restored": "x",
                "outcome": "ok",
                "minutes": "1",
            },
        )
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "Choisissez une sauvegarde du plan.", status_code=400)
        self.assertFalse(mine.restore_tests.exists() or self.disk.restore_tests.exists())


class AnimateurTestCase(BackupsTestCase):
    def test_the_animateur_has_no_part_in_backups(self):
        client = self.signed_in(self.animateur)
        response = client.get(self.url("home").replace(self.org.code, self.region.code))
        self.assertEqual(response.status_code, 403)
