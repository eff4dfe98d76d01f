"""Jinja2 helpers shared by all templates."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from urllib.parse import urlencode

from jinja2 import Environment
from markupsafe import Markup, escape

from waarborg.domain.entries import catalogue


def choice_label(choice_set: str, value: str, lang: str) -> str:
    return catalogue().choice_label(choice_set, value, lang)


def field_value(key: str, value: Any, lang: str) -> Markup:
    """Render one entry field as safe HTML."""
    f = catalogue().by_key.get(key)
    if value in (None, "", []):
        return Markup("—")
    if f is not None and f.type == "choice" and f.choices:
        return escape(choice_label(f.choices, value, lang))
    if f is not None and f.type == "multi_choice" and f.choices:
        return escape(", ".join(choice_label(f.choices, v, lang) for v in value))
    if f is not None and f.type == "links":
        items = [
            Markup('<li><a href="{}" rel="noopener nofollow">{}</a></li>').format(
                i.get("link"), i.get("title") or i.get("link")
            )
            if i.get("link")
            else Markup("<li>{}</li>").format(i.get("title"))
            for i in value
        ]
        return Markup("<ul>") + Markup("").join(items) + Markup("</ul>")
    if f is not None and f.type == "url":
        return Markup('<a href="{}" rel="noopener nofollow">{}</a>').format(value, value)
    if isinstance(value, list):
        return escape(", ".join(map(str, value)))
    text = str(value)
    if "\n" in text:
        return Markup("<br>").join(escape(line) for line in text.split("\n"))
    return escape(text)


def fmt_date(value: Any) -> str:
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return "" if value is None else str(value)


def qs(params: dict[str, Any], **changes: Any) -> str:
    merged = {**params, **changes}
    return urlencode({k: v for k, v in merged.items() if v not in (None, "")})


def install(env: Environment) -> None:
    env.filters["field_value"] = field_value
    env.filters["fmt_date"] = fmt_date
    env.filters["dict"] = dict
    env.filters["field_value_of"] = field_value_of
    env.globals["choice_label"] = choice_label
    env.globals["fields"] = lambda: catalogue()
    env.globals["qs"] = qs


def field_value_of(key: str, data: dict[str, Any], lang: str) -> Markup:
    return field_value(key, data.get(key), lang)
