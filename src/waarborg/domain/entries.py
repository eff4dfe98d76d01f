"""Register entries: field definitions (data), validation, visibility, workflow and diffs.

Pure domain code: plain dicts in, plain dicts or result objects out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import yaml

from waarborg.domain.errors import InvalidInput, TransitionNotAllowed

VISIBILITY_LEVELS = ("public", "supervisor", "internal")
_RANK = {"public": 0, "supervisor": 1, "internal": 2}
_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
_URL = re.compile(r"^https?://[^\s/$.?#].[^\s]*$", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class FieldDef:
    key: str
    type: str
    section: str
    visibility: str
    en: str
    nl: str
    max: int | None = None
    required: bool = False
    choices: str | None = None
    locked_public: bool = False
    standard_key: str | None = None
    default: Any = None

    def label(self, lang: str) -> str:
        return self.nl if lang == "nl" else self.en


@dataclass(frozen=True)
class FieldCatalogue:
    version: str
    fields: tuple[FieldDef, ...]
    sections: dict[str, dict[str, str]]
    choices: dict[str, dict[str, dict[str, str]]]
    by_key: dict[str, FieldDef] = field(default_factory=dict)

    def choice_label(self, choice_set: str, value: str, lang: str) -> str:
        item = self.choices.get(choice_set, {}).get(value)
        if item is None:
            return value
        return item.get("nl" if lang == "nl" else "en", value)


@cache
def catalogue() -> FieldCatalogue:
    raw = yaml.safe_load(
        resources.files("waarborg.domain").joinpath("data/entry_fields.yaml").read_text("utf-8")
    )
    fields = tuple(FieldDef(**f) for f in raw["fields"])
    for f in fields:
        if f.visibility not in VISIBILITY_LEVELS:
            raise ValueError(f"entry_fields.yaml: field {f.key}: unknown visibility {f.visibility!r}")
        if f.choices and f.choices not in raw["choices"]:
            raise ValueError(f"entry_fields.yaml: field {f.key}: unknown choice set {f.choices!r}")
    return FieldCatalogue(
        version=str(raw["version"]),
        fields=fields,
        sections=raw["sections"],
        choices=raw["choices"],
        by_key={f.key: f for f in fields},
    )


# --- validation ---------------------------------------------------------------------------------


def _check_text(f: FieldDef, value: Any, path: str) -> tuple[Any, str | None]:
    if not isinstance(value, str):
        return value, f"{path}: expected text, got {type(value).__name__} {value!r:.60}"
    value = value.strip()
    if _CONTROL.search(value):
        return value, f"{path}: contains a control character"
    if f.max is not None and len(value) > f.max:
        return value, f"{path}: {len(value)} characters, at most {f.max} allowed"
    if f.type == "url" and value and not _URL.match(value):
        return value, f"{path}: {value!r:.80} is not an http(s) URL"
    if f.type == "month" and value and not _MONTH.match(value):
        return value, f"{path}: {value!r} is not a month in the form YYYY-MM"
    return value, None


def _check_choice(cat: FieldCatalogue, f: FieldDef, value: Any, path: str) -> str | None:
    allowed = cat.choices[f.choices or ""]
    if not isinstance(value, str) or value not in allowed:
        return f"{path}: {value!r} is not one of {', '.join(allowed)}"
    return None


def _check_links(value: Any, path: str) -> tuple[Any, list[str]]:
    if not isinstance(value, list):
        return value, [f"{path}: expected a list of {{title, link}}, got {type(value).__name__}"]
    errors: list[str] = []
    out = []
    for i, item in enumerate(value):
        if not isinstance(item, dict) or set(item) - {"title", "link"}:
            errors.append(f"{path}[{i}]: expected an object with title and link, got {item!r:.80}")
            continue
        title, link = str(item.get("title", "")).strip(), str(item.get("link", "")).strip()
        if len(title) > 100:
            errors.append(f"{path}[{i}].title: {len(title)} characters, at most 100 allowed")
        if link and (len(link) > 500 or not _URL.match(link)):
            errors.append(f"{path}[{i}].link: {link!r:.80} is not an http(s) URL of at most 500 characters")
        if title or link:
            out.append({"title": title, "link": link})
    return out, errors


def _check_field(cat: FieldCatalogue, f: FieldDef, value: Any, path: str) -> tuple[Any, list[str]]:
    if f.type in ("string", "text", "url", "month"):
        value, err = _check_text(f, value, path)
        return value, [err] if err else []
    if f.type == "choice":
        err = _check_choice(cat, f, value, path)
        return value, [err] if err else []
    if f.type in ("multi_choice", "string_list"):
        if isinstance(value, str):
            value = [v.strip() for v in value.split(",") if v.strip()]
        if not isinstance(value, list):
            return value, [f"{path}: expected a list, got {type(value).__name__} {value!r:.60}"]
        errs = []
        for i, v in enumerate(value):
            if f.type == "multi_choice":
                err = _check_choice(cat, f, v, f"{path}[{i}]")
            else:
                err = (
                    None
                    if isinstance(v, str) and len(v) <= 100
                    else f"{path}[{i}]: {v!r:.60} is not a short text"
                )
            if err:
                errs.append(err)
        return list(dict.fromkeys(value)), errs
    if f.type == "links":
        return _check_links(value, path)
    raise AssertionError(f"unknown field type {f.type}")


def _is_empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def validate_entry_data(data: dict[str, Any], *, prefix: str = "") -> dict[str, Any]:
    """Check every field; return normalised data (empty values dropped) or raise with all errors."""
    cat = catalogue()
    errors: list[str] = []
    if not isinstance(data, dict):
        raise InvalidInput.at(prefix.rstrip(".") or "data", f"expected an object, got {type(data).__name__}")
    out: dict[str, Any] = {}
    for key in data:
        if key not in cat.by_key:
            errors.append(f"{prefix}{key}: unknown field (value {data[key]!r:.60})")
    for f in cat.fields:
        value = data.get(f.key)
        if _is_empty(value):
            if f.default is not None:
                out[f.key] = f.default
            elif f.required:
                errors.append(f"{prefix}{f.key}: required")
            continue
        value, errs = _check_field(cat, f, value, prefix + f.key)
        errors.extend(errs)
        if not _is_empty(value):
            out[f.key] = value
    if errors:
        raise InvalidInput(f"{len(errors)} invalid field(s): {errors[0]}", errors)
    return out


def validate_visibility(overrides: dict[str, str]) -> dict[str, str]:
    """Per-entry visibility overrides: only to a field's default or more restrictive, never for locked fields."""
    cat = catalogue()
    errors = []
    out = {}
    for key, level in (overrides or {}).items():
        f = cat.by_key.get(key)
        if f is None:
            errors.append(f"visibility.{key}: unknown field")
        elif level not in VISIBILITY_LEVELS:
            errors.append(f"visibility.{key}: {level!r} is not one of {', '.join(VISIBILITY_LEVELS)}")
        elif f.locked_public and level != "public":
            errors.append(f"visibility.{key}: this field is always public")
        elif _RANK[level] < _RANK[f.visibility]:
            errors.append(f"visibility.{key}: cannot be less restrictive than the default {f.visibility!r}")
        elif level != f.visibility:
            out[key] = level
    if errors:
        raise InvalidInput(errors[0], errors)
    return out


