"""The foundation never imports a capability.

The foundation (lib, journal, content, orgs, accounts, deadlines) is what every
capability builds on; a capability (diagnostic, incidents, rights, register,
quiz, front and any Hygie app added later) plugs into it through
lib/plugins.py. Read from the source with `ast`, every module of the
foundation, management commands and migrations included, is checked for
`import`, `from … import` (relative ones too), and for strings naming a
capability's module (import_module, include, mock.patch) or one of its models
("quiz.Game"). A package's tests are left out: they are never loaded by the
running application, and some rightly exercise the assembled product (the
tiles of every capability, the demo).

Between capabilities, a dependency goes one way: the register uses the
diagnostic (its profile pre-fills the register, its measures secure the
processings), so the diagnostic never imports the register.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from django.apps import apps
from django.test import SimpleTestCase

HYGIE = Path(__file__).resolve().parents[1]
FOUNDATION = ("lib", "journal", "content", "orgs", "accounts", "deadlines")


def capabilities() -> dict[str, str]:
    """Every Hygie app outside the foundation: package name → app label."""
    return {
        config.name.split(".")[1]: config.label
        for config in apps.get_app_configs()
        if config.name.startswith("hygie.") and config.name.split(".")[1] not in FOUNDATION
    }


def modules(package: str, root: Path = HYGIE) -> list[Path]:
    """The package's source files, its tests left out."""
    top = root / package
    return sorted(path for path in top.rglob("*.py") if "tests" not in path.relative_to(top).parts)


def imported(source: str, module: str, is_package: bool = False) -> set[str]:
    """The dotted names the module's source imports or names in a string, made absolute."""
    parts = module.split(".")
    package = parts if is_package else parts[:-1]
    names: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = ".".join(package[: len(package) - node.level + 1])
                name = f"{base}.{node.module}" if node.module else base
            else:
                name = node.module or ""
            names.add(name)
            names.update(f"{name}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            names.add(node.value)
    return names


def naming(names: set[str], apps_: dict[str, str]) -> list[str]:
    """The names that are one of these apps' modules or models ("quiz.Game")."""
    module = re.compile(rf"^hygie\.({'|'.join(map(re.escape, apps_))})(\.\w+)*$")
    model = re.compile(rf"^({'|'.join(map(re.escape, apps_.values()))})\.[A-Z]\w*$")
    return sorted(n for n in names if module.match(n) or model.match(n))


def offences(package: str, apps_: dict[str, str], root: Path = HYGIE) -> list[str]:
    """Where the package imports or names one of these apps, as "file: name"."""
    found = []
    for path in modules(package, root):
        relative = path.relative_to(root.parent)
        module = ".".join(relative.with_suffix("").parts)
        names = imported(
            path.read_text(),
            module.removesuffix(".__init__"),
            is_package=path.name == "__init__.py",
        )
        found += [f"{relative}: {name}" for name in naming(names, apps_)]
    return found


class FoundationLayerTestCase(SimpleTestCase):
    def test_the_capabilities_are_every_other_hygie_app(self):
        self.assertEqual(
            set(capabilities()),
            {
                "diagnostic",
                "incidents",
                "rights",
                "register",
                "quiz",
                "phishing",
                "identity",
                "passwords",
                "backups",
                "awareness",
                "surveys",
                "territory",
                "newsletter",
                "front",
            },
        )

    def test_the_foundation_imports_no_capability(self):
        caps = capabilities()
        found = [offence for package in FOUNDATION for offence in offences(package, caps)]
        self.assertEqual(found, [], "Plug the capability in through lib/plugins.py instead.")

    def test_lib_imports_no_hygie_app(self):
        """lib lies beneath every app: what it needs of one is plugged in.
        Only the law lies beneath it: pure functions importing nothing of
        Hygie (hygie/law/tests/test_purity.py)."""
        others = {
            path.name: path.name
            for path in HYGIE.iterdir()
            if (path / "__init__.py").exists() and path.name not in ("lib", "law")
        }
        self.assertEqual(offences("lib", others), [])

    def test_the_walk_sees_every_way_of_naming_a_capability(self):
        source = (
            "import hygie.quiz.engine\n"
            "from hygie.rights import actions\n"
            "from hygie import front\n"
            "from ....incidents import demo\n"
            "def later():\n"
            "    from hygie.diagnostic.models import PlanItem\n"
            "urls = include('hygie.register.urls')\n"
            "processor = ForeignKey('rgpd_register.Processor', on_delete=CASCADE)\n"
            "from hygie.orgs.models import Membership\n"
            "PERMISSION = 'diagnostic.plan'\n"
        )
        names = imported(source, "hygie.orgs.management.commands.sample")
        self.assertEqual(
            naming(names, capabilities()),
            [
                "hygie.diagnostic.models",
                "hygie.diagnostic.models.PlanItem",
                "hygie.front",
                "hygie.incidents",
                "hygie.incidents.demo",
                "hygie.quiz.engine",
                "hygie.register.urls",
                "hygie.rights",
                "hygie.rights.actions",
                "rgpd_register.Processor",
            ],
        )


class CapabilityLayersTestCase(SimpleTestCase):
    def test_the_diagnostic_does_not_import_the_register(self):
        """The supplier questionnaires' pages, which record what the register
        keeps, are the register's own, at the diagnostic's addresses."""
        register = {"register": capabilities()["register"]}
        self.assertEqual(offences("diagnostic", register), [], "The register uses the diagnostic.")
