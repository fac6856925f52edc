"""The command reference (``docs/cli.md``), written from the command line's own definitions so
that it lists every command and option with the help and default the code has.

Regenerate it with ``python -m coalition_watch.cli.reference > docs/cli.md`` (``make reference``);
a test fails when the file and the code differ.
"""

from __future__ import annotations

import typer.main

HEADER = """# Command reference

Every `cwatch` command with its arguments and options, as `cwatch COMMAND --help` shows them.
This file is generated from the code (`make reference`); a test checks that it matches. The
guides (`README.md`, `docs/*.md`) show the commands at work.
"""


def _commands(command, path: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], object]]:
    """Every leaf command under ``command`` (a group has ``commands``), with its path of names,
    in alphabetical order."""
    if hasattr(command, "commands"):
        out = []
        for name in sorted(command.commands):
            out.extend(_commands(command.commands[name], (*path, name)))
        return out
    return [(path, command)]


def _cell(text: str) -> str:
    """``text`` on one line, safe inside a Markdown table cell."""
    return " ".join(str(text).split()).replace("|", "\\|")


def _default(param) -> str:
    if param.required:
        return "required"
    if getattr(param, "is_flag", False):
        return "off" if not param.default else "on"
    default = param.default
    if default is None or default == () or callable(default):
        return ""
    return f"`{default}`" if not isinstance(default, (list, tuple)) else ", ".join(f"`{d}`" for d in default)


def _argument_name(param) -> str:
    name = (param.metavar or param.name).upper().rstrip(".")
    return name + ("…" if param.nargs == -1 else "")


def _usage(path: tuple[str, ...], command) -> str:
    """"cwatch risk [OPTIONS]", "cwatch actors resolve [OPTIONS] NAME…": optional arguments in brackets."""
    pieces = ["cwatch", *path, "[OPTIONS]"]
    for param in command.params:
        if param.param_type_name == "argument":
            pieces.append(_argument_name(param) if param.required else f"[{_argument_name(param)}]")
    return " ".join(pieces)


def _params(command) -> list[str]:
    rows = []
    for param in command.params:
        if getattr(param, "hidden", False):
            continue
        if param.param_type_name == "argument":
            name = f"`{_argument_name(param)}`"
            help_text = getattr(param, "help", None) or ""
        else:
            name = ", ".join(f"`{opt}`" for opt in (*param.opts, *param.secondary_opts))
            help_text = param.help or ""
        rows.append(f"| {name} | {_cell(help_text)} | {_default(param)} |")
    return rows


def render_reference() -> str:
    """The Markdown text of ``docs/cli.md`` for the installed command line."""
    from . import app

    root = typer.main.get_command(app)
    parts = [HEADER]
    for path, command in _commands(root):
        parts.append(f"## cwatch {' '.join(path)}\n")
        parts.append(f"`{_usage(path, command)}`\n")
        help_text = (command.help or "").strip()
        if help_text:
            parts.append(help_text.split("\n\n")[0].strip() + "\n")
        rows = _params(command)
        if rows:
            parts.append("| argument or option | meaning | default |\n|---|---|---|\n" + "\n".join(rows) + "\n")
    return "\n".join(parts)


if __name__ == "__main__":
    print(render_reference(), end="")
