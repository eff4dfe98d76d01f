"""Import every ``models*.py`` module so that ``Base.metadata`` knows all tables."""

from __future__ import annotations

import importlib
import pkgutil

from sqlalchemy import MetaData

import waarborg.storage as _pkg
from waarborg.storage.base import Base


def load_all_models() -> MetaData:
    for mod in pkgutil.iter_modules(_pkg.__path__):
        if mod.name.startswith("models"):
            importlib.import_module(f"waarborg.storage.{mod.name}")
    return Base.metadata
