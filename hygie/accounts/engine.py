"""The password engine of the « Mots de passe » page, run on the server.

hygie/static/hygie/passwords/hygie-passwords.js (built from assets/passwords)
runs in V8 through mini-racer, so that Hygie's own sign-up and the page judge
a password with the same code and the same French dictionaries. The bundle is
loaded once per process, on first use, and closed at exit; a forked child
loads its own (an isolate does not cross a fork: the pid is checked); a lock
serialises the calls into the isolate.
"""

from __future__ import annotations

import asyncio
import atexit
import hashlib
import os
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

BUNDLE = (
    Path(__file__).resolve().parent.parent / "static" / "hygie" / "passwords" / "hygie-passwords.js"
)
# A call that runs longer is interrupted (analyse takes milliseconds: the
# estimate reads the first 100 characters, the rest the first 4,096).
CALL_TIMEOUT_SECONDS = 10.0

_lock = threading.Lock()
_context: Any = None
_context_pid: int | None = None
_inherited: list[Any] = []
_loaded_before_fork = False


def _forget_after_fork() -> None:
    # The child loads its own isolate, with a new lock: another thread of the
    # parent may have held the old one at the fork. V8 cannot start again in
    # the child of a process that had started it (mini-racer's threads and
    # locks do not survive a fork): such a child gets a clear error instead of
    # a crash, and Hygie's servers start their workers as fresh interpreters
    # (uvicorn's spawn), the test runner forks before any test loads V8.
    global _lock, _context, _context_pid, _loaded_before_fork
    if _context is not None:
        # The parent's isolate is kept, never closed, in the child: tearing it
        # down would wait for threads that only exist in the parent.
        _inherited.append(_context)
        _loaded_before_fork = True
    _lock = threading.Lock()
    _context, _context_pid = None, None


os.register_at_fork(after_in_child=_forget_after_fork)


def _engine() -> Any:
    global _context, _context_pid
    if _context is None or _context_pid != os.getpid():
        if _loaded_before_fork:
            raise RuntimeError(
                "The password engine was loaded before this process was forked: V8 cannot "
                "start again in the child. Load it in the children only (or spawn them)."
            )
        from py_mini_racer import MiniRacer

        context = MiniRacer()
        context.eval(BUNDLE.read_text(encoding="utf-8"))
        _context, _context_pid = context, os.getpid()
    return _context


def _close_at_exit() -> None:
    # mini-racer's isolate left open at exit may hang the interpreter's
    # shutdown: closed first, and only by the process that created it.
    global _context
    if _context is not None and _context_pid == os.getpid():
        _context.close()
        _context = None


atexit.register(_close_at_exit)


def _call(function: str, *args: Any) -> Any:
    return _outside_event_loop(_locked_call, f"HygiePasswords.{function}", *args)


def _locked_call(name: str, *args: Any) -> Any:
    with _lock:
        return _engine().call(name, *args, timeout_sec=CALL_TIMEOUT_SECONDS)


def _outside_event_loop(work, *args: Any) -> Any:
    """mini-racer refuses a timeout in a thread that runs an event loop (an
    async view, a test driving a browser): such a caller waits for a thread
    of its own."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return work(*args)
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(work, *args).result()


def analyse(password: str, user_inputs: list[str] | None = None) -> dict[str, Any]:
    """The page's analysis of a password (see passwords-api in the README)."""
    return _call("analyse", password, {"userInputs": [x for x in user_inputs or [] if x]})


def renewal(old_password: str, new_password: str) -> dict[str, Any]:
    """Whether the new password merely varies the old one (seed 003's increments)."""
    return _call("renewal", old_password, new_password)


def evaluate(expression: str) -> Any:
    """Evaluate JavaScript beside the engine (tests inject a random source)."""
    return _outside_event_loop(_locked_eval, expression)


def _locked_eval(expression: str) -> Any:
    with _lock:
        return _engine().eval(expression, timeout_sec=CALL_TIMEOUT_SECONDS)


def version() -> str:
    return evaluate("HygiePasswords.version")


def sources_hash(sources: Path) -> str:
    """SHA-256 of the bundle's sources, as assets/passwords/build.mjs writes it
    in the bundle's header: one line "<sha256 of the file>  <path from the
    repository root>" per file of the folder, sorted by name."""
    root = sources.parent.parent
    lines = []
    for path in sorted(p for p in sources.iterdir() if p.is_file() and not p.name.startswith(".")):
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        lines.append(f"{digest}  {path.relative_to(root).as_posix()}\n")
    return hashlib.sha256("".join(lines).encode()).hexdigest()


def bundle_sources_hash() -> str | None:
    """The sources' hash written in the bundle's header."""
    with BUNDLE.open(encoding="utf-8") as bundle:
        head = bundle.read(2000)
    marker = "sources-sha256: "
    at = head.find(marker)
    return head[at + len(marker) :].split()[0] if at >= 0 else None
