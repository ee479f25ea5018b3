"""The ffmpeg binary from imageio-ffmpeg, handed to pydub."""
from __future__ import annotations

import shutil
import warnings
from functools import lru_cache


@lru_cache(maxsize=1)
def ffmpeg_exe() -> str:
    try:
        import imageio_ffmpeg

        return imageio_ffmpeg.get_ffmpeg_exe()
    except Exception:  # pragma: no cover - fall back to a system ffmpeg
        exe = shutil.which("ffmpeg")
        if exe:
            return exe
        raise


def configure_pydub():
    """pydub's AudioSegment, set to use our ffmpeg."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # pydub warns when no ffmpeg is on PATH
        from pydub import AudioSegment
    exe = ffmpeg_exe()
    AudioSegment.converter = exe
    AudioSegment.ffmpeg = exe
    return AudioSegment
