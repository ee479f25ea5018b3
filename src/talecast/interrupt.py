"""Stopping cleanly on Ctrl-C (SIGINT) and SIGTERM.

``handle_signals()`` (a context manager, in the main thread) turns the first of
these signals into ``Interrupted``, an exception that unwinds the build through
its ordinary clean-up: workers stopped, temporary files removed, finished
chapters recorded. Child processes started through ``run`` (ffmpeg) are
stopped too, and a child that fails because the signal reached it first is
reported as the interruption, not as its own error.
"""
from __future__ import annotations

import contextlib
import signal
import subprocess
import threading

_stopping = threading.Event()
_signal = {"number": 0}
_children: set = set()


class Interrupted(BaseException):
    """The user (SIGINT) or the system (SIGTERM) asked talecast to stop; exit ``128 + signal``."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum
        self.exit_code = 128 + signum


def stopping() -> bool:
    """Whether a stop signal has arrived."""
    return _stopping.is_set()


def check() -> None:
    """Raise ``Interrupted`` if a stop signal has arrived (for threads other than the main one)."""
    if _stopping.is_set():
        raise Interrupted(_signal["number"])


def _stop_children() -> None:
    for proc in list(_children):
        with contextlib.suppress(Exception):
            proc.terminate()


def _handler(signum, frame):
    first = not _stopping.is_set()
    _signal["number"] = _signal["number"] or signum
    _stopping.set()
    _stop_children()
    if first:
        raise Interrupted(signum)


@contextlib.contextmanager
def handle_signals():
    """SIGINT and SIGTERM raise ``Interrupted`` (once) inside the block; outside the main
    thread (a server running builds) signals are left as they are."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    _stopping.clear()
    _signal["number"] = 0
    old = {s: signal.signal(s, _handler) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for s, h in old.items():
            signal.signal(s, h)


def run(cmd: list[str], **kw) -> subprocess.CompletedProcess:
    """``subprocess.run(cmd, capture_output=True, **kw)``, stopped when a stop signal arrives;
    a child that failed then raises ``Interrupted`` rather than being reported as a failure."""
    check()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kw)
    _children.add(proc)
    try:
        out, err = proc.communicate()
    finally:
        _children.discard(proc)
    if proc.returncode and _stopping.wait(0.5):  # Ctrl-C reaches ffmpeg and us at the same moment
        check()
    check()
    return subprocess.CompletedProcess(cmd, proc.returncode, out, err)
