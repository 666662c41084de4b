"""The scheduled backup, run from the background loop (`hygie rappels --loop`,
or the loop inside a one-process `hygie serve`): at most one a day, from
BACKUP_HOUR, never two at once; the old ones pruned (the last of each of the
last BACKUP_DAILY days and BACKUP_WEEKLY weeks kept); a failure shown on the
admin's index page and e-mailed to the instance's admins, once per day.

Its state is a small JSON file in the data folder, not a table: it must be
written when the database itself is what fails, and it is read by the admin
page on the machine that runs the loop (the usual single-machine setup).
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from hygie.backups.instance import archive
from hygie.backups.instance.crypto import BackupError, Secret

log = logging.getLogger("hygie.backups")

STATE = "sauvegarde-etat.json"
LOCK = "sauvegarde.verrou"
# After a failure, the next try waits this long: not one a minute.
RETRY = timedelta(hours=1)


# Retention: a pure function ----------------------------------------------------


def to_keep(stamps: Iterable[datetime], *, daily: int, weekly: int) -> set[datetime]:
    """The backups to keep among those made at `stamps`: the newest of each
    of the `daily` most recent days that have one, the newest of each of the
    `weekly` most recent ISO weeks that have one, and the newest of all."""
    ordered = sorted(set(stamps), reverse=True)
    keep = set(ordered[:1])
    for period, n in ((lambda s: s.date(), daily), (lambda s: s.isocalendar()[:2], weekly)):
        seen: set = set()
        for stamp in ordered:
            key = period(stamp)
            if key in seen:
                continue
            if len(seen) >= n:
                break
            seen.add(key)
            keep.add(stamp)
    return keep


def backups_in(directory: Path) -> list[tuple[datetime, Path]]:
    """The backup files of `directory` with the time their name says."""
    found = []
    for path in directory.iterdir():
        if match := archive.NAME.match(path.name):
            found.append((datetime.strptime("".join(match.groups()), "%Y%m%d%H%M%S"), path))
    return sorted(found)


def prune(directory: Path, *, daily: int, weekly: int) -> list[Path]:
    """Delete the backups retention does not keep; the files deleted. Only
    files named as Hygie names its backups are ever touched."""
    found = backups_in(directory)
    keep = to_keep([stamp for stamp, _ in found], daily=daily, weekly=weekly)
    removed = []
    for stamp, path in found:
        if stamp not in keep:
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed


# State, lock ---------------------------------------------------------------------


def state_path() -> Path:
    return Path(settings.DATA_DIR) / STATE


def read_state() -> dict:
    try:
        return json.loads(state_path().read_text())
    except (OSError, ValueError):
        return {}


def write_state(state: dict) -> None:
    path = state_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{STATE}.{os.getpid()}")
    temporary.write_text(json.dumps(state, ensure_ascii=False, indent=1))
    temporary.replace(path)


@contextmanager
def held_lock() -> Iterator[bool]:
    """Whether this process holds the backup lock (never waits for it)."""
    path = Path(settings.DATA_DIR) / LOCK
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as f:
        try:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


def _time(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


# The schedule --------------------------------------------------------------------


def secret() -> Secret:
    if settings.BACKUP_RECIPIENTS:
        from hygie.backups.instance.crypto import parse_recipients

        return Secret(recipients=parse_recipients(settings.BACKUP_RECIPIENTS))
    return Secret(passphrase=os.environ.get("HYGIE_BACKUP_PASSPHRASE", ""))


def configured() -> bool:
    return bool(
        settings.BACKUP_DIR
        and (settings.BACKUP_RECIPIENTS or os.environ.get("HYGIE_BACKUP_PASSPHRASE"))
    )


def due(now: datetime, state: dict) -> bool:
    local = timezone.localtime(now)
    if local.hour < settings.BACKUP_HOUR:
        return False
    done = _time(state.get("last_success"))
    if done and timezone.localtime(done).date() == local.date():
        return False
    tried = _time(state.get("last_attempt"))
    return not (tried and now - tried < RETRY)


def tick(now: datetime) -> Path | None:
    """At each pass of the loop: the day's backup when it is due; the file
    written, or None."""
    if not configured() or not due(now, read_state()):
        return None
    with held_lock() as held:
        if not held:
            return None
        # Read again under the lock: another loop may have just made it.
        state = read_state()
        if not due(now, state):
            return None
        state["last_attempt"] = now.isoformat()
        write_state(state)
        from hygie.backups.instance.create import create

        try:
            path = create(Path(settings.BACKUP_DIR), secret(), now=now)
            removed = prune(
                Path(settings.BACKUP_DIR),
                daily=settings.BACKUP_DAILY,
                weekly=settings.BACKUP_WEEKLY,
            )
        except BackupError as error:
            failed(now, str(error), state)
            return None
        except Exception as error:
            log.exception("Sauvegarde automatique en échec")
            failed(now, f"erreur inattendue ({type(error).__name__} : {error})", state)
            return None
        state.update(last_success=now.isoformat(), last_file=str(path), failure=None)
        write_state(state)
        log.info("Sauvegarde écrite : %s (sauvegardes anciennes effacées : %d)", path, len(removed))
        return path


def failed(now: datetime, message: str, state: dict) -> None:
    """Record the failure for the admin page; e-mail the admins once a day."""
    log.error("Sauvegarde automatique en échec : %s", message)
    today = timezone.localtime(now).date().isoformat()
    state["failure"] = {"time": now.isoformat(), "message": message}
    if state.get("alerted_day") != today:
        from hygie.lib import emails

        for address in admin_addresses():
            emails.send(
                "instance_backup_failed",
                address,
                {"message": message, "when": now, "directory": settings.BACKUP_DIR},
            )
        state["alerted_day"] = today
    write_state(state)


def admin_addresses() -> list[str]:
    """settings.ADMINS, else the active superusers."""
    if settings.ADMINS:
        return [email for _, email in settings.ADMINS]
    from hygie.accounts.models import User

    return list(
        User.objects.filter(is_superuser=True, is_active=True)
        .order_by("email")
        .values_list("email", flat=True)
    )


def alerts() -> list[str]:
    """What the admin's index page says about the scheduled backup."""
    state = read_state()
    failure = state.get("failure")
    if not failure:
        return []
    when = timezone.localtime(_time(failure["time"]))
    last = _time(state.get("last_success"))
    since = (
        f" La dernière réussie date du {timezone.localtime(last):%d/%m/%Y à %H:%M}."
        if last
        else " Aucune n'a encore réussi."
    )
    return [
        f"La sauvegarde automatique de l'instance a échoué le {when:%d/%m/%Y à %H:%M} : "
        f"{failure['message']}{since} Un nouvel essai a lieu chaque heure ; voir "
        "docs/deploy.md, « Sauvegardes »."
    ]
