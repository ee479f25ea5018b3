"""The CLI: help for every command, and one clear line for every bad input."""
from pathlib import Path

import pytest
from click.testing import CliRunner

from talecast.cli import main


@pytest.fixture
def run(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()

    def invoke(*args):
        return runner.invoke(main, [str(a) for a in args])

    return invoke


def test_every_command_has_help(run):
    top = run("--help")
    assert top.exit_code == 0
    for name, cmd in main.commands.items():
        assert name in top.output
        res = run(name, "--help")
        assert res.exit_code == 0, name
        assert cmd.help, f"{name} has no help text"
        for param in cmd.params:
            if param.param_type_name == "option" and not param.hidden:
                assert param.help, f"{name} {param.opts} has no help"


def _bad_input(tmp_path: Path, case: str) -> Path:
    story = tmp_path / "in" / {"missing": "nope.txt", "directory": "folder", "empty": "empty.txt",
                               "blank": "blank.txt", "binary": "image.png"}[case]
    story.parent.mkdir(parents=True)
    if case == "directory":
        story.mkdir()
    elif case == "empty":
        story.write_bytes(b"")
    elif case == "blank":
        story.write_bytes(b"  \n\n \n")
    elif case == "binary":
        story.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8)
    return story


BAD_INPUTS = {"missing": "no such file", "directory": "is a directory", "empty": "empty",
              "blank": "empty", "binary": "not a text file"}


@pytest.mark.parametrize("command", ["build", "script"])
@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_is_one_clear_line(run, tmp_path, command, case):
    story = _bad_input(tmp_path, case)
    res = run(command, story, *(["--out", tmp_path / "out"] if command == "build" else []))
    assert res.exit_code == 2, res.output
    lines = [line for line in res.output.splitlines() if line.strip()]
    assert len(lines) == 1, res.output
    assert lines[0].startswith("Error: ") and str(story) in lines[0] and BAD_INPUTS[case] in lines[0]
    assert "Traceback" not in res.output
    assert not (tmp_path / "out").exists()


def test_script_jsonl_follows_the_contract(run, tmp_path):
    story = tmp_path / "s.txt"
    story.write_text('A Tale\n\nby Someone\n\nChapter 1\n\nAnn walked in. Ann looked around.\n\n'
                     '"Hello," said Ann. She smiled.\n', encoding="utf-8")
    res = run("script", story, "--format", "jsonl")
    assert res.exit_code == 0, res.output
    import json

    segs = [json.loads(line) for line in res.output.splitlines()]
    source = story.read_text(encoding="utf-8")
    assert [s["kind"] for s in segs] == ["title", "heading", "narration", "dialogue", "narration"]
    for s in segs:
        assert set(s) >= {"chapter", "kind", "speaker", "text", "start", "end"}
        if s["kind"] != "title":
            assert s["text"] in source[s["start"]:s["end"]] or source[s["start"]:s["end"]] in s["text"]
    assert segs[3]["text"] == "Hello," and segs[3]["speaker"] == "Ann"
