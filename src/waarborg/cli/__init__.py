"""The ``waarborg`` command. Each command group lives in its own module with a ``register(app)``."""

from __future__ import annotations

import importlib

import typer

app = typer.Typer(
    name="waarborg",
    help="Waarborg: register, classify and oversee AI systems (EU AI Act, CETS 225).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

_MODULES = ("core", "classify", "audit", "jobs", "exchange", "reclassify")

for _name in _MODULES:
    importlib.import_module(f"waarborg.cli.{_name}").register(app)


def main() -> None:
    app()
