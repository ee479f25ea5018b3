"""talecast studio: a local web page over a story's voice config (issue 14).

``run(story, voices_file, out)`` serves the page on 127.0.0.1 until Ctrl-C.
``core`` holds the state and actions (no web), ``configedit`` the edits it
writes into the config, ``server`` the Flask app and its security checks,
``static/`` the page itself (plain HTML, CSS and JavaScript, no build step).
"""
from __future__ import annotations

import signal
import threading
from pathlib import Path
from typing import Callable


def run(story: Path, voices_file: Path, out: Path, open_browser: bool = True,
        announce: Callable[[str], None] = print) -> None:
    """Serve the studio for ``story`` and ``voices_file`` until Ctrl-C."""
    from .core import Studio
    from .server import Server

    studio = Studio(story, voices_file, out)
    studio.state()  # a bad story or config fails here, before any URL is printed
    server = Server(studio)
    if threading.current_thread() is threading.main_thread():
        # Ctrl-C stops the studio even when it was started with SIGINT ignored (a background
        # job of a non-interactive shell); ``studio.close()`` then stops its build and worker.
        signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        announce(f"talecast studio: {server.url}  (Ctrl-C stops it)")
        studio.warm_up_later()
        if open_browser and not open_in_browser(server.url):
            announce("(no graphical browser to open here: open the URL above in yours)")
        server.serve_forever()
    finally:
        studio.close()


def open_in_browser(url: str) -> bool:
    """Open ``url`` in the user's graphical browser; False when there is none.

    Without a display (a server, ssh) Python's ``webbrowser`` would start a text
    browser in this very terminal, in front of the studio: that is never wanted.
    """
    import os
    import sys
    import webbrowser

    if sys.platform.startswith("linux") and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        return False
    try:
        browser = webbrowser.get()
    except webbrowser.Error:
        return False
    if isinstance(browser, webbrowser.GenericBrowser) and not isinstance(browser, webbrowser.BackgroundBrowser):
        return False  # a console browser (lynx, w3m, ...) would take over the terminal
    try:
        return bool(browser.open(url))
    except Exception:  # a broken browser setting: the URL is printed anyway
        return False
