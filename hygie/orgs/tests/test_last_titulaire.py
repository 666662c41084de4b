"""The last titulaire stays, even when two titulaires step down at the same moment."""

import threading

from django.db import connection, transaction
from django.test import TransactionTestCase, skipUnlessDBFeature

from hygie.accounts.models import User
from hygie.orgs import actions
from hygie.orgs.models import Kind, Membership, Organisation
from hygie.orgs.roles import Role


@skipUnlessDBFeature("has_select_for_update")
class ConcurrentStepDownTestCase(TransactionTestCase):
    def setUp(self):
        self.org = Organisation.objects.create(name="Cabinet du Dr Martin", kind=Kind.CABINET)
        for name in ("claire", "paul"):
            user = User.objects.create_user(f"{name}@cabinet-martin.example", full_name=name)
            Membership.objects.create(user=user, org=self.org, role=Role.TITULAIRE)

    def membership(self, name: str) -> Membership:
        return Membership.objects.select_related("user", "org").get(user__full_name=name)

    def test_two_titulaires_cannot_both_step_down(self):
        """Paul steps down while Claire's own step-down is not yet committed.

        1. Claire's change runs in this thread, inside a transaction kept open.
        2. Paul's runs in another thread (another connection) up to its first
           row lock, which may wait for Claire's transaction.
        3. Claire's transaction commits; Paul's change then finishes.
        """
        locking = threading.Event()
        outcome: list[Exception | None] = []

        def paul_steps_down():
            def signal_lock(execute, sql, params, many, context):
                if "FOR UPDATE" in sql:
                    locking.set()
                return execute(sql, params, many, context)

            try:
                with connection.execute_wrapper(signal_lock):
                    paul = self.membership("paul")
                    actions.change_role(paul, Role.PRATICIEN, actor=paul.user, request=None)
            except actions.OrgError as error:
                outcome.append(error)
            else:
                outcome.append(None)
            finally:
                locking.set()
                connection.close()

        paul_thread = threading.Thread(target=paul_steps_down)
        with transaction.atomic():
            claire = self.membership("claire")
            actions.change_role(claire, Role.PRATICIEN, actor=claire.user, request=None)
            paul_thread.start()
            locking.wait()
        paul_thread.join()

        self.assertIsInstance(outcome[0], actions.OrgError)
        self.assertEqual([m.user.full_name for m in self.org.titulaires()], ["paul"])
