"""The studio's web server: a Flask app over a ``Studio``, served by werkzeug's threaded server.

Security, for a server any web page in the user's browser could try to reach:
it listens on 127.0.0.1 only; every request must carry the token minted at
start (``?token=`` in the printed URL, then an ``X-Talecast-Token`` header from
the page's script); a request whose Host header is not this address and port
is refused (DNS rebinding); nothing the page sends is used as a file path
(static files come from a fixed list, chapters are named by number, lines by
chapter and position, characters by their name in the config).
"""
from __future__ import annotations

import errno
import hmac
import json
import logging
import secrets
import socket
from importlib import resources

from flask import Flask, Response, abort, jsonify, request, send_file
from werkzeug.exceptions import HTTPException
from werkzeug.serving import make_server

from ..errors import TalecastError
from .core import NotFound, Studio

HOST = "127.0.0.1"
PORTS = range(8765, 8785)  # the first free one; then any port the system gives
STATIC = {"app.js": "text/javascript", "style.css": "text/css"}
TOKEN_HEADER = "X-Talecast-Token"


def _static(name: str) -> bytes:
    return (resources.files("talecast.studio") / "static" / name).read_bytes()


def create_app(studio: Studio, token: str, port: int) -> Flask:
    app = Flask("talecast.studio", static_folder=None)
    allowed_hosts = {f"{HOST}:{port}", f"localhost:{port}"}

    @app.before_request
    def guard():
        if request.host not in allowed_hosts:
            abort(403, "this studio only answers at its own address (foreign Host header)")
        given = request.args.get("token") or request.headers.get(TOKEN_HEADER) or ""
        if not hmac.compare_digest(given.encode(), token.encode()):
            abort(403, "missing or wrong token: open the URL talecast studio printed")

    @app.after_request
    def headers(resp: Response) -> Response:
        resp.headers["Cache-Control"] = "no-store"
        resp.headers["X-Content-Type-Options"] = "nosniff"
        resp.headers["Referrer-Policy"] = "no-referrer"
        resp.headers["X-Frame-Options"] = "DENY"
        resp.headers["Content-Security-Policy"] = ("default-src 'self'; media-src 'self' blob:; img-src 'self' data:; "
                                                   "frame-ancestors 'none'")
        return resp

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        return jsonify(error=exc.description), exc.code

    @app.errorhandler(TalecastError)
    def user_error(exc: TalecastError):
        return jsonify(error=str(exc)), 404 if isinstance(exc, NotFound) else 400

    def body(*required: str, optional: tuple = ()) -> dict:
        data = request.get_json(silent=True)
        if not isinstance(data, dict):
            abort(400, "send a JSON object")
        unknown = set(data) - set(required) - set(optional)
        if unknown:
            abort(400, f"unknown field(s): {', '.join(sorted(unknown))}")
        missing = [k for k in required if k not in data]
        if missing:
            abort(400, f"missing field(s): {', '.join(missing)}")
        return data

    def line_id(value) -> tuple[int, int]:
        if not isinstance(value, str) or not value.count("-") == 1:
            abort(400, "a line is named CHAPTER-INDEX")
        a, b = value.split("-")
        if not (a.isdigit() and b.isdigit()):
            abort(400, "a line is named CHAPTER-INDEX")
        return int(a), int(b)

    @app.get("/")
    def index():
        html = _static("index.html").decode("utf-8").replace("__TOKEN__", json.dumps(token)[1:-1])
        return Response(html, mimetype="text/html")

    @app.get("/static/<name>")
    def static_file(name: str):
        if name not in STATIC:
            abort(404, "no such file")
        return Response(_static(name), mimetype=STATIC[name])

    @app.get("/api/script")
    def script():
        return jsonify(studio.script_json())

    @app.get("/api/voices")
    def voice_list():
        gender = request.args.get("gender") or None
        return jsonify(voices=studio.voice_choices(request.args.get("language") or None, gender),
                       languages=studio.languages())

    @app.get("/api/line/<int:chapter>/<int:index>.wav")
    def line(chapter: int, index: int):
        return Response(studio.line_audio(chapter, index), mimetype="audio/wav")

    @app.post("/api/speaker")
    def speaker():
        data = body("line", optional=("speaker", "kind"))
        chapter, index = line_id(data["line"])
        if not all(isinstance(data.get(k), (str, type(None))) for k in ("speaker", "kind")):
            abort(400, "speaker must be a name, kind \"narration\"")
        return jsonify(studio.set_speaker(chapter, index, data.get("speaker"), data.get("kind")))

    @app.post("/api/character")
    def character():
        data = body("name", "changes")
        if not isinstance(data["name"], str) or not isinstance(data["changes"], dict):
            abort(400, "send a character's name and a table of changes")
        return jsonify(studio.set_character(data["name"], data["changes"]))

    @app.get("/api/build")
    def build_status():
        return jsonify(build=studio.job.status(), audio=studio.chapters_built())

    @app.post("/api/build")
    def build_start():
        body()
        studio.job.start()
        return jsonify(build=studio.job.status())

    @app.post("/api/build/stop")
    def build_stop():
        body()
        studio.job.stop(wait=0)
        return jsonify(build=studio.job.status())

    @app.get("/api/chapter/<int:chapter>.mp3")
    def chapter_audio(chapter: int):
        return send_file(studio.chapter_file(chapter), mimetype="audio/mpeg", conditional=True, etag=False)

    @app.get("/api/chapter/<int:chapter>/cues")
    def chapter_cues(chapter: int):
        return jsonify(cues=studio.chapter_cues(chapter))

    return app


def bind(ports=PORTS) -> socket.socket:
    """A listening socket on 127.0.0.1: the first free port of ``ports``, else one the system picks."""
    for port in [*ports, 0]:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            sock.bind((HOST, port))
        except OSError as exc:
            sock.close()
            if exc.errno in (errno.EADDRINUSE, errno.EACCES):
                continue
            raise
        sock.listen(64)
        return sock
    raise TalecastError("no free port on 127.0.0.1")  # pragma: no cover - port 0 always binds


class Server:
    """A studio served on 127.0.0.1: ``url`` (with the token), ``serve_forever()``, ``shutdown()``."""

    def __init__(self, studio: Studio, ports=PORTS):
        self.studio = studio
        self.token = secrets.token_urlsafe(24)
        self._sock = bind(ports)
        self.port = self._sock.getsockname()[1]
        self.app = create_app(studio, self.token, self.port)
        logging.getLogger("werkzeug").setLevel(logging.ERROR)  # no line per request on the terminal
        self.httpd = make_server(HOST, self.port, self.app, threaded=True, fd=self._sock.fileno())
        self.httpd.daemon_threads = True
        self._sock.close()  # the server holds its own duplicate of the socket
        self.url = f"http://{HOST}:{self.port}/?token={self.token}"

    def serve_forever(self) -> None:
        """Serve until Ctrl-C (or ``shutdown()``), then stop the studio's work cleanly."""
        try:
            self.httpd.serve_forever()
        finally:
            self.studio.close()

    def shutdown(self) -> None:
        self.httpd.shutdown()
