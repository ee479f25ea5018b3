"""The stage "render": speech clips in, tagged audio files out (MP3s, captions, a playlist, a book).

Clips stream with pauses into ffmpeg, which levels, tags and encodes them.

A chapter is rendered in one linear pass over its clips (``clip(i)`` is called
once per segment, in order): each clip is trimmed, level-matched and has its
sentence pauses lengthened, then written with the pauses around it to a
temporary PCM file on disk while the chapter's RMS is accumulated. ffmpeg then
reads that file once, applies the chapter gain and a peak limiter, and encodes.
A chapter is written as several such files (fragments cut in pauses wherever
the voice changes), encoded in batches by ffmpeg processes as they complete
and joined frame for frame (see ``chapter.render_chapter``). Memory use is one clip at a time,
whatever the chapter's length.

Every output (MP3, captions, playlist, single-file edition) is written under a
temporary name and renamed when complete.

``pacing`` holds the pauses and the audio format, ``clips`` one clip,
``chapter`` a chapter file, ``book`` the playlist and single-file edition;
``loudness``, ``tags``, ``captions`` and ``ffmpeg`` are what these use.
"""
from __future__ import annotations

from ..model import Pacing
from .book import SINGLE_FORMATS, SingleAudio, render_single, write_playlist
from .chapter import LAME, ChapterAudio, render_chapter
from .clips import detect_silence, lengthen_sentence_pauses, prepare_clip, trim
from .pacing import AudioFormat, frames, pause_after, sentence_breaks, silence
from .tags import Tags

__all__ = ["Pacing", "AudioFormat", "Tags", "ChapterAudio", "SingleAudio", "render_chapter",
           "write_playlist", "render_single", "SINGLE_FORMATS", "LAME", "detect_silence", "trim",
           "lengthen_sentence_pauses", "prepare_clip", "frames", "pause_after", "sentence_breaks", "silence"]
