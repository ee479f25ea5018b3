"""talecast studio without a browser: every refusal, and each action through the page's API."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

from talecast import build as build_mod
from talecast import render
from talecast.synth import cache as cache_mod
from talecast.cli import main
from talecast.synth.engine import engine_id
from talecast.studio.core import Studio
from talecast.studio.server import Server, create_app

TOKEN = "test-token-123"
PORT = 8799
BASE = f"http://127.0.0.1:{PORT}"

STORY = """The Lamp

by Test Author

Chapter 1

Mara lit the lamp and looked at the door.

"Is anyone there?" Mara asked.

"Only me," said Tom, stepping in out of the rain.

"You are late," Mara said. "The tea is cold."

Tom shrugged. "Cold tea is still tea."

"Good night," Mara whispered, but Tom stayed.

Chapter 2

The rain went on all night.

"Good night," said Tom.

"Good night," said Mara.
"""

CONFIG = """# my own notes on this cast: keep them
[narrator]
voice = "gmw/en-us"
rate = 170

[characters.Mara]
# Mara is the lamp keeper
aliases = []
gender = "female"
voice = "gmw/en-us+f3"

[characters.Tom]
aliases = []
gender = "male"
voice = "gmw/en-us+m7"
"""


@pytest.fixture
def story(tmp_path):
    path = tmp_path / "lamp.txt"
    path.write_text(STORY, encoding="utf-8")
    config = tmp_path / "lamp.toml"
    config.write_text(CONFIG, encoding="utf-8")
    return path, config


@pytest.fixture
def studio(story, tmp_path):
    s = Studio(story[0], story[1], tmp_path / "out")
    yield s
    s.close()


@pytest.fixture
def client(studio):
    return create_app(studio, TOKEN, PORT).test_client()


def get(client, path, token=TOKEN, host=None, **kw):
    sep = "&" if "?" in path else "?"
    url = path + (f"{sep}token={token}" if token else "")
    return client.get(url, base_url=f"http://{host}" if host else BASE, **kw)


def post(client, path, body, token=TOKEN):
    return client.post(path, json=body, base_url=BASE, headers={"X-Talecast-Token": token})


def line_of(data, text):
    for ch in data["chapters"]:
        for seg in ch["segments"]:
            if seg["text"] == text:
                return seg
    raise AssertionError(f"no line {text!r}")


# ---------------------------------------------------------------- refusals

def test_request_without_token_is_refused(client):
    assert get(client, "/", token=None).status_code == 403
    assert get(client, "/api/script", token=None).status_code == 403
    assert get(client, "/static/app.js", token=None).status_code == 403


def test_request_with_wrong_token_is_refused(client):
    r = get(client, "/api/script", token="test-token-124")
    assert r.status_code == 403
    assert "token" in r.get_json()["error"]
    assert post(client, "/api/build", {}, token="nope").status_code == 403


def test_token_in_header_or_url_is_accepted(client):
    assert get(client, "/api/script").status_code == 200
    assert client.get("/api/script", base_url=BASE, headers={"X-Talecast-Token": TOKEN}).status_code == 200


def test_foreign_host_header_is_refused_even_with_the_token(client):
    for host in (f"evil.example:{PORT}", "127.0.0.1:8000", f"127.0.0.1.evil.example:{PORT}"):
        r = get(client, "/api/script", host=host)
        assert r.status_code == 403, host
        assert "Host" in r.get_json()["error"]
    assert get(client, "/api/script", host=f"localhost:{PORT}").status_code == 200


def test_page_is_served_with_its_token_and_no_inline_script(client):
    r = get(client, "/")
    html = r.get_data(as_text=True)
    assert r.status_code == 200 and TOKEN in html
    assert "<script>" not in html  # the CSP allows scripts from the studio only
    assert "default-src 'self'" in r.headers["Content-Security-Policy"]


def test_static_file_named_by_a_path_is_refused(client):
    for path in ("/static/../../pyproject.toml", "/static/..%2F..%2Fpyproject.toml", "/static/core.py",
                 "/static/%2Fetc%2Fpasswd", "/static/index.html/../core.py"):
        assert get(client, path).status_code == 404, path
    assert get(client, "/static/app.js").status_code == 200


def test_chapter_or_line_named_by_a_path_is_refused(client):
    for path in ("/api/chapter/..%2F..%2Fetc%2Fpasswd.mp3", "/api/chapter/%2Fetc%2Fpasswd/cues",
                 "/api/line/1/..%2F..%2Fsecret.wav", "/api/chapter/1.mp3"):  # not built yet: 404 too
        assert get(client, path).status_code == 404, path


def test_paths_in_request_bodies_are_refused(client, story):
    before = story[1].read_text()
    r = post(client, "/api/build", {"out": "/tmp/elsewhere"})
    assert r.status_code == 400 and "unknown field" in r.get_json()["error"]
    r = post(client, "/api/character", {"name": "../../etc/passwd", "changes": {"pitch": 40}})
    assert r.status_code == 400 and "no character" in r.get_json()["error"]
    r = post(client, "/api/character", {"name": "Tom", "changes": {"path": "/etc/passwd"}})
    assert r.status_code == 400 and "cannot change 'path'" in r.get_json()["error"]
    r = post(client, "/api/speaker", {"line": "../../etc/passwd", "speaker": "Tom"})
    assert r.status_code == 400
    r = post(client, "/api/speaker", {"line": "1-2", "speaker": "Tom", "config": "/tmp/other.toml"})
    assert r.status_code == 400 and "unknown field" in r.get_json()["error"]
    assert story[1].read_text() == before


def _cli_error(story, config) -> str:
    """The one line `talecast` prints for this config (script --cast loads it as build does)."""
    result = CliRunner().invoke(main, ["script", str(story), "--cast", str(config)])
    assert result.exit_code == 2
    return result.stderr.strip().removeprefix("Error: ")


@pytest.mark.parametrize("field,value,expect", [
    ("voice", "gmw/en-us+zz9", "is not an espeak-ng variant"),
    ("voice", "xx/nonesuch", "is not one of the engine's voices"),
    ("rate", "900", "out of range"),
    ("pitch", "loud", "must be a number"),
    ("gender", "robot", "use one of"),
])
def test_invalid_value_is_refused_with_the_cli_message(client, story, field, value, expect):
    path, config = story
    before = config.read_text()
    r = post(client, "/api/character", {"name": "Tom", "changes": {field: value}})
    assert r.status_code == 400
    message = r.get_json()["error"]
    assert expect in message and str(config) in message
    assert config.read_text() == before  # nothing written
    # the same value typed by hand: the CLI says exactly the same
    quoted = value if field == "rate" else f'"{value}"'
    tom = {"voice": 'voice = "gmw/en-us+m7"', "gender": 'gender = "male"'}.get(field)
    config.write_text(before.replace(tom, f"{field} = {quoted}") if tom else
                      before.replace('voice = "gmw/en-us+m7"', f'voice = "gmw/en-us+m7"\n{field} = {quoted}'),
                      encoding="utf-8")
    assert _cli_error(path, config) == message


def test_unknown_speaker_is_refused(client, story):
    data = get(client, "/api/script").get_json()
    seg = line_of(data, "Only me,")
    r = post(client, "/api/speaker", {"line": seg["id"], "speaker": "Nobody"})
    assert r.status_code == 400 and "no character 'Nobody'" in r.get_json()["error"]
    assert "[[lines]]" not in story[1].read_text()


# ---------------------------------------------------------------- edits

def test_speaker_fix_writes_a_correction_and_recolours_the_line(client, story):
    data = get(client, "/api/script").get_json()
    seg = line_of(data, "Only me,")
    assert seg["speaker"] == "Tom"
    tom, mara = (next(c for c in data["cast"] if c["name"] == n) for n in ("Tom", "Mara"))
    r = post(client, "/api/speaker", {"line": seg["id"], "speaker": "Mara"})
    assert r.status_code == 200, r.get_json()
    fixed = line_of(r.get_json(), "Only me,")
    assert fixed["speaker"] == "Mara" and fixed["colour"] == mara["colour"] != tom["colour"]
    assert fixed.get("corrected")
    text = story[1].read_text()
    assert text.startswith("# my own notes on this cast: keep them") and "# Mara is the lamp keeper" in text
    lines = tomllib.loads(text)["lines"]
    assert lines == [{"text": "Only me,", "speaker": "Mara"}]
    # choosing again replaces the correction rather than adding a second one
    post(client, "/api/speaker", {"line": seg["id"], "speaker": "unsure"})
    assert tomllib.loads(story[1].read_text())["lines"] == [{"text": "Only me,", "speaker": "unsure"}]


def test_a_quote_that_is_not_speech_is_read_as_narration_until_given_a_speaker_again(client, story):
    seg = line_of(get(client, "/api/script").get_json(), "Cold tea is still tea.")
    r = post(client, "/api/speaker", {"line": seg["id"], "kind": "narration"})
    assert r.status_code == 200, r.get_json()
    now = line_of(r.get_json(), "Cold tea is still tea.")
    assert now["kind"] == "narration" and now["not_speech"] and now["corrected"]
    assert tomllib.loads(story[1].read_text())["lines"] == [{"text": "Cold tea is still tea.", "kind": "narration"}]
    r = post(client, "/api/speaker", {"line": now["id"], "speaker": "Tom"})
    assert line_of(r.get_json(), "Cold tea is still tea.")["speaker"] == "Tom"
    assert tomllib.loads(story[1].read_text())["lines"] == [{"text": "Cold tea is still tea.", "speaker": "Tom"}]


def test_a_correction_needs_a_speaker_or_the_narration_kind(client, story):
    seg = line_of(get(client, "/api/script").get_json(), "Only me,")
    for change in ({}, {"speaker": "Tom", "kind": "narration"}, {"kind": "song"}, {"kind": 3}):
        assert post(client, "/api/speaker", {"line": seg["id"], **change}).status_code == 400, change
    narration = line_of(get(client, "/api/script").get_json(), "The rain went on all night.")
    r = post(client, "/api/speaker", {"line": narration["id"], "kind": "narration"})
    assert r.status_code == 400 and "only a quote" in r.get_json()["error"]
    assert "[[lines]]" not in story[1].read_text()


def test_correction_of_repeated_words_names_its_chapter_and_occurrence(client, story):
    data = get(client, "/api/script").get_json()
    ids = [s["id"] for ch in data["chapters"] for s in ch["segments"] if s["text"] == "Good night,"]
    assert [i.split("-")[0] for i in ids] == ["1", "2", "2"]
    post(client, "/api/speaker", {"line": ids[0], "speaker": "Tom"})
    post(client, "/api/speaker", {"line": ids[2], "speaker": "Tom"})
    assert tomllib.loads(story[1].read_text())["lines"] == [
        {"text": "Good night,", "speaker": "Tom", "chapter": 1},
        {"text": "Good night,", "speaker": "Tom", "chapter": 2, "occurrence": 2}]
    data = get(client, "/api/script").get_json()
    assert [s["speaker"] for ch in data["chapters"] for s in ch["segments"] if s["text"] == "Good night,"] \
        == ["Tom", "Tom", "Tom"]


def test_unattributed_quotes_are_flagged_until_corrected(tmp_path):
    story = tmp_path / "room.txt"
    story.write_text('The Room\n\nChapter 1\n\n"Hello?"\n\nThe wind blew.\n\n'
                     'Mara lit the lamp. "Is anyone there?" Mara asked.\n', encoding="utf-8")
    config = tmp_path / "room.toml"
    config.write_text('[characters.Mara]\ngender = "female"\n', encoding="utf-8")
    s = Studio(story, config, tmp_path / "out")
    try:
        client = create_app(s, TOKEN, PORT).test_client()
        data = get(client, "/api/script").get_json()
        hello, mara = line_of(data, "Hello?"), line_of(data, "Is anyone there?")
        assert hello["flagged"] and hello["speaker"] is None and hello["confidence"] < 0.5
        assert not mara["flagged"] and mara["speaker"] == "Mara"
        fixed = line_of(post(client, "/api/speaker", {"line": hello["id"], "speaker": "unsure"}).get_json(),
                        "Hello?")
        assert not fixed["flagged"] and fixed["corrected"] and fixed["speaker"] is None
    finally:
        s.close()


def test_a_quote_given_to_the_narrator_is_heard_in_the_narrators_voice(client, studio):
    seg = line_of(get(client, "/api/script").get_json(), "Cold tea is still tea.")
    chapter, index = map(int, seg["id"].split("-"))
    assert post(client, "/api/speaker", {"line": seg["id"], "speaker": "narrator"}).status_code == 200
    st = studio.state()
    fixed = st.script.chapters[chapter - 1].segments[index]
    assert fixed.corrected and build_mod.spoken(st.caster, fixed)[0] == st.config.narrator
    assert get(client, f"/api/line/{chapter}/{index}.wav").status_code == 200
    key = cache_mod.key(engine_id(), *build_mod.spoken(st.caster, fixed))
    assert cache_mod.SegmentCache().has(key)


def test_character_edit_keeps_comments_and_a_hand_edit_made_meanwhile(client, story):
    config = story[1]
    get(client, "/api/script")  # the studio has loaded the file
    config.write_text(config.read_text().replace('rate = 170', 'rate = 160  # slower, by hand'), encoding="utf-8")
    r = post(client, "/api/character", {"name": "Tom", "changes": {"voice": "gmw/en-gb-x-rp+m3", "pitch": "40"}})
    assert r.status_code == 200, r.get_json()
    assert r.get_json()["audition"] == line_of(r.get_json()["script"], "Only me,")["id"]
    text = config.read_text()
    assert "rate = 160  # slower, by hand" in text and "# Mara is the lamp keeper" in text
    data = tomllib.loads(text)
    assert data["characters"]["Tom"]["voice"] == "gmw/en-gb-x-rp+m3" and data["characters"]["Tom"]["pitch"] == 40
    tom = next(c for c in r.get_json()["script"]["cast"] if c["name"] == "Tom")
    assert (tom["voice"], tom["pitch"]) == ("gmw/en-gb-x-rp+m3", 40)
    post(client, "/api/character", {"name": "Tom", "changes": {"voice": "narrator"}})
    tom = next(c for c in get(client, "/api/script").get_json()["cast"] if c["name"] == "Tom")
    assert tom["voice"] == "narrator" and tomllib.loads(config.read_text())["characters"]["Tom"]["voice"] == "narrator"
    # an empty voice gives the character a default one again
    post(client, "/api/character", {"name": "Tom", "changes": {"voice": ""}})
    assert "voice" not in tomllib.loads(config.read_text())["characters"]["Tom"]


def test_two_edits_at_once_both_land(client, story):
    import threading

    results = []
    edits = [("Tom", {"pitch": 35}), ("Mara", {"pitch": 65}), ("narrator", {"rate": 180})]
    threads = [threading.Thread(target=lambda n=n, c=c: results.append(
        post(client, "/api/character", {"name": n, "changes": c}).status_code)) for n, c in edits]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [200, 200, 200]
    data = tomllib.loads(story[1].read_text())
    assert (data["characters"]["Tom"]["pitch"], data["characters"]["Mara"]["pitch"], data["narrator"]["rate"]) \
        == (35, 65, 180)


def test_a_broken_hand_edit_shows_the_clis_message_and_is_not_overwritten(client, story):
    path, config = story
    assert get(client, "/api/script").status_code == 200
    config.write_text(config.read_text().replace('gender = "male"', 'gender = "male"\nvoice = "xx/nope"', 1)
                      .replace('voice = "gmw/en-us+m7"\n', ""), encoding="utf-8")
    broken = config.read_text()
    r = get(client, "/api/script")
    assert r.status_code == 400 and r.get_json()["error"] == _cli_error(path, config)
    assert post(client, "/api/character", {"name": "Mara", "changes": {"pitch": 40}}).status_code == 400
    assert config.read_text() == broken


def test_voice_list_is_filtered_by_language_and_gender(client):
    female = get(client, "/api/voices?language=en-gb&gender=female").get_json()["voices"]
    assert female and all("+f" in v for v in female)
    assert any(v.startswith("gmw/en-gb") for v in female)
    assert not any(v.startswith("roa/fr") for v in female)
    male = get(client, "/api/voices?language=en-gb&gender=male").get_json()["voices"]
    assert male and all("+m" in v for v in male)


# ---------------------------------------------------------------- audio

def test_a_heard_line_is_in_the_cache_under_the_key_the_build_uses(client, studio):
    data = get(client, "/api/script").get_json()
    seg = line_of(data, "Cold tea is still tea.")
    chapter, index = map(int, seg["id"].split("-"))
    r = get(client, f"/api/line/{chapter}/{index}.wav")
    assert r.status_code == 200 and r.mimetype == "audio/wav"
    assert r.data[:4] == b"RIFF" and len(r.data) > 10_000
    st = studio.state()
    the_plan = build_mod.plan(st.script, st.caster, st.config.pacing, render.AudioFormat())
    key = the_plan.chapters[chapter - 1].keys[index]
    assert key == cache_mod.key(engine_id(), *build_mod.spoken(st.caster, st.script.chapters[chapter - 1]
                                                               .segments[index]))
    assert cache_mod.SegmentCache().has(key)


def test_a_line_that_is_not_spoken_is_refused(client):
    assert get(client, "/api/line/1/999.wav").status_code == 404
    assert get(client, "/api/line/7/0.wav").status_code == 404


def test_build_runs_off_the_request_thread_and_its_chapters_play(client, studio):
    fix = line_of(get(client, "/api/script").get_json(), "Only me,")["id"]
    assert post(client, "/api/speaker", {"line": fix, "speaker": "Mara"}).status_code == 200  # the build uses it
    heard = line_of(get(client, "/api/script").get_json(), "You are late,")["id"].split("-")
    assert get(client, f"/api/line/{heard[0]}/{heard[1]}.wav").status_code == 200
    st = studio.state()
    keys = build_mod.plan(st.script, st.caster, st.config.pacing, render.AudioFormat()).tasks
    heard_key = build_mod.plan(st.script, st.caster, st.config.pacing, render.AudioFormat()) \
        .chapters[int(heard[0]) - 1].keys[int(heard[1])]
    missing = [k for k in keys if not cache_mod.SegmentCache().has(k)]
    assert heard_key in keys and heard_key not in missing
    r = post(client, "/api/build", {})
    assert r.status_code == 200 and r.get_json()["build"]["state"] == "running"
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline:
        status = get(client, "/api/build").get_json()
        if status["build"]["state"] != "running":
            break
        time.sleep(0.3)
    assert status["build"]["state"] == "done", status
    assert status["build"]["fraction"] == 1.0
    assert f"({len(missing)} segments synthesized" in status["build"]["message"]  # not the line heard
    assert [c["chapter"] for c in status["audio"]] == [1, 2]
    assert "<v Mara>Only me,</v>" in studio.chapter_file(1, ".vtt").read_text()  # the correction is built
    mp3 = get(client, "/api/chapter/2.mp3")
    assert mp3.status_code == 200 and mp3.mimetype == "audio/mpeg" and len(mp3.data) > 1000
    cues = get(client, "/api/chapter/2/cues").get_json()["cues"]
    data = get(client, "/api/script").get_json()
    ids = [c["id"] for c in cues]
    assert line_of(data, "Good night,")["id"] not in ids  # chapter 1 has no such line: ids are chapter 2's
    assert any(line_of(data, "The rain went on all night.")["id"] == i for i in ids)
    assert all(a["end"] <= b["start"] + 1e-3 for a, b in zip(cues, cues[1:]))


def test_a_build_stopped_from_the_page_says_so_and_can_start_again(client, studio, monkeypatch):
    real_start = studio.job.start

    def start_then_stop():  # Stop pressed at once: the build stops at its first progress report
        started = real_start()
        studio.job.stop(wait=0)
        return started

    monkeypatch.setattr(studio.job, "start", start_then_stop)
    assert post(client, "/api/build", {}).status_code == 200
    deadline = time.monotonic() + 120
    while studio.job.state == "running" and time.monotonic() < deadline:
        time.sleep(0.1)
    assert get(client, "/api/build").get_json()["build"]["state"] == "stopped"
    assert post(client, "/api/build/stop", {}).status_code == 200  # nothing running: harmless
    monkeypatch.undo()
    post(client, "/api/build", {})
    while studio.job.state == "running" and time.monotonic() < deadline:
        time.sleep(0.1)
    assert studio.job.state == "done", studio.job.message


# ---------------------------------------------------------------- the server

def test_a_second_studio_picks_another_free_port(studio):
    first = Server(studio)
    second = Server(studio)
    try:
        assert first.port != second.port
        assert first.httpd.server_address[0] == second.httpd.server_address[0] == "127.0.0.1"
        assert first.token != second.token and first.token in first.url
    finally:
        first.httpd.server_close()
        second.httpd.server_close()


def test_ctrl_c_stops_the_studio_cleanly(story, tmp_path):
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent / "src")}
    proc = subprocess.Popen([sys.executable, "-m", "talecast", "studio", str(story[0]), "--voices", str(story[1]),
                             "--out", str(tmp_path / "out"), "--no-browser"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env)
    try:
        url = proc.stdout.readline()
        assert "http://127.0.0.1:" in url and "token=" in url
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode in (0, 130), err
    assert "Traceback" not in err


def test_ctrl_c_during_a_build_stops_it_and_keeps_finished_chapters(story, tmp_path):
    import json
    import urllib.request

    long = tmp_path / "long.txt"
    chapters = []
    for c in range(1, 5):
        paras = [f"On day {c * 100 + p} Mara counted {p} lamps, {c} doors and {p + c} windows in the old house."
                 for p in range(40)]
        chapters.append(f"Chapter {c}\n\n" + "\n\n".join(paras))
    long.write_text("The Long Count\n\nby Test Author\n\n" + "\n\n".join(chapters) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent / "src")}
    proc = subprocess.Popen([sys.executable, "-m", "talecast", "studio", str(long), "--voices", str(story[1]),
                             "--out", str(out), "--no-browser"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env=env)
    try:
        url = proc.stdout.readline().strip().split()[-4]
        base, token = url.split("/?token=")
        req = urllib.request.Request(f"{base}/api/build", data=b"{}", method="POST",
                                     headers={"Content-Type": "application/json", "X-Talecast-Token": token})
        assert json.load(urllib.request.urlopen(req))["build"]["state"] == "running"
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            status = json.load(urllib.request.urlopen(f"{base}/api/build?token={token}"))["build"]
            if status["state"] != "running" or status["fraction"] > 0:
                break
            time.sleep(0.1)
        assert status["state"] == "running", status  # still building: Ctrl-C now
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode in (0, 130) and "Traceback" not in err, err
    folder = out / "the-long-count"
    assert not list(folder.glob(".*.part")) and not list(folder.glob("*.part"))
    manifest = json.loads((folder / ".talecast.json").read_text())
    assert all((folder / name).is_file() for name in manifest["chapters"])  # what it records is there
    assert len(manifest["chapters"]) < 4  # it stopped before the end


def test_studio_without_voices_writes_the_config_as_cast_would(story, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("talecast.studio.run", lambda story, voices_file, out, **kw: print(f"RUN {voices_file}"))
    result = CliRunner().invoke(main, ["studio", str(story[0]), "--no-browser"])
    assert result.exit_code == 0, result.output
    assert "RUN voices/the-lamp.toml" in result.stdout
    written = tomllib.loads((tmp_path / "voices" / "the-lamp.toml").read_text())
    assert {"Mara", "Tom"} <= set(written["characters"])


def test_studio_refuses_a_missing_config_or_a_correction_matching_no_line(story, tmp_path):
    result = CliRunner().invoke(main, ["studio", str(story[0]), "--voices", str(tmp_path / "none.toml"),
                                       "--no-browser"])
    assert result.exit_code == 2 and "does not exist" in result.stderr
    story[1].write_text(CONFIG + '\n[[lines]]\ntext = "Nobody says this."\nspeaker = "Tom"\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["studio", str(story[0]), "--voices", str(story[1]), "--no-browser"])
    assert result.exit_code == 2 and "http://" not in result.stdout
    assert result.stderr.startswith(f"Error: {story[1]}:") and "is not in the story" in result.stderr


def test_without_a_display_no_browser_is_started_in_the_terminal(monkeypatch):
    import webbrowser

    from talecast.studio import open_in_browser

    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setattr(webbrowser, "get", lambda *a: pytest.fail("no browser may be looked for"))
    assert open_in_browser("http://127.0.0.1:1/?token=x") is False
    monkeypatch.setenv("DISPLAY", ":0")
    monkeypatch.setattr(webbrowser, "get", lambda *a: webbrowser.GenericBrowser("lynx"))
    assert open_in_browser("http://127.0.0.1:1/?token=x") is False  # a console browser: not in our terminal
