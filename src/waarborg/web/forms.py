"""Turn submitted HTML forms into the plain data the services take, and back (to refill a form)."""

from __future__ import annotations

from typing import Any

from starlette.datastructures import FormData

from waarborg.domain.entries import catalogue


def entry_data_from_form(form: FormData) -> tuple[dict[str, Any], dict[str, str]]:
    """Entry fields and per-field visibility from the entry form."""
    data: dict[str, Any] = {}
    for f in catalogue().fields:
        if f.type == "multi_choice":
            values = [str(v) for v in form.getlist(f.key) if str(v)]
            if values:
                data[f.key] = values
        elif f.type == "links":
            raw = str(form.get(f.key, "")).strip()
            if raw:
                items = []
                for line in raw.splitlines():
                    if not line.strip():
                        continue
                    title, sep, link = line.partition("|")
                    if not sep and title.strip().startswith(("http://", "https://")):
                        title, link = "", title
                    items.append({"title": title.strip(), "link": link.strip()})
                data[f.key] = items
        else:
            raw = str(form.get(f.key, "")).replace("\r\n", "\n")
            if raw.strip():
                data[f.key] = raw
    visibility = {}
    for f in catalogue().fields:
        level = form.get(f"vis__{f.key}")
        if level and level != f.visibility:
            visibility[f.key] = str(level)
    return data, visibility


def entry_form_values(data: dict[str, Any]) -> dict[str, Any]:
    """Values to pre-fill the entry form (links as 'title | link' lines, lists as comma text)."""
    out: dict[str, Any] = {}
    for f in catalogue().fields:
        value = data.get(f.key)
        if value is None:
            continue
        if f.type == "links":
            out[f.key] = "\n".join(f"{i.get('title', '')} | {i.get('link', '')}" for i in value)
        elif f.type == "string_list":
            out[f.key] = ", ".join(value) if isinstance(value, list) else str(value)
        else:
            out[f.key] = value
    return out
