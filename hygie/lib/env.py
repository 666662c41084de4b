"""Typed readers for the environment variables that configure Hygie.

No Django import here: settings.py reads its configuration through these.
"""

from __future__ import annotations

import os
import secrets
import tempfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

TRUE = {"1", "true", "yes", "on", "oui"}
FALSE = {"0", "false", "no", "off", "non", ""}


def envstr(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def envbool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    value = value.strip().lower()
    if value in TRUE:
        return True
    if value in FALSE:
        return False
    raise ValueError(f"{name} doit valoir 1 ou 0 (reçu : {value!r})")


def envint(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ValueError(f"{name} doit être un nombre entier (reçu : {value!r})") from None


def envlist(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def local_url(host: str, port: int | str) -> str:
    """The address of a server listening on `host` and `port`, for the links
    Hygie writes: one listening on every interface (0.0.0.0, ::) is reached
    on this machine at its loopback address."""
    wildcard = {"": "127.0.0.1", "0.0.0.0": "127.0.0.1", "::": "::1"}  # noqa: S104 (read, not bound)
    host = wildcard.get(host, host)
    if ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{port}"


def site_url() -> str:
    """HYGIE_SITE_URL when set; else where `hygie serve` listens
    (HYGIE_HOST, HYGIE_PORT, which its --host and --port set)."""
    explicit = envstr("HYGIE_SITE_URL").strip().rstrip("/")
    if explicit:
        return explicit
    return local_url(envstr("HYGIE_HOST", "127.0.0.1"), envstr("HYGIE_PORT", "8000"))


def envsecret(name: str, keep_in: Path, nbytes: int = 48) -> str:
    """Return the secret from the environment, or from a file kept in the data folder.

    The embedded default needs no configuration: on first use a random secret is
    generated and written, readable by its owner only, next to the database.
    """
    value = os.environ.get(name)
    if value:
        return value
    if keep_in.exists():
        return keep_in.read_text().strip()
    keep_in.parent.mkdir(parents=True, exist_ok=True)
    value = secrets.token_urlsafe(nbytes)
    # Written whole under another name, then linked in place, which fails if
    # the name exists: two processes started at once on a new data folder
    # (the web server and the reminders) keep one secret, and neither reads
    # a half-written file.
    fd, written = tempfile.mkstemp(dir=keep_in.parent, prefix=f".{keep_in.name}.")
    try:
        with os.fdopen(fd, "w") as f:
            f.write(value + "\n")
        try:
            os.link(written, keep_in)
        except FileExistsError:
            return keep_in.read_text().strip()
    finally:
        os.unlink(written)
    return value


def envsecret_kept(name: str, file_name: str, keep_in: Path) -> tuple[str, Path | None]:
    """A secret from the variable `name`, else from the file `file_name` names,
    else generated in `keep_in` (envsecret); with the file it came from (None
    for the environment), so that a check can tell where it is kept.

    A secret file is how a key is kept apart from the data folder with other
    permissions (systemd's LoadCredential, for instance): one that is named but
    cannot be read stops Hygie rather than a new key being generated.
    """
    value = os.environ.get(name)
    path = os.environ.get(file_name)
    if value and path:
        raise ValueError(f"{name} et {file_name} sont tous deux définis : gardez-en un seul.")
    if value:
        return value, None
    if path:
        try:
            value = Path(path).read_text().strip()
        except OSError as error:
            raise ValueError(
                f"{file_name} : impossible de lire le fichier {path} ({error.strerror})."
            ) from None
        if not value:
            raise ValueError(f"{file_name} : le fichier {path} est vide.")
        return value, Path(path).resolve()
    return envsecret(name, keep_in), keep_in.resolve()


def database_from_url(url: str) -> dict:
    """Django DATABASES entry from postgres://user:password@host:port/name."""
    parts = urlsplit(url)
    if parts.scheme not in ("postgres", "postgresql"):
        raise ValueError("HYGIE_DATABASE_URL doit commencer par postgres:// (PostgreSQL)")
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": unquote(parts.path.lstrip("/")),
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": parts.hostname or "",
        "PORT": str(parts.port or ""),
        # Under ASGI a request may run in any thread: persistent per-thread
        # connections would pile up until PostgreSQL refuses clients. A pool
        # per process shares a few connections instead.
        "CONN_MAX_AGE": 0,
        "OPTIONS": {
            "pool": {
                "min_size": 1,
                "max_size": int(os.environ.get("HYGIE_DATABASE_POOL_SIZE") or 8),
                "timeout": 10,
            }
        },
        # Several test runs on one server need distinct test databases.
        "TEST": {"NAME": os.environ.get("HYGIE_TEST_DATABASE_NAME") or None},
    }
