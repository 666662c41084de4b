"""The diagnostic's backup measures read the log: a restore test that worked
in the last twelve months answers restauration-testee « Oui, dans les 12
derniers mois », with its evidence shown on the diagnostic's page; an older
one does not. The plan answers the disconnected and off-site copies when it
makes them evident."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from hygie.backups import actions, rules
from hygie.backups.models import Every
from hygie.backups.tests.base import BackupsTestCase
from hygie.diagnostic import actions as diagnostic
from hygie.diagnostic import measures
from hygie.diagnostic.tests.base import COMPLETE_PROFILE
from hygie.law.days import add_months
from hygie.lib import plugins

RESTORE = "restauration-testee"


def answer(assessment, measure: str) -> str | None:
    return diagnostic.answers_of(assessment).get(measure)


class RestoreTestAnswersTheDiagnosticTestCase(BackupsTestCase):
    def setUp(self):
        self.today = timezone.localdate()
        self.disk = self.add(offline="nsp", place="cabinet")

    def restore(self, day, outcome="ok"):
        return actions.log_restore_test(
            self.disk,
            {
                "done_on": day,
                "restored": "Le dossier d'un patient test",
                "outcome": outcome,
                "minutes": 25,
            },
            actor=self.secretaire,
        )

    def draft(self):
        assessment = diagnostic.start(self.org, actor=self.titulaire)
        diagnostic.save_profile(assessment, COMPLETE_PROFILE, actor=self.titulaire)
        return assessment

    def test_a_restore_test_of_the_last_12_months_answers_a_new_diagnostic(self):
        self.restore(add_months(self.today, -11))
        self.assertEqual(answer(self.draft(), RESTORE), "annee")

    def test_a_restore_test_logged_answers_the_diagnostic_in_progress(self):
        assessment = self.draft()
        self.assertIsNone(answer(assessment, RESTORE))
        self.restore(self.today)
        self.assertEqual(answer(assessment, RESTORE), "annee")

    def test_an_older_restore_test_answers_nothing(self):
        self.restore(add_months(self.today, -12))
        self.restore(add_months(self.today, -13))
        self.assertIsNone(answer(self.draft(), RESTORE))

    def test_a_restore_test_that_failed_answers_nothing(self):
        self.restore(self.today - timedelta(days=3), outcome="echec")
        self.restore(self.today, outcome="partiel")
        self.assertIsNone(answer(self.draft(), RESTORE))

    def test_an_answer_chosen_after_the_test_stands_one_chosen_before_yields(self):
        assessment = self.draft()
        never = measures.catalogue().by_key[RESTORE]
        diagnostic.save_answer(assessment, never, "jamais", actor=self.titulaire)
        self.restore(self.today)
        self.assertEqual(answer(assessment, RESTORE), "annee")
        diagnostic.save_answer(assessment, never, "ancien", actor=self.titulaire)
        self.assertEqual(diagnostic.follow_evidence(self.org), [])
        self.assertEqual(answer(assessment, RESTORE), "ancien")

    def test_it_counts_in_the_completed_diagnostic(self):
        self.restore(self.today)
        assessment = self.draft()
        diagnostic.complete(assessment, actor=self.titulaire)
        self.assertEqual(assessment.answers.get(measure=RESTORE).choice, "annee")

    def test_a_completed_diagnostic_never_changes(self):
        assessment = self.draft()
        diagnostic.complete(assessment, actor=self.titulaire)
        self.restore(self.today)
        self.assertFalse(assessment.answers.filter(measure=RESTORE).exists())

    def test_the_diagnostic_page_says_it_was_answered_from_the_backups_journal(self):
        self.restore(self.today - timedelta(days=2))
        assessment = self.draft()
        theme = measures.catalogue().theme_by_key[measures.catalogue().by_key[RESTORE].theme]
        page = self.signed_in(self.titulaire).get(
            reverse("diagnostic:theme", args=[self.org.code, assessment.pk, theme.number])
        )
        self.assertContains(page, "Répondu d'après le journal des sauvegardes")
        day = self.today - timedelta(days=2)
        self.assertContains(
            page,
            f"test de restauration du {day:%d/%m/%Y} (Le dossier d&#x27;un patient test), "
            "ouvert normalement, en 25 min",
        )
        self.assertContains(page, 'value="annee" checked')

    def test_the_backups_register_their_evidence(self):
        self.restore(self.today)
        found = plugins.evidence(self.org, timezone.now())
        self.assertIn(
            (RESTORE, "annee", "le journal des sauvegardes"),
            [(e.measure, e.choice, e.source) for e in found],
        )


class PlanAnswersTheDiagnosticTestCase(BackupsTestCase):
    def draft(self):
        assessment = diagnostic.start(self.org, actor=self.titulaire)
        diagnostic.save_profile(assessment, COMPLETE_PROFILE, actor=self.titulaire)
        return assessment

    def test_an_offline_encrypted_copy_at_home_answers_both_measures(self):
        self.add(place="cabinet", label="Disque 1")
        self.add(place="domicile", label="Disque 2")
        answers = diagnostic.answers_of(self.draft())
        self.assertEqual(answers.get("sauvegarde-deconnectee"), "oui")
        self.assertEqual(answers.get("sauvegarde-hors-cabinet"), "oui")

    def test_a_plan_with_everything_at_the_practice_and_plugged_in_says_no(self):
        assessment = self.draft()
        self.add(offline="non")
        answers = diagnostic.answers_of(assessment)
        self.assertEqual(answers.get("sauvegarde-deconnectee"), "non")
        self.assertEqual(answers.get("sauvegarde-hors-cabinet"), "non")

    def test_a_plan_that_is_not_evident_leaves_the_question_to_the_person(self):
        self.add(offline="nsp", place="domicile", encrypted="nsp")
        answers = diagnostic.answers_of(self.draft())
        self.assertNotIn("sauvegarde-deconnectee", answers)
        self.assertNotIn("sauvegarde-hors-cabinet", answers)

    def test_without_a_plan_nothing_is_answered(self):
        self.assertEqual(diagnostic.answers_of(self.draft()), {})


class RegularBackupTestCase(BackupsTestCase):
    def test_the_rules_weekly_limit_and_weekly_check_are_the_diagnostic_s(self):
        regular = measures.catalogue().by_key["sauvegarde-reguliere"]
        score = {option.key: option.value for option in regular.options}
        # The rule « frequence » flags a backup rarer than weekly: the
        # diagnostic scores « Chaque semaine » above « Chaque mois ».
        self.assertEqual(rules.MAX_DAYS_BETWEEN, Every.WEEK)
        self.assertGreater(score["semaine"], score["mois"])
        # A scheduled backup is checked weekly, as the measure asks.
        self.assertEqual(rules.backup_every(Every.DAY, automatic=True), 7)
        self.assertIn("Vérifiez chaque semaine", " ".join(regular.how))
