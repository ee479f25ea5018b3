"""The README stays true: every command and every build option is documented, and Quick start has two commands."""
import re
from pathlib import Path

from talecast.cli import main

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def test_every_command_is_in_the_readme():
    for name in main.commands:
        assert f"talecast {name}" in README, name


def test_every_build_option_is_in_the_readme():
    for param in main.commands["build"].params:
        for opt in param.opts:
            if opt.startswith("--"):
                assert opt in README, opt


def test_quick_start_is_exactly_two_make_commands():
    section = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```\n(.*?)```", section, re.S).group(1)
    commands = [line.split("#")[0].strip() for line in block.splitlines() if line.strip()]
    assert commands == ["make demo", "make test"]


def test_readme_package_table_matches_the_folders():
    section = README.split("## How it works", 1)[1].split("\n## ", 1)[0]
    listed = set(re.findall(r"^\| `(\w+)/` \|", section, re.M))
    package = Path(__file__).resolve().parent.parent / "src" / "talecast"
    folders = {p.parent.name for p in package.glob("*/__init__.py")}
    assert listed == folders


def test_readme_stays_under_15_kb():
    assert len(README.encode("utf-8")) < 15 * 1024
