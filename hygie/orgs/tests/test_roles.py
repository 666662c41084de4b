"""Roles and permissions are declared in one place, and only there."""

import re
from pathlib import Path

from django.test import SimpleTestCase
from django.urls import reverse

from hygie.front.capabilities import CAPABILITIES
from hygie.orgs.roles import PERMISSIONS, ROLE_HELP, Role, allows, permissions_of

ROOT = Path(__file__).resolve().parents[2]
# Where the code names a permission: org_view("x"), require(m, "x"), permission="x",
# .can("x"), .allowed("x"), and 'x' in current_permissions in templates.
USES = [
    re.compile(r"""org_view\(\s*["']([^"']+)["']"""),
    re.compile(r"""\brequire\([^()]*?,\s*["']([^"']+)["']\s*\)"""),
    re.compile(r"""\bpermission(?:\s*:\s*str)?\s*=\s*["']([^"']+)["']"""),
    re.compile(r"""\.(?:can|allowed)\(\s*["']([^"']+)["']\s*\)"""),
    re.compile(r"""["']([a-z_]+\.[a-z_]+)["']\s+in\s+current_permissions"""),
]


def used_permissions() -> dict[str, set[str]]:
    """Each permission named in the code, with the files naming it (tests left out)."""
    found: dict[str, set[str]] = {}
    files = [*ROOT.rglob("*.py"), *ROOT.rglob("*.html")]
    for file in files:
        if "tests" in file.relative_to(ROOT).parts or "migrations" in file.parts:
            continue
        text = file.read_text()
        for pattern in USES:
            for name in pattern.findall(text):
                found.setdefault(name, set()).add(str(file.relative_to(ROOT)))
    return found


class RolesTestCase(SimpleTestCase):
    def test_permissions_only_name_real_roles(self):
        for permission, roles in PERMISSIONS.items():
            with self.subTest(permission=permission):
                self.assertTrue(roles, "a permission nobody has is a mistake")
                self.assertLessEqual(set(roles), set(Role))

    def test_permission_names_read_area_dot_verb(self):
        for permission in PERMISSIONS:
            self.assertRegex(permission, r"^[a-z_]+\.[a-z_]+$")

    def test_every_permission_used_in_the_code_is_declared(self):
        found = used_permissions()
        self.assertIn("org.manage", found, "the search for permissions found nothing")
        self.assertIn("journal.view", found)
        for name, files in found.items():
            with self.subTest(permission=name):
                self.assertIn(
                    name,
                    PERMISSIONS,
                    f"{name!r} is used in {sorted(files)}: declare it in orgs/roles.py",
                )

    def test_every_capability_asks_for_a_declared_permission(self):
        for capability in CAPABILITIES:
            with self.subTest(capability=capability.key):
                self.assertIn(capability.permission, PERMISSIONS)
                if capability.url_name:
                    reverse(capability.url_name, args=["code"])

    def test_every_role_has_its_help(self):
        self.assertEqual(set(ROLE_HELP), set(Role))

    def test_only_the_titulaire_manages(self):
        self.assertEqual([role for role in Role if allows(role, "org.manage")], [Role.TITULAIRE])

    def test_the_secretary_does_not_see_the_journal(self):
        self.assertNotIn("journal.view", permissions_of(Role.SECRETARIAT))
        self.assertIn("journal.view", permissions_of(Role.REFERENT))

    def test_every_role_sees_the_organisation(self):
        for role in Role:
            self.assertTrue(allows(role, "org.view"))

    def test_it_refuses_an_undeclared_permission(self):
        with self.assertRaisesMessage(KeyError, "declare it in orgs/roles.py"):
            allows(Role.TITULAIRE, "incidents.close")
