"""Checks of the Python API's arguments, shared by every package's ``api`` module: each returns
the value in the form the code needs or refuses it with an :class:`InputError` naming the
parameter (``field``), so that a notebook user gets the same one-line error the command line
prints, never a wrong answer or a database error.

Conventions (README, "Python API"): a list parameter takes a list or tuple of strings, and a bare
string as a one-item list (``"Taliban"`` is ``["Taliban"]``, never its letters); a limit is a
whole number of 0 or more; a file is checked to exist before it is read."""

from __future__ import annotations

import numbers
import os
from collections.abc import Collection, Iterable
from pathlib import Path

from .errors import InputError


def string_list(value: object, field: str, *, required: bool = False) -> list[str]:
    """``value`` as a list of strings: a list, tuple, set or other iterable of strings, or a bare
    string as a one-item list. None is an empty list (an :class:`InputError` when ``required``);
    an item that is not a string, or another kind of value, is an :class:`InputError`."""
    if value is None:
        if required:
            raise InputError("{field} must be a list of names (or one name as a string), got None", field=field)
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, (bytes, dict)) or not isinstance(value, Iterable):
        raise InputError(f"{{field}} must be a list of strings (or one string), got {type(value).__name__}",
                         field=field)
    items = list(value)
    for item in items:
        if not isinstance(item, str):
            raise InputError(f"{{field}} must hold strings only, got {item!r}", field=field)
    return items


def is_whole(value: object) -> bool:
    """Whether ``value`` is a whole number: an int or a numpy integer, not a bool (nor a float or
    a text)."""
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def limit(value: object, field: str = "limit") -> int:
    """``value`` as an int: a whole number (:func:`is_whole`) of 0 or more."""
    if not is_whole(value) or value < 0:
        raise InputError(f"{{field}} must be a whole number of 0 or more, got {value!r}", field=field)
    return int(value)


def choice(value: object, choices: Collection[str], field: str, *, wording: str | None = None) -> str:
    """``value`` when it is one of ``choices``; else an :class:`InputError` whose reason is
    ``wording`` (default: the choices listed)."""
    if not isinstance(value, str) or value not in choices:
        raise InputError(wording or f"{{field}} must be one of {', '.join(choices)}, got {value!r}", field=field)
    return value


def existing_file(path: object, field: str) -> Path:
    """``path`` as a :class:`~pathlib.Path` when a file is there; else an :class:`InputError`
    ``file not found: PATH``."""
    if not isinstance(path, (str, os.PathLike)):
        raise InputError(f"{{field}} must be a file path, got {path!r}", field=field)
    file = Path(path)
    if not file.is_file():
        raise InputError(f"file not found: {file}", field=field)
    return file
