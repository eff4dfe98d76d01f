"""Dutch and English UI text.

Messages live in ``i18n/messages.yaml`` as ``key: {en: ..., nl: ...}``; each capability may add its own
``i18n/messages-<area>.yaml`` (loaded after the main file)."""

from __future__ import annotations

from functools import cache
from importlib import resources

import yaml
from starlette.requests import Request

LANGS = ("nl", "en")
DEFAULT_LANG = "nl"


@cache
def messages() -> dict[str, dict[str, str]]:
    text = resources.files("waarborg.web").joinpath("i18n/messages.yaml").read_text("utf-8")
    data: dict[str, dict[str, str]] = dict(yaml.safe_load(text))
    for extra in sorted(resources.files("waarborg.web").joinpath("i18n").iterdir(), key=lambda p: p.name):
        if extra.name.startswith("messages-") and extra.name.endswith(".yaml"):
            data.update(yaml.safe_load(extra.read_text("utf-8")) or {})
    return data


def translate(key: str, lang: str, **kwargs: object) -> str:
    item = messages().get(key)
    text = key if item is None else item.get(lang) or item.get("en") or key
    return text.format(**kwargs) if kwargs else text


def negotiate(request: Request) -> str:
    """?lang= wins, then the cookie, then Accept-Language, then Dutch."""
    q = request.query_params.get("lang")
    if q in LANGS:
        return q
    c = request.cookies.get("lang")
    if c in LANGS:
        return c
    for part in request.headers.get("accept-language", "").split(","):
        code = part.split(";")[0].strip().lower()[:2]
        if code in LANGS:
            return code
    return DEFAULT_LANG
