"""Tags with mutagen: ID3v2.3 for MP3 (with CHAP/CTOC chapters), MP4 atoms for M4B."""
from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from .. import __version__
from ..errors import InputError
from .ffmpeg import ffmpeg_exe

COMMENT = f"Narrated by talecast {__version__} (offline text to speech)"
GENRE = "Audiobook"


@dataclass(frozen=True)
class Tags:
    """What every player shows: a file's title, the book, its author, its place in the book."""

    title: str
    album: str
    artist: str | None
    track: int
    total: int
    year: int | None = None
    cover: bytes | None = None  # JPEG or PNG


@dataclass(frozen=True)
class ChapterMark:
    """A chapter in a single-file edition: its title and its span in seconds."""

    title: str
    start: float
    end: float


def image_mime(data: bytes) -> str:
    """``image/jpeg`` or ``image/png`` from the image's first bytes; InputError otherwise."""
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    raise InputError("the cover must be a JPEG or PNG image")


MAX_COVER = 16 * 1024 * 1024  # bytes: a cover is copied into every chapter


def read_cover(path: Path) -> bytes:
    """The bytes of a cover image file, checked to be a JPEG or PNG image (decoded whole by
    ffmpeg, so a damaged one is refused) of at most ``MAX_COVER`` bytes."""
    try:
        with open(path, "rb") as f:
            data = f.read(MAX_COVER + 1)
    except OSError as exc:
        raise InputError(f"{path}: cannot read the cover image ({exc.strerror})") from None
    if len(data) > MAX_COVER:
        raise InputError(f"{path}: the cover image is larger than {MAX_COVER // (1024 * 1024)} MiB "
                         "(it is copied into every chapter)")
    try:
        image_mime(data)
    except InputError:
        raise InputError(f"{path}: the cover must be a JPEG or PNG image") from None
    import subprocess

    from .ffmpeg import ffmpeg_exe

    proc = subprocess.run([ffmpeg_exe(), "-v", "error", "-nostdin", "-i", "pipe:0", "-f", "null", "-"],
                          input=data, capture_output=True)
    if proc.returncode or proc.stderr.strip():
        raise InputError(f"{path}: the cover image is damaged (it does not decode as an image)")
    return data


def tag_mp3(path: Path, tags: Tags, chapters: list[ChapterMark] = ()) -> None:
    """Write ``tags`` (and ID3 CHAP/CTOC frames for ``chapters``) to an MP3, as ID3v2.3."""
    from mutagen.id3 import (APIC, COMM, CTOC, CHAP, ID3, TALB, TCON, TDRC, TIT2, TPE1, TPE2, TRCK,
                             CTOCFlags, ID3NoHeaderError)

    try:
        id3 = ID3(str(path))
    except ID3NoHeaderError:
        id3 = ID3()
    id3.add(TIT2(encoding=1, text=tags.title))
    id3.add(TALB(encoding=1, text=tags.album))
    if tags.artist:
        id3.add(TPE1(encoding=1, text=tags.artist))
        id3.add(TPE2(encoding=1, text=tags.artist))
    id3.add(TRCK(encoding=1, text=f"{tags.track}/{tags.total}"))
    id3.add(TCON(encoding=1, text=GENRE))
    if tags.year:
        id3.add(TDRC(encoding=1, text=str(tags.year)))  # saved as TYER in v2.3
    id3.add(COMM(encoding=1, lang="eng", desc="", text=COMMENT))
    if tags.cover:
        id3.add(APIC(encoding=1, mime=image_mime(tags.cover), type=3, desc="Cover", data=tags.cover))
    if chapters:
        ids = [f"chp{i}" for i in range(len(chapters))]
        id3.add(CTOC(element_id="toc", flags=CTOCFlags.TOP_LEVEL | CTOCFlags.ORDERED,
                     child_element_ids=ids, sub_frames=[TIT2(encoding=1, text=tags.album)]))
        for cid, mark in zip(ids, chapters):
            id3.add(CHAP(element_id=cid, start_time=round(mark.start * 1000),
                         end_time=round(mark.end * 1000), start_offset=0xFFFFFFFF, end_offset=0xFFFFFFFF,
                         sub_frames=[TIT2(encoding=1, text=mark.title)]))
    id3.save(str(path), v2_version=3)  # v2.3: the version every player reads


def tag_mp4(path: Path, tags: Tags) -> None:
    """Write ``tags`` to an MP4/M4B as iTunes atoms (chapters are written by ffmpeg)."""
    from mutagen.mp4 import MP4, MP4Cover

    mp4 = MP4(str(path))
    mp4["\xa9nam"] = [tags.title]
    mp4["\xa9alb"] = [tags.album]
    if tags.artist:
        mp4["\xa9ART"] = [tags.artist]
        mp4["aART"] = [tags.artist]
    mp4["trkn"] = [(tags.track, tags.total)]
    mp4["\xa9gen"] = [GENRE]
    mp4["stik"] = [2]  # media kind: audiobook
    if tags.year:
        mp4["\xa9day"] = [str(tags.year)]
    mp4["\xa9cmt"] = [COMMENT]
    if tags.cover:
        kind = MP4Cover.FORMAT_PNG if image_mime(tags.cover) == "image/png" else MP4Cover.FORMAT_JPEG
        mp4["covr"] = [MP4Cover(tags.cover, imageformat=kind)]
    mp4.save()


def ffmetadata(chapters: list[ChapterMark], tags: Tags) -> str:
    """An FFMETADATA1 document with the book's title and its chapters (millisecond time base)."""

    def esc(text: str) -> str:
        return re.sub(r"([=;#\\\n])", r"\\\1", text)

    lines = [";FFMETADATA1", f"title={esc(tags.title)}", f"album={esc(tags.album)}"]
    if tags.artist:
        lines.append(f"artist={esc(tags.artist)}")
    for mark in chapters:
        lines += ["[CHAPTER]", "TIMEBASE=1/1000", f"START={round(mark.start * 1000)}",
                  f"END={round(mark.end * 1000)}", f"title={esc(mark.title)}"]
    return "\n".join(lines) + "\n"


def read_chapters(path: Path) -> list[ChapterMark]:
    """The chapter list of any media file, as ffmpeg reads it (``ffmpeg -i`` output)."""
    proc = subprocess.run([ffmpeg_exe(), "-hide_banner", "-i", str(path)],
                          capture_output=True, text=True, errors="replace")
    marks = []
    pattern = re.compile(r"Chapter #\d+[:.]\d+: start (-?[\d.]+), end (-?[\d.]+)\n"
                         r"(?:\s+Metadata:\n\s+title\s*: ([^\n]*))?")
    for start, end, title in pattern.findall(proc.stderr):
        marks.append(ChapterMark(title.strip(), float(start), float(end)))
    return marks
