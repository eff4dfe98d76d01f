"""Application state shared by all requests: settings, database, templates."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from fastapi.templating import Jinja2Templates

from waarborg.settings import Settings
from waarborg.storage.db import Database

TEMPLATES_DIR = Path(__file__).parent / "templates"
STATIC_DIR = Path(__file__).parent / "static"


@dataclass
class AppState:
    settings: Settings
    db: Database
    templates: Jinja2Templates
