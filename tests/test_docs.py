"""Every `cwatch ...` command shown in the README exists, with the options it shows; the command
reference (docs/cli.md) lists every command and option the code has."""

import re
import shlex
from pathlib import Path

import typer.main

from coalition_watch.cli import app

README = Path(__file__).resolve().parent.parent / "README.md"
CLI_REFERENCE = README.parent / "docs" / "cli.md"


def documented_commands():
    text = README.read_text(encoding="utf-8")
    for block in re.findall(r"```(?:\w+)?\n(.*?)```", text, flags=re.S):
        for line in block.splitlines():
            line = line.split("  #")[0].strip()
            if line.startswith("cwatch "):
                yield line


def resolve_command(argv):
    command = typer.main.get_command(app)
    ctx_args = list(argv)
    while hasattr(command, "commands") and ctx_args and ctx_args[0] in command.commands:
        command = command.commands[ctx_args.pop(0)]
    return command, ctx_args


def test_readme_shows_commands():
    assert len(list(documented_commands())) >= 8


def test_every_documented_command_and_option_exists():
    for line in documented_commands():
        argv = shlex.split(line)[1:]
        command, rest = resolve_command(argv)
        assert not hasattr(command, "commands"), f"README line names no command: {line}"
        known = {opt for param in command.params for opt in getattr(param, "opts", [])}
        for token in rest:
            if token.startswith("--"):
                assert token.split("=")[0] in known, f"{line}: unknown option {token}"


def test_the_command_reference_matches_the_code():
    from coalition_watch.cli.reference import render_reference

    assert CLI_REFERENCE.read_text(encoding="utf-8") == render_reference(), \
        "docs/cli.md is out of date: run make reference"


def test_the_command_reference_documents_every_option_with_a_meaning():
    from coalition_watch.cli.reference import render_reference

    text = render_reference()
    command = typer.main.get_command(app)
    for name in ("review list", "actors unresolved", "risk", "extract", "export"):
        assert f"## cwatch {name}\n" in text
    for line in text.splitlines():
        if line.startswith("| `"):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            assert cells[1], f"an option or argument without help: {line}"
    risk = command.commands["risk"]
    section = text.split("## cwatch risk\n")[1].split("\n## ")[0]
    for param in risk.params:
        for opt in getattr(param, "opts", []):
            if opt.startswith("--"):
                assert f"`{opt}`" in section
