"""Exceptions that carry a one-line, user-facing message."""

from __future__ import annotations

from collections.abc import Mapping


class CoalitionWatchError(Exception):
    """Base error: its message is one sentence a user can act on."""


class InputError(CoalitionWatchError):
    """Bad input: names the file, line and field when they are known.

    ``field`` is the input at fault: in a file (``file``, ``line``), a field of that file; else
    the parameter of the Python function that refused it (``as_of``, ``country``). ``reason`` says
    what is wrong. The message may name the input again as ``{field}`` (``"{field} must be a
    date"``), so that :meth:`named`, which words the error for an interface that calls the input
    otherwise (the command line's options, the web app's parameters), names it there too."""

    def __init__(self, message: str, *, file: str | None = None, line: int | None = None,
                 field: str | None = None) -> None:
        self.file, self.line, self.field, self.template = file, line, field, message
        self.reason = message.replace("{field}", field or "")
        where = ":".join(str(p) for p in (file, line) if p is not None)
        prefix = f"{where}: " if where else ""
        field_part = f"field '{field}': " if field else ""
        super().__init__(f"{prefix}{field_part}{self.reason}")

    def named(self, names: Mapping[str, str], hints: Mapping[str, str] | None = None) -> InputError:
        """This error with its parameter called ``names[field]`` (and ``hints[field]``, if any,
        after the reason); itself when ``names`` holds no name for it or the field is one of a file."""
        if self.file is not None or self.line is not None or self.field not in names:
            return self
        hint = (hints or {}).get(self.field)
        return InputError(self.template + (f" {hint}" if hint else ""), field=names[self.field])


class StoreError(CoalitionWatchError):
    """The store could not be opened or written; nothing was changed."""
