"""The law package stays pure: it imports the standard library, the `holidays`
calendars and itself, never Django nor any other part of Hygie.

Its imports are read from the source (every module, its tests included, and
imports inside functions too), not by importing it: a Django import anywhere
in the package fails here even if nothing runs it.
"""

import ast
import sys
from pathlib import Path
from unittest import TestCase

import hygie.law

PACKAGE = "hygie.law"
ROOT = Path(hygie.law.__file__).parent
# Third-party packages the law may use: the public holidays of each territory.
ALLOWED = {"holidays"}


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join((PACKAGE, *parts))


def imports(source: str, package: str) -> list[tuple[int, str]]:
    """(line, absolute module name) of every import of a module of `package`,
    in the order of its lines."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module
            found.append((node.lineno, module))
    return sorted(found)


def file_imports(path: Path) -> list[tuple[int, str]]:
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    return imports(path.read_text(), package)


def forbidden(module: str) -> bool:
    top = module.split(".")[0]
    if module == PACKAGE or module.startswith(PACKAGE + "."):
        return False
    if top == "hygie":
        return True  # another part of Hygie: a capability, or the foundation
    return top not in sys.stdlib_module_names and top not in ALLOWED


class PurityTestCase(TestCase):
    def test_the_law_imports_only_the_standard_library_holidays_and_itself(self):
        files = sorted(ROOT.rglob("*.py"))
        self.assertIn(ROOT / "incident.py", files)
        wrong = [
            f"{path.relative_to(ROOT.parent.parent)}:{line}: {module}"
            for path in files
            for line, module in file_imports(path)
            if forbidden(module)
        ]
        self.assertEqual(wrong, [], "hygie.law must not import Django nor the rest of Hygie")

    def test_the_walk_sees_what_it_must_refuse(self):
        # The checker itself: Django, a capability, the foundation and an
        # unknown package are refused, relative imports are resolved.
        for module in ("django.db", "hygie.incidents.models", "hygie.lib.dates", "requests"):
            with self.subTest(module):
                self.assertTrue(forbidden(module))
        for module in ("datetime", "holidays", "hygie.law.days", "hygie.law"):
            with self.subTest(module):
                self.assertFalse(forbidden(module))
        source = "def f():\n    from django.utils import timezone\nfrom . import zones\n"
        self.assertEqual(
            imports(source, "hygie.law.tests"), [(2, "django.utils"), (3, "hygie.law.tests")]
        )
        self.assertEqual(imports("from .. import days\n", "hygie.law.tests"), [(1, "hygie.law")])
