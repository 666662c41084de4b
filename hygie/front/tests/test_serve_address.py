"""`hygie serve --port N` (and --host) writes its links — confirmation e-mails,
calendar, cyberquiz — with the address it listens on, unless HYGIE_SITE_URL
names another one (a proxy's)."""

import http.cookiejar
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path
from unittest import mock

from django.test import SimpleTestCase

from hygie.front.tests.test_serve_workers import free_port
from hygie.lib.env import local_url, site_url

ROOT = Path(__file__).resolve().parents[3]
PASSWORD = "Cheval-Batterie-Agrafe-2026!"


class AddressTestCase(SimpleTestCase):
    def test_a_server_is_reached_where_it_listens(self):
        for host, port, url in [
            ("127.0.0.1", 8123, "http://127.0.0.1:8123"),
            ("localhost", 8000, "http://localhost:8000"),
            ("192.168.1.10", 8000, "http://192.168.1.10:8000"),
            ("0.0.0.0", 8080, "http://127.0.0.1:8080"),  # noqa: S104 (every interface: this machine's)
            ("::", 8000, "http://[::1]:8000"),
            ("::1", 8000, "http://[::1]:8000"),
        ]:
            with self.subTest(host=host):
                self.assertEqual(local_url(host, port), url)

    def test_the_links_follow_the_port_unless_an_address_is_set(self):
        env = {"HYGIE_HOST": "127.0.0.1", "HYGIE_PORT": "8123"}
        with mock.patch.dict(os.environ, env):
            os.environ.pop("HYGIE_SITE_URL", None)
            self.assertEqual(site_url(), "http://127.0.0.1:8123")
            os.environ["HYGIE_SITE_URL"] = "https://hygie.example.org/"
            self.assertEqual(site_url(), "https://hygie.example.org")


class _Form(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # the signup answers with a redirection: read it, do not follow


class ServeAddressTestCase(SimpleTestCase):
    def test_the_confirmation_e_mail_links_to_the_port_given(self):
        port = free_port()
        with tempfile.TemporaryDirectory() as data_dir:
            env = {k: v for k, v in os.environ.items() if not k.startswith(("HYGIE_", "DJANGO_"))}
            env["HYGIE_DATA_DIR"] = data_dir
            server = subprocess.Popen(
                [sys.executable, "-m", "hygie.cli", "serve", "--sans-demo", "--port", str(port)],
                cwd=ROOT,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
            )
            try:
                base = f"http://127.0.0.1:{port}"
                wait_for(port, self)
                sign_up(base)
            finally:
                server.send_signal(signal.SIGTERM)
                output, _ = server.communicate(timeout=20)
        links = re.findall(r"https?://\S+/inscription/confirmer/\S+", output)
        self.assertTrue(links, output[-2000:])
        for link in links:
            self.assertTrue(link.startswith(f"http://127.0.0.1:{port}/"), link)


def wait_for(port: int, test: SimpleTestCase) -> None:
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/etat/", timeout=2):
                return
        except OSError:
            test.assertLess(time.monotonic(), deadline, "Hygie did not start")
            time.sleep(0.2)


def sign_up(base: str) -> None:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), _Form)
    with opener.open(f"{base}/inscription/") as page:
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.read().decode())
    data = urllib.parse.urlencode(
        {
            "csrfmiddlewaretoken": token.group(1),
            "full_name": "Claire Martin",
            "email": "claire@cabinet-martin.example",
            "password1": PASSWORD,
            "password2": PASSWORD,
        }
    ).encode()
    request = urllib.request.Request(  # noqa: S310 (base is the local server's http address)
        f"{base}/inscription/", data=data, headers={"Referer": f"{base}/inscription/"}
    )
    try:
        opener.open(request)
    except urllib.error.HTTPError as answer:
        if answer.code != 302:
            raise
