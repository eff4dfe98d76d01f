"""One filter definition for the public register, used by the HTML list and the JSON API alike."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any

from waarborg.domain.entries import catalogue
from waarborg.domain.errors import InvalidInput

MAX_PAGE_SIZE = 100


@dataclass(frozen=True)
class RegisterFilter:
    q: str = ""
    organisation: str = ""  # organisation slug
    status: str = ""  # in_development | in_use | out_of_use
    risk_class: str = ""
    theme: str = ""
    publication_category: str = ""
    page: int = 1
    page_size: int = 25

    # field name -> choice set it is checked against (None: free text)
    CHOICES = {
        "status": "status",
        "risk_class": "risk_class",
        "theme": "theme",
        "publication_category": "publication_category",
    }

    @classmethod
    def parse(cls, params: Mapping[str, Any], default_page_size: int = 25) -> RegisterFilter:
        cat = catalogue()
        errors: list[str] = []
        values: dict[str, Any] = {}
        for f in fields(cls):
            raw = params.get(f.name)
            if raw is None or raw == "":
                continue
            raw = str(raw).strip()
            if f.name in ("page", "page_size"):
                if not raw.isdigit() or int(raw) < 1:
                    errors.append(f"{f.name}: {raw!r} is not a positive whole number")
                    continue
                values[f.name] = int(raw)
            elif f.name == "q":
                if len(raw) > 200:
                    errors.append(f"q: {len(raw)} characters, at most 200 allowed")
                values["q"] = raw
            else:
                choice_set = cls.CHOICES.get(f.name)
                if choice_set and raw not in cat.choices[choice_set]:
                    errors.append(f"{f.name}: {raw!r} is not one of {', '.join(cat.choices[choice_set])}")
                values[f.name] = raw
        values.setdefault("page_size", default_page_size)
        if values["page_size"] > MAX_PAGE_SIZE:
            errors.append(f"page_size: {values['page_size']} is more than {MAX_PAGE_SIZE}")
        if errors:
            raise InvalidInput(errors[0], errors)
        return cls(**values)

    def query_params(self, **changes: Any) -> dict[str, str]:
        """The non-default parameters, for links (pagination, filter chips)."""
        out = {}
        for f in fields(self):
            value = changes.get(f.name, getattr(self, f.name))
            if value not in ("", None) and not (f.name == "page" and value == 1) and f.name != "page_size":
                out[f.name] = str(value)
        return out

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.page_size
