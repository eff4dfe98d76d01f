"""Dutch wording of the classification engine's English texts (trace outcomes, notes, convention reasons).

The engine and its result JSON stay English (the contract). Pages and reports in Dutch pass each text
through :func:`localise`, which looks it up in ``templates/classification/texts_nl.yaml``. A text made of a
known text plus a known sentence (a note followed by "Transitional deadline (…)."), or of an article and a
known text ("CETS 225 Art. 3(1)(a): applies: …"), is translated part by part. Anything unknown is shown in
English rather than guessed; a test checks that every text of the installed ruleset has a translation.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import yaml

TABLE = Path(__file__).parent / "templates" / "classification" / "texts_nl.yaml"
_DEADLINE = re.compile(r"(?:^|\s)Transitional deadline \((?P<x>.+)\)\.$")
_ARTICLE = re.compile(r"^(?P<art>(?:CETS 225 )?Arts?\. [^:]+): (?P<rest>.+)$")


@cache
def table() -> dict[str, str]:
    data = yaml.safe_load(TABLE.read_text("utf-8")) or {}
    return {str(k): str(v) for k, v in data.items()}


@cache
def _sentences() -> tuple[str, ...]:
    """Known texts that are whole sentences, longest first: they may end a longer note."""
    return tuple(sorted((k for k in table() if k.endswith(".")), key=len, reverse=True))


def localise(text: str | None, lang: str) -> str:
    """``text`` in ``lang`` (Dutch from the table; English unchanged, and as the fallback)."""
    if not text or lang != "nl":
        return text or ""
    return _dutch(text)


def _dutch(text: str) -> str:
    known = table().get(text)
    if known is not None:
        return known
    m = _DEADLINE.search(text)
    if m:
        head = text[: m.start()].strip()
        return _join(_dutch(head) if head else "", f"Overgangstermijn ({_article(m['x'])}).")
    for sentence in _sentences():
        if text.endswith(" " + sentence):
            return _join(_dutch(text[: -len(sentence)].strip()), table()[sentence])
    m = _ARTICLE.match(text)
    if m and m["rest"] in table():
        return f"{_article(m['art'])}: {table()[m['rest']]}"
    return text


def _article(ref: str) -> str:
    """Dutch style for article references: "art. 111(2)", "CETS 225 art. 3(1)(a)"."""
    return re.sub(r"\bArts?\. ", "art. ", ref)


def _join(a: str, b: str) -> str:
    return f"{a} {b}".strip()
