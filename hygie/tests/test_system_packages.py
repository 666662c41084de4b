"""`make test` on a fresh machine: .ci/install-system-packages installs the
Debian packages the tests need when it may, or says in French what to install
and stops the run. Its decisions are read from its dry run, with stand-ins for
dpkg-query, id, sudo and apt-get first on PATH."""

import shutil
import subprocess
import tempfile
from pathlib import Path

from django.test import SimpleTestCase

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / ".ci" / "install-system-packages"
PACKAGES = (
    "chromium fonts-dejavu-core libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0"
    " openjdk-17-jre-headless"
)
STAND_INS = {
    # Installed: the packages listed in $INSTALLED.
    "dpkg-query": 'for p in $INSTALLED; do [ "$p" = "${@: -1}" ] && printf "install ok installed" && exit 0; done; exit 1',
    "id": 'echo "$UID_IS"',
    # sudo -n true succeeds only when sudo needs no password.
    "sudo": '[ "$SUDO" = "sans-mot-de-passe" ]',
    "apt-get": 'echo "apt-get must not run in a dry run" >&2; exit 3',
}


class InstallSystemPackagesTestCase(SimpleTestCase):
    def run_script(
        self,
        *arguments: str,
        installed: str = PACKAGES,
        uid: str = "1000",
        sudo: str = "avec-mot-de-passe",
        without: tuple[str, ...] = (),
        env: dict | None = None,
    ) -> subprocess.CompletedProcess:
        folder = tempfile.TemporaryDirectory()
        self.addCleanup(folder.cleanup)
        bin_dir = Path(folder.name)
        for name, body in STAND_INS.items():
            if name not in without:
                (bin_dir / name).write_text(f"#!/bin/bash\n{body}\n")
                (bin_dir / name).chmod(0o755)
        return subprocess.run(
            ["/bin/bash", str(SCRIPT), "--dry-run", *arguments],
            # Nothing but the stand-ins: the script needs only bash's builtins.
            env={"PATH": str(bin_dir), "INSTALLED": installed, "UID_IS": uid, "SUDO": sudo}
            | (env or {}),
            capture_output=True,
            text=True,
            check=False,
        )

    def test_it_does_nothing_when_every_package_is_there(self):
        done = self.run_script()
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertIn(f"Paquets système présents : {PACKAGES}", done.stdout)
        self.assertNotIn("apt-get", done.stdout)

    def test_as_root_it_installs_only_what_is_missing(self):
        done = self.run_script(
            installed="libpango-1.0-0 libpangoft2-1.0-0 openjdk-17-jre-headless", uid="0"
        )
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertIn(
            "  env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o Dpkg::Use-Pty=0 "
            "--no-install-recommends chromium fonts-dejavu-core libharfbuzz-subset0\n",
            done.stdout,
        )
        self.assertIn("  env DEBIAN_FRONTEND=noninteractive apt-get update -qq\n", done.stdout)

    def test_it_installs_through_sudo_when_sudo_needs_no_password(self):
        done = self.run_script(installed="fonts-dejavu-core", sudo="sans-mot-de-passe")
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertIn("  sudo -n env DEBIAN_FRONTEND=noninteractive apt-get install", done.stdout)

    def test_without_permission_it_says_in_french_what_to_install_and_fails(self):
        done = self.run_script(
            installed="fonts-dejavu-core libpango-1.0-0 libpangoft2-1.0-0 openjdk-17-jre-headless"
        )
        self.assertEqual(done.returncode, 1)
        self.assertIn(
            "Il manque des paquets Debian pour lancer les tests d'Hygie : "
            "chromium libharfbuzz-subset0.",
            done.stderr,
        )
        self.assertIn("    sudo apt-get install chromium libharfbuzz-subset0\n", done.stderr)
        self.assertIn("puis relancez « make test »", done.stderr)
        self.assertNotIn("Installation", done.stdout)

    def test_without_apt_get_even_root_is_told_what_to_install(self):
        done = self.run_script(installed="", uid="0", without=("apt-get",))
        self.assertEqual(done.returncode, 1)
        self.assertIn(f"    sudo apt-get install {PACKAGES}\n", done.stderr)

    def test_chromium_is_not_needed_when_the_browser_tests_are_skipped(self):
        done = self.run_script(
            installed=PACKAGES.replace("chromium ", ""), env={"HYGIE_SKIP_BROWSER": "1"}
        )
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertNotIn("chromium", done.stdout)

    def test_another_browser_must_exist_where_hygie_chromium_says(self):
        done = self.run_script(env={"HYGIE_CHROMIUM": "/nulle/part/chromium"})
        self.assertEqual(done.returncode, 1)
        self.assertIn(
            "Le navigateur indiqué par HYGIE_CHROMIUM est introuvable : /nulle/part/chromium.",
            done.stderr,
        )

    def test_continuous_integration_adds_what_running_make_needs(self):
        done = self.run_script("make", "python3-venv", uid="0")
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertIn("--no-install-recommends make python3-venv\n", done.stdout)

    def test_make_test_installs_the_system_packages_before_running_the_tests(self):
        steps = subprocess.run(
            [shutil.which("make") or "/usr/bin/make", "-n", "test", "TESTS=hygie.journal"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.splitlines()
        first_test = next(i for i, line in enumerate(steps) if " test --parallel" in line)
        self.assertIn(".ci/install-system-packages", steps[:first_test])