# --- visibility ----------------------------------------------------------------------------------


def field_visibility(key: str, overrides: dict[str, str] | None = None) -> str:
    f = catalogue().by_key.get(key)
    default = f.visibility if f else "internal"
    return (overrides or {}).get(key, default)


def visible_data(data: dict[str, Any], overrides: dict[str, str] | None, max_level: str) -> dict[str, Any]:
    """The subset of ``data`` that an audience allowed up to ``max_level`` may see."""
    limit = _RANK[max_level]
    return {k: v for k, v in data.items() if _RANK[field_visibility(k, overrides)] <= limit}


# --- workflow ------------------------------------------------------------------------------------

STATUSES = ("draft", "in_review", "published", "retracted", "archived")
# (from, action) -> (to, roles allowed)
TRANSITIONS: dict[tuple[str, str], tuple[str, frozenset[str]]] = {
    ("draft", "submit"): ("in_review", frozenset({"editor", "approver", "admin"})),
    ("in_review", "reject"): ("draft", frozenset({"approver", "admin"})),
    ("in_review", "publish"): ("published", frozenset({"approver", "admin"})),
    ("published", "retract"): ("retracted", frozenset({"approver", "admin"})),
    # A published entry whose working copy is being edited can still be retracted.
    ("draft", "retract"): ("retracted", frozenset({"approver", "admin"})),
    ("in_review", "retract"): ("retracted", frozenset({"approver", "admin"})),
    ("retracted", "submit"): ("in_review", frozenset({"editor", "approver", "admin"})),
    ("draft", "archive"): ("archived", frozenset({"approver", "admin"})),
    ("in_review", "archive"): ("archived", frozenset({"approver", "admin"})),
    ("retracted", "archive"): ("archived", frozenset({"approver", "admin"})),
    ("published", "archive"): ("archived", frozenset({"approver", "admin"})),
}
ACTIONS = tuple(sorted({a for _, a in TRANSITIONS}))


def available_actions(status: str, *, is_public: bool, role: str | None = None) -> list[str]:
    """Workflow actions possible from ``status``; with ``role``, only those that role may take."""
    return sorted(
        a
        for (s, a), (_, roles) in TRANSITIONS.items()
        if s == status and (a != "retract" or is_public) and (role is None or role in roles)
    )


@dataclass(frozen=True)
class TransitionCheck:
    to_status: str
    reason: str


def check_transition(
    status: str, action: str, role: str, *, actor_is_last_author: bool, is_public: bool = False
) -> TransitionCheck:
    """Workflow rule with four eyes: whoever wrote the version under review cannot publish it."""
    if action not in ACTIONS:
        raise InvalidInput.at("action", f"{action!r} is not one of {', '.join(ACTIONS)}")
    rule = TRANSITIONS.get((status, action))
    if rule is None or (action == "retract" and not is_public):
        allowed = available_actions(status, is_public=is_public)
        raise TransitionNotAllowed(
            f"cannot {action} an entry that is {status}; allowed: {', '.join(allowed) or 'none'}"
        )
    to, roles = rule
    if role not in roles:
        raise TransitionNotAllowed(f"role {role} may not {action}; needs one of {', '.join(sorted(roles))}")
    if action == "publish" and actor_is_last_author:
        raise TransitionNotAllowed("four-eyes rule: the author of this version cannot publish it")
    return TransitionCheck(to, f"{status} → {to} by {role}")


# --- diff ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FieldChange:
    key: str
    before: Any
    after: Any


def diff(before: dict[str, Any], after: dict[str, Any]) -> list[FieldChange]:
    cat = catalogue()
    order = {f.key: i for i, f in enumerate(cat.fields)}
    keys = sorted(set(before) | set(after), key=lambda k: (order.get(k, 10_000), k))
    return [FieldChange(k, before.get(k), after.get(k)) for k in keys if before.get(k) != after.get(k)]
