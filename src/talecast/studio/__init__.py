"""talecast studio: a local web page over a story's voice config (issue 14).

``run(story, voices_file, out)`` serves the page on 127.0.0.1 until Ctrl-C.
``core`` holds the state and actions (no web), ``configedit`` the edits it
writes into the config, ``server`` the Flask app and its security checks,
``static/`` the page itself (plain HTML, CSS and JavaScript, no build step).
"""
from __future__ import annotations

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
    announce(f"talecast studio: {server.url}  (Ctrl-C stops it)")
    studio.warm_up_later()
    if open_browser:
        import webbrowser

        webbrowser.open(server.url)
    server.serve_forever()
