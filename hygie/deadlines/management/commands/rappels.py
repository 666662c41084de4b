import logging
import signal
import threading
import time
from datetime import timedelta

from django.db import close_old_connections, connections
from django.utils import timezone

from hygie.accounts.models import LoginFailure, Session
from hygie.deadlines.reminders import send_due
from hygie.journal.seals import seal_due
from hygie.lib import plugins
from hygie.lib.commands import DatabaseCommand
from hygie.lib.french import count

HOUSEKEEPING_SECONDS = 3600
log = logging.getLogger("hygie.reminders")


def housekeeping() -> None:
    """Drop expired sessions and login failures older than a day; run each
    capability's registered housekeeping (lib/plugins.py: the closed patients'
    requests kept beyond their organisation's stated period, the cyberquiz's
    pseudonyms of old games…); then seal the journal's chains that grew, what
    the housekeeping journaled included (once a day, each seal e-mailed)."""
    now = timezone.now()
    Session.objects.filter(expire_date__lt=now).delete()
    LoginFailure.objects.filter(created__lt=now - timedelta(days=1)).delete()
    for task in plugins.housekeeping():
        task(now)
    seal_due(now)


def run_ticks() -> None:
    """Each capability's work of every pass (lib/plugins.py: the newsletter's
    next batches…). One that fails is logged; the others and the reminders run."""
    now = timezone.now()
    for task in plugins.ticks():
        try:
            task(now)
        except Exception:
            log.exception("Tâche de fond %s en échec", getattr(task, "__qualname__", task))


def one_pass() -> int:
    """One pass of the loop: each capability's work, then the due reminders;
    the number of reminder e-mails sent."""
    run_ticks()
    return send_due()


class Loop:
    """The passes of a loop (`hygie rappels --loop`, or the thread of `hygie
    serve`): each one's work and reminders, and the housekeeping once an hour."""

    def __init__(self) -> None:
        self.last_housekeeping = 0.0

    def one_pass(self) -> int:
        close_old_connections()
        sent = one_pass()
        if time.monotonic() - self.last_housekeeping > HOUSEKEEPING_SECONDS:
            housekeeping()
            self.last_housekeeping = time.monotonic()
        return sent


def start_in_thread(interval: int = 60) -> threading.Thread:
    """The loop inside `hygie serve` when it runs one process (the embedded
    default), so that reminders and letters leave without a second command; a
    regional instance with several processes runs `hygie rappels --loop` as a
    service instead. Two loops at once send nothing twice: each reminder and
    each letter is claimed first."""

    def run() -> None:
        loop = Loop()
        while True:
            # The first pass waits too, so that the logins printed at start
            # are not scrolled away by the e-mails the console prints.
            time.sleep(interval)
            try:
                loop.one_pass()
            except Exception:
                log.exception("Passage de la boucle de fond en échec")
            finally:
                connections.close_all()

    thread = threading.Thread(target=run, name="hygie-loop", daemon=True)
    thread.start()
    return thread


class Command(DatabaseCommand):
    help = (
        "Envoie par e-mail les rappels d'échéances dus (une seule fois chacun) "
        "et les envois en attente (lettre d'information)."
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.stopping = False
        # Set by stop(), so that the wait between two passes ends at once.
        self.wakeup = threading.Event()

    def add_arguments(self, parser):
        parser.add_argument(
            "--loop", action="store_true", help="Continue de tourner, comme un service."
        )
        parser.add_argument(
            "--intervalle", type=int, default=60, help="Secondes entre deux passages (--loop)."
        )

    def stop(self, signum=None, frame=None) -> None:
        """SIGTERM and SIGINT: finish the current pass, then exit."""
        self.stopping = True
        self.wakeup.set()

    def handle(self, *args, **options):
        if not options["loop"]:
            sent = one_pass()
            self.stdout.write(
                f"{count(sent, 'e-mail de rappel envoyé', 'e-mails de rappel envoyés')}."
            )
            return

        # Python lets only the main thread install signal handlers.
        if threading.current_thread() is threading.main_thread():
            signal.signal(signal.SIGTERM, self.stop)
            signal.signal(signal.SIGINT, self.stop)
        self.stdout.write("Rappels : en service (Ctrl+C pour arrêter).")
        loop = Loop()
        while not self.stopping:
            sent = loop.one_pass()
            if sent:
                self.stdout.write(
                    f"{timezone.localtime():%d/%m/%Y %H:%M} : "
                    f"{count(sent, 'e-mail envoyé', 'e-mails envoyés')}."
                )
            self.wakeup.wait(options["intervalle"])
        self.stdout.write("Rappels : arrêt.")
