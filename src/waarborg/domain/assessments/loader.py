"""Load instruments, the risk model and the answer mappings from YAML, validated at load time.

A broken file is refused with ``InvalidInput`` whose message names the file and the node
(``sections[3] (id '4') > questions[1] (id '4.2')``) and the offending value.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, cast

import jsonschema
import yaml

from waarborg.domain.errors import InvalidInput

from .model import (
    Band,
    Column,
    Condition,
    Factor,
    Instrument,
    Level,
    Option,
    Question,
    RiskModel,
    Section,
    Source,
    Text,
    Visibility,
)
from .thresholds import check_definition

INSTRUMENT_IDS = ("iama", "fria", "huderia")


def instruments_dir() -> Path:
    return Path(str(resources.files("waarborg"))) / "instruments"


def _read_yaml(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise InvalidInput.at(path.name, f"is not valid YAML: {exc}") from exc
    except OSError as exc:
        raise InvalidInput.at(str(path), f"cannot be read: {exc.strerror}") from exc


@cache
def _schema(name: str) -> dict[str, Any]:
    text = (instruments_dir() / "schema" / name).read_text(encoding="utf-8")
    return cast(dict[str, Any], json.loads(text))


def node_path(doc: Any, path: Iterable[Any]) -> str:
    """Describe a JSON path, naming the ``id`` of every list item on the way."""
    parts: list[str] = []
    node = doc
    for key in path:
        node = node[key] if isinstance(node, Mapping | list) else None
        if isinstance(key, int):
            ident = node.get("id") if isinstance(node, Mapping) else None
            label = f"[{key}]" + (f" (id {ident!r})" if ident is not None else "")
            parts[-1:] = [(parts[-1] if parts else "") + label]
        else:
            parts.append(str(key))
    return " > ".join(parts) or "(root)"


def validate_against(doc: Any, schema_name: str, where: str) -> None:
    validator = jsonschema.Draft202012Validator(_schema(schema_name))
    errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path))
    if errors:
        items = [f"{where}: {node_path(doc, e.absolute_path)}: {e.message}" for e in errors[:10]]
        raise InvalidInput(items[0], items)


def _text(raw: Mapping[str, Any] | None) -> Text | None:
    return Text(nl=raw["nl"], en=raw["en"]) if raw else None


def _source(raw: Mapping[str, Any]) -> Source:
    return Source(article=raw["article"], url=raw["url"], certainty=raw.get("certainty", "V-primary"))


def _options(
    raw: Iterable[Mapping[str, Any]], scale: str | None, model: RiskModel, where: str
) -> tuple[Option, ...]:
    if scale is not None:
        factor = model.factor(scale)
        if factor is None:
            known = ", ".join(f.id for f in model.factors)
            raise InvalidInput.at(where, f"scale {scale!r} is not a factor of the risk model ({known})")
        return tuple(Option(id=lv.id, label=lv.label) for lv in factor.levels)
    return tuple(Option(id=o["id"], label=Text(**o["label"])) for o in raw)


def _check_choice(raw: Mapping[str, Any], where: str) -> None:
    if raw["type"] == "choice" and ("options" in raw) == ("scale" in raw):
        raise InvalidInput.at(where, "a choice needs exactly one of 'options' or 'scale'")
    if raw["type"] != "choice" and ("options" in raw or "scale" in raw):
        raise InvalidInput.at(where, f"type {raw['type']!r} takes no 'options' or 'scale'")
    ids = [o["id"] for o in raw.get("options", [])]
    dup = sorted({i for i in ids if ids.count(i) > 1})
    if dup:
        raise InvalidInput.at(where, f"duplicate option id(s) {dup}")


def _column(raw: Mapping[str, Any], model: RiskModel, where: str) -> Column:
    _check_choice(raw, where)
    return Column(
        id=raw["id"],
        label=Text(**raw["label"]),
        type=raw["type"],
        required=raw.get("required", False),
        options=_options(raw.get("options", []), raw.get("scale"), model, where),
    )


def _question(raw: Mapping[str, Any], section: str, model: RiskModel, where: str) -> Question:
    _check_choice(raw, where)
    if (raw["type"] == "table") != ("columns" in raw):
        raise InvalidInput.at(where, "a table needs 'columns' and only a table may have them")
    cols = [_column(c, model, f"{where} > columns (id {c['id']!r})") for c in raw.get("columns", [])]
    col_ids = [c.id for c in cols]
    if len(set(col_ids)) != len(col_ids):
        raise InvalidInput.at(where, f"duplicate column ids in {col_ids}")
    cond = raw.get("required_if")
    question = Question(
        id=raw["id"],
        type=raw["type"],
        label=Text(**raw["label"]),
        help=_text(raw.get("help")),
        source=_source(raw["source"]),
        section=section,
        required=raw.get("required", False),
        required_if=Condition(cond["question"], cond["equals"]) if cond else None,
        multiple=raw.get("multiple", False),
        options=_options(raw.get("options", []), raw.get("scale"), model, where),
        columns=tuple(cols),
        check=raw.get("check"),
    )
    if question.check is not None:
        check_definition(question, where)
    return question


def _check_references(inst: Instrument, where: str) -> None:
    seen: set[str] = set()
    for q in inst.questions():
        if q.id in seen:
            raise InvalidInput.at(f"{where}: question {q.id!r}", "duplicate question id")
        seen.add(q.id)
    for q in inst.questions():
        cond = q.required_if
        if cond is None:
            continue
        target = inst.question(cond.question)
        if target is None:
            raise InvalidInput.at(
                f"{where}: question {q.id!r}", f"required_if names unknown question {cond.question!r}"
            )
        if target.type == "yesno" and not isinstance(cond.equals, bool):
            raise InvalidInput.at(
                f"{where}: question {q.id!r}",
                f"required_if on a yes/no needs true/false, got {cond.equals!r}",
            )


def build_instrument(doc: Any, model: RiskModel, where: str = "instrument") -> Instrument:
    """Validate a parsed YAML document and turn it into an ``Instrument``."""
    validate_against(doc, "instrument.schema.json", where)
    sections = []
    section_ids: set[str] = set()
    for si, s in enumerate(doc["sections"]):
        swhere = f"{where}: sections[{si}] (id {s['id']!r})"
        if s["id"] in section_ids:
            raise InvalidInput.at(swhere, "duplicate section id")
        section_ids.add(s["id"])
        questions = tuple(
            _question(q, s["id"], model, f"{swhere} > questions[{qi}] (id {q['id']!r})")
            for qi, q in enumerate(s["questions"])
        )
        vis: Visibility = s.get("visibility", "supervisor")
        sections.append(
            Section(
                id=s["id"],
                title=Text(**s["title"]),
                visibility=vis,
                questions=questions,
                help=_text(s.get("help")),
            )
        )
    inst = Instrument(
        id=doc["id"],
        version=str(doc["version"]),
        title=Text(**doc["title"]),
        description=Text(**doc["description"]),
        binding=doc["binding"],
        source=_source(doc["source"]),
        sections=tuple(sections),
        note=_text(doc.get("note")),
    )
    _check_references(inst, where)
    return inst


def build_risk_model(doc: Any, where: str = "risk_model.yaml") -> RiskModel:
    validate_against(doc, "risk_model.schema.json", where)
    factors = tuple(
        Factor(
            id=f["id"],
            label=Text(**f["label"]),
            help=Text(**f["help"]),
            levels=tuple(
                Level(id=lv["id"], label=Text(**lv["label"]), rank=i + 1) for i, lv in enumerate(f["levels"])
            ),
        )
        for f in doc["factors"]
    )
    known = {f.id for f in factors}
    used = [*doc["severity"]["factors"], doc["priority"]["likelihood_factor"]]
    for fid in used:
        if fid not in known:
            raise InvalidInput.at(
                f"{where}: severity/priority", f"names unknown factor {fid!r} (known: {sorted(known)})"
            )
    bands = tuple(
        Band(id=b["id"], min_score=b["min_score"], label=Text(**b["label"])) for b in doc["priority"]["bands"]
    )
    if [b.min_score for b in bands] != sorted(b.min_score for b in bands):
        raise InvalidInput.at(f"{where}: priority > bands", "min_score values must ascend")
    return RiskModel(
        version=str(doc["version"]),
        note=Text(**doc["note"]),
        factors=factors,
        severity_method=doc["severity"]["method"],
        severity_factors=tuple(doc["severity"]["factors"]),
        likelihood_factor=doc["priority"]["likelihood_factor"],
        bands=bands,
    )


def load_instrument_file(path: Path, model: RiskModel | None = None) -> Instrument:
    return build_instrument(_read_yaml(path), model or risk_model(), path.name)


@cache
def risk_model() -> RiskModel:
    path = instruments_dir() / "risk_model.yaml"
    return build_risk_model(_read_yaml(path), path.name)


@cache
def instrument(instrument_id: str) -> Instrument:
    """The packaged instrument with this id (cached)."""
    if instrument_id not in INSTRUMENT_IDS:
        raise InvalidInput.at(
            "instrument", f"unknown instrument {instrument_id!r} (known: {', '.join(INSTRUMENT_IDS)})"
        )
    inst = load_instrument_file(instruments_dir() / f"{instrument_id}.yaml")
    if inst.id != instrument_id:
        raise InvalidInput.at(f"{instrument_id}.yaml: id", f"file declares id {inst.id!r}")
    return inst


def all_instruments() -> dict[str, Instrument]:
    return {i: instrument(i) for i in INSTRUMENT_IDS}
