"""The CLI reference (docs/cli.md) generated from the commands themselves, so docs cannot drift."""

from __future__ import annotations

from typing import Any

import typer.main


def _param_line(p: Any) -> str:
    # Typer vendors its own click; tell arguments from options by their attributes.
    if getattr(p, "param_type_name", "") == "argument":
        return f"- `{p.name.upper()}` (argument{'' if p.required else ', optional'})"
    names = " / ".join(f"`{o}`" for o in [*p.opts, *p.secondary_opts])
    text = f"- {names}"
    if p.help:
        text += f": {p.help}"
    if p.required:
        text += " (required)"
    elif p.default not in (None, False, "", ()) and not callable(p.default):
        text += f" (default: `{p.default}`)"
    return text


def _walk(cmd: Any, path: list[str], out: list[str]) -> None:
    if hasattr(cmd, "commands"):
        for name in sorted(cmd.commands):
            sub = cmd.commands[name]
            if not sub.hidden:
                _walk(sub, [*path, name], out)
        return
    out.append(f"## `{' '.join(path)}`\n")
    if cmd.help:
        out.append(cmd.help.strip() + "\n")
    params = [p for p in cmd.params if p.name != "help"]
    if params:
        out.append("\n".join(_param_line(p) for p in params) + "\n")


def markdown(app: typer.Typer) -> str:
    root = typer.main.get_command(app)
    out = [
        "# Command-line reference\n",
        "Generated from the commands (`scripts/gen-cli-docs`); do not edit by hand.\n",
    ]
    _walk(root, ["waarborg"], out)
    return "\n".join(out)
