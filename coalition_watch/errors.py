"""Exceptions that carry a one-line, user-facing message."""

from __future__ import annotations


class CoalitionWatchError(Exception):
    """Base error: its message is one sentence a user can act on."""


class InputError(CoalitionWatchError):
    """Bad input: names the file, line and field when they are known."""

    def __init__(self, message: str, *, file: str | None = None, line: int | None = None,
                 field: str | None = None) -> None:
        self.file, self.line, self.field, self.reason = file, line, field, message
        where = ":".join(str(p) for p in (file, line) if p is not None)
        prefix = f"{where}: " if where else ""
        field_part = f"field '{field}': " if field else ""
        super().__init__(f"{prefix}{field_part}{message}")


class StoreError(CoalitionWatchError):
    """The store could not be opened or written; nothing was changed."""
