"""One exception family for what the user can fix."""


class TalecastError(Exception):
    """A problem the user can fix (bad file, bad config, unknown voice).

    The CLI prints it as one line on stderr and exits with ``exit_code``.
    """

    exit_code = 2


class InputError(TalecastError):
    """The story file cannot be read as a story."""


class ConfigError(TalecastError):
    """The voice config is invalid."""


class SynthesisError(TalecastError):
    """The speech engine failed on a segment."""

    exit_code = 1
