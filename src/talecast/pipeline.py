"""Story file to Script: read, segment, attribute. No audio here."""
from __future__ import annotations

from pathlib import Path

from . import attribute, read, segment
from .read.markdown import apply_styles
from .attribute import Character
from .model import Script


def characters_from_config(config) -> list[Character]:
    """The characters a voice config (or cast file) names: names, aliases, genders, narrator."""
    return [Character(c.name, c.aliases, c.gender, narrator=c.narrator) for c in config.characters.values()]


def script(path: str | Path, characters: list[Character] | None = None,
           skip_notes: bool = False, **attribution) -> tuple[Script, list[Character]]:
    """The attributed Script of a story file, and its characters ranked by lines.

    ``attribution`` goes to ``attribute.attribute`` (``threshold``, ``evidence``)."""
    doc = read.read(path)
    sc, found = attribute.attribute(segment.segment(doc, skip_notes=skip_notes), characters, **attribution)
    return apply_styles(sc, doc.styles), found
