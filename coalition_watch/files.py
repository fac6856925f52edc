"""Output files: check that a file can be written before the slow work that fills it, and write it
with one-line errors. Used by every layer that writes files (network exports, briefings, exports)."""

from __future__ import annotations

from pathlib import Path

from .errors import InputError


def check_writable(path: str | Path, field: str | None = "path") -> Path:
    """``path`` as a :class:`Path` once a file can be created or replaced there, else a one-line
    :class:`InputError`: a missing folder, a folder given as the file, or a place that takes no
    new files (``/proc``, a read-only folder). Call it before the slow work that fills the file."""
    out = Path(path)
    if out.is_dir():
        raise InputError(f"cannot write {out}: it is a folder, give a file name", field=field)
    if not out.parent.exists():
        raise InputError(f"cannot write {out}: folder {out.parent} does not exist", field=field)
    if not out.parent.is_dir():
        raise InputError(f"cannot write {out}: {out.parent} is not a folder", field=field)
    existed = out.exists()
    try:
        with open(out, "ab"):  # appending nothing leaves an existing file as it is
            pass
        if not existed:
            out.unlink()
    except OSError as exc:
        raise InputError(f"cannot write {out}: no file can be created there ({exc.strerror or exc})",
                         field=field) from None
    return out


def write_file(path: str | Path, data: bytes | str, field: str | None = "path") -> Path:
    """Write ``data`` (text as UTF-8) to ``path``; an OS failure is a one-line :class:`InputError`.

    It does not check ``path`` first (callers check with :func:`check_writable` before the slow
    work, once); when the write fails, the reason is the one :func:`check_writable` gives (a
    missing folder, a folder given as the file, a place that takes no new files), so a caller
    that did not check first gets the same error, only later."""
    out = Path(path)
    try:
        if isinstance(data, str):
            out.write_text(data, encoding="utf-8")
        else:
            out.write_bytes(data)
    except OSError as exc:
        failure = exc
    else:
        return out
    check_writable(out, field)   # raises the clearer reason when there is one
    raise InputError(f"cannot write {out}: {failure.strerror or failure}", field=field)
