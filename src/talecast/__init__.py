"""talecast: an offline, multi-voice audiobook generator."""

__version__ = "0.1.0"
