"""The stage "build": a Script (or a story file) and a VoiceConfig in, chapter MP3s and a playlist out,
through worker processes and the cache.

The build is planned first, without audio: every segment gets its voice, the
text the engine will speak and a cache key; every chapter gets a digest of all
that decides its file. A chapter whose digest matches the manifest of the last
build (``.talecast.json`` in the output folder) and whose MP3 exists is skipped.
What is left runs at once: worker processes (one pyttsx3 engine each) synthesize
the missing segments into the cache, in reading order, while threads render the
chapters whose clips are ready (``render.render_chapter`` runs ffmpeg, so
encoding one chapter overlaps the synthesis of the next; a long chapter is
encoded as fragments by several ffmpeg processes at once). Encoded fragments are
kept beside the segment cache (``fragments/``), so after a voice change only the
fragments holding that voice's lines are encoded again.

``build_story(story, voices_file, out)`` is the whole of ``talecast build``
(``story``); ``build(script, characters, config, out)`` builds a Script already
made. ``planning`` decides files and keys, ``scheduler`` runs the plan,
``pool`` holds the worker processes, ``script_cache`` keeps parsed scripts,
``records`` the manifest and the digests that tell an unchanged build,
``naming`` and ``chapters`` the file names and ``--chapters``; ``options`` is
``BuildOptions``, every option of a build in one frozen dataclass.
"""
from __future__ import annotations

import importlib

from ..stage import callable_stage

# Names load on first use (PEP 562), so ``talecast build`` can read ``build.records`` and answer
# "nothing changed" without importing the pipeline, the voices and the renderer.
_WHERE = {"build_story": "story", "build": "scheduler", "Progress": "scheduler", "ProgressEvent": "scheduler",
          "plan": "planning", "spoken": "planning", "Plan": "planning", "ChapterPlan": "planning",
          "BuildResult": "records", "read_manifest": "records", "MANIFEST": "records",
          "parse_chapters": "chapters", "slugify": "naming", "file_title": "naming", "BuildOptions": "options"}

__all__ = [*_WHERE]


def __getattr__(name: str):
    if name in _WHERE:
        return getattr(importlib.import_module(f".{_WHERE[name]}", __name__), name)
    if name == "pipeline":
        return importlib.import_module("..pipeline", __name__)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


callable_stage(__name__, "build")  # talecast.build(...) is build(...)
