"""Where shared evaluation data lives: ``$CWATCH_SHARED`` or ``../shared`` beside the project."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def shared_dir() -> Path:
    """The folder holding the public evaluation data (``data/``, ``corpus/``)."""
    env = os.environ.get("CWATCH_SHARED")
    if env:
        return Path(env)
    for candidate in (Path.cwd() / ".." / "shared", PROJECT_ROOT.parent / "shared"):
        if candidate.is_dir():
            return candidate.resolve()
    return (PROJECT_ROOT.parent / "shared").resolve()
