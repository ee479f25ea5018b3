"""talecast: an offline, multi-voice audiobook generator.

As a library, one call a stage, each taking what the one before gives::

    import talecast

    doc = talecast.read("story.txt")                    # a model.Document
    script = talecast.segment(doc)                      # a model.Script, no speakers yet
    script, characters = talecast.attribute(script)     # every quote's speaker decided
    config = talecast.load_voices("voices/mine.toml")   # None: the built-in voices
    result = talecast.build(script, characters, config, "output")  # output/<story>/*.mp3

Each stage is a package (``talecast.read``, ``talecast.segment``, ...) whose
``__init__`` says what it takes and gives; calling the package calls its entry
function (see ``stage``). ``talecast.pipeline.script(path)`` does read, segment
and attribute in one call, with Markdown emphasis applied.

Names load on first use (PEP 562), so ``python -m talecast`` starts without them.
"""
from __future__ import annotations

import importlib

__version__ = "0.1.0"

_STAGES = ("read", "segment", "attribute", "build")
__all__ = [*_STAGES, "load_voices", "__version__"]


def __getattr__(name: str):
    if name in _STAGES:
        return importlib.import_module(f".{name}", __name__)
    if name == "load_voices":
        return importlib.import_module(".voices", __name__).load
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
