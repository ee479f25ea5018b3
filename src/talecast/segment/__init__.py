"""The stage "segment": a ``model.Document`` in, a ``model.Script`` out (no speakers yet).

``segment(doc)`` cuts each chapter's paragraphs into narration, dialogue, notes
and scene breaks (``paragraphs``); ``quotes`` decides which quotation marks
open and close speech. ``coverage_problems`` checks that a Script still holds
every word of its story. ``jsonl`` writes a Script as JSON Lines and reads it back.
"""
from __future__ import annotations

from ..stage import callable_stage

from .jsonl import from_jsonl, to_jsonl
from .paragraphs import coverage_problems, paragraph_segments, segment
from .quotes import DOUBLE, SINGLE, Quote, dash_quotes, find_quotes, quote_style

__all__ = ["segment", "coverage_problems", "paragraph_segments", "quote_style", "find_quotes", "dash_quotes",
           "Quote", "DOUBLE", "SINGLE", "to_jsonl", "from_jsonl"]


callable_stage(__name__, "segment")  # talecast.segment(...) is segment(...)
