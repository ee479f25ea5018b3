"""The floor plan holds: imports between talecast's packages point one way (no cycles), as the
README's "How it works" says. Imports inside functions count too."""
from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "talecast"


def _imports() -> dict[str, set[str]]:
    """For each top-level part of talecast (a package or a module), the other parts it imports."""
    out: dict[str, set[str]] = {}
    for path in PACKAGE.rglob("*.py"):
        rel = path.relative_to(PACKAGE).with_suffix("").parts
        part = rel[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets = []
            if isinstance(node, ast.ImportFrom) and node.level:
                here = list(rel[:-1])  # the package the module is in (an __init__ is in its own)
                up = here[:len(here) - (node.level - 1)] if node.level > 1 else here
                base = up + (node.module.split(".") if node.module else [])
                targets = [base + [a.name] for a in node.names] if not node.module else [base]
            elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("talecast."):
                targets = [node.module.split(".")[1:]]
            elif isinstance(node, ast.Import):
                targets = [a.name.split(".")[1:] for a in node.names if a.name.startswith("talecast.")]
            for t in targets:
                if t and t[0] != part:
                    out.setdefault(part, set()).add(t[0])
    return out


def test_no_cycles_between_packages():
    graph = _imports()

    def reach(start):
        seen, todo = set(), [start]
        while todo:
            for nxt in graph.get(todo.pop(), ()):
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        return seen

    assert [p for p in graph if p in reach(p)] == []


def test_the_stages_import_only_what_comes_before_them():
    graph = _imports()
    assert {"attribute", "synth"} <= graph["voices"] and "render" in graph["build"]  # the scan sees imports
    early = {"model", "words", "errors", "read", "segment", "attribute", "stage"}
    for part in early:
        assert not graph.get(part, set()) & {"voices", "synth", "render", "build", "studio", "cli"}, part
    assert "render" not in graph.get("voices", set())
    assert {p for p, deps in graph.items() if "build" in deps} <= {"cli", "studio"}
    assert {p for p, deps in graph.items() if "cli" in deps} <= {"__main__"}
