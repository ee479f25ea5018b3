"""`make bench`: talecast's benchmarks (see bench_build.py; pass --no-novel for a quick run)."""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_build import main  # noqa: E402

if __name__ == "__main__":
    main(sys.argv[1:])
