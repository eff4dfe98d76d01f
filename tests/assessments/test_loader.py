"""Instruments load, cite their sources, and broken ones are refused naming the node."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from waarborg.domain.assessments import all_instruments, instrument, risk_model
from waarborg.domain.assessments.loader import (
    build_instrument,
    build_risk_model,
    instruments_dir,
    load_instrument_file,
)
from waarborg.domain.assessments.mapping import build_mappings
from waarborg.domain.errors import InvalidInput


def raw(name: str) -> Any:
    return yaml.safe_load((instruments_dir() / f"{name}.yaml").read_text(encoding="utf-8"))


def refused(doc: Any) -> str:
    with pytest.raises(InvalidInput) as exc:
        build_instrument(doc, risk_model(), "test.yaml")
    return "\n".join(exc.value.errors) or exc.value.message


def test_all_instruments_load_and_every_question_cites_a_source() -> None:
    insts = all_instruments()
    assert set(insts) == {"iama", "fria", "huderia"}
    for inst in insts.values():
        for q in inst.questions():
            assert q.source.article and q.source.url.startswith("http"), q.id
            assert q.label.nl and q.label.en and q.label.nl != q.label.en, q.id


def test_instrument_structures_follow_the_facts() -> None:
    assert [s.id for s in instrument("iama").sections] == ["1", "2A", "2B", "3", "4"]
    fria = instrument("fria")
    for letter in "abcdef":
        assert any(q.source.article.startswith(f"Art. 27(1)({letter})") for q in fria.questions()), letter
    huderia = instrument("huderia")
    assert [s.id for s in huderia.sections] == ["cobra", "sep", "ria", "mp", "review"]
    columns = {c.id for c in huderia.question("ria.impacts").columns}  # type: ignore[union-attr]
    assert {"scale", "scope", "reversibility", "probability"} <= columns
    assert huderia.binding is False and fria.binding is True


def test_no_official_huderia_scoring_is_said_in_both_languages() -> None:
    note = instrument("huderia").note
    assert (
        note is not None
        and "no official numeric scoring" in note.en
        and "geen officiële numerieke score" in note.nl
    )
    assert "No official numeric scoring" in risk_model().note.en


def test_scale_levels_come_from_the_risk_model() -> None:
    col = next(c for c in instrument("huderia").question("ria.impacts").columns if c.id == "probability")  # type: ignore[union-attr]
    assert [o.id for o in col.options] == [lv.id for lv in risk_model().factor("probability").levels]  # type: ignore[union-attr]


def test_missing_source_names_section_and_question() -> None:
    doc = raw("iama")
    del doc["sections"][0]["questions"][1]["source"]
    msg = refused(doc)
    assert (
        "sections[0] (id '1') > questions[1] (id '1.2')" in msg and "'source' is a required property" in msg
    )


def test_unknown_question_type_is_named_with_value() -> None:
    doc = raw("fria")
    doc["sections"][1]["questions"][0]["type"] = "essay"
    msg = refused(doc)
    assert "(id 'b.period')" in msg and "'essay'" in msg


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (
            lambda d: d["sections"][0]["questions"].append(copy.deepcopy(d["sections"][0]["questions"][0])),
            "duplicate question id",
        ),
        (lambda d: d["sections"].append(copy.deepcopy(d["sections"][0])), "duplicate section id"),
        (lambda d: d["sections"][1]["questions"][0].pop("options"), "exactly one of 'options' or 'scale'"),
        (lambda d: d["sections"][4]["questions"][1].pop("columns"), "a table needs 'columns'"),
        (
            lambda d: d["sections"][4]["questions"][1]["columns"][2].update(scale="gravity"),
            "scale 'gravity' is not a factor",
        ),
        (
            lambda d: d["sections"][4]["questions"][1]["required_if"].update(question="9.9"),
            "unknown question '9.9'",
        ),
        (
            lambda d: d["sections"][4]["questions"][1]["required_if"].update(equals="ja"),
            "needs true/false, got 'ja'",
        ),
        (lambda d: d["sections"][0]["questions"][0]["label"].pop("nl"), "'nl' is a required property"),
        (
            lambda d: d["sections"][0]["questions"][0]["source"].update(url="ftp://x"),
            "'ftp://x' does not match",
        ),
        (lambda d: d["sections"][0].update(visibility="secret"), "'secret' is not one of"),
    ],
)
def test_broken_iama_is_refused(mutate: Any, expected: str) -> None:
    doc = raw("iama")
    mutate(doc)
    assert expected in refused(doc)


def test_invalid_yaml_file_names_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "broken.yaml"
    bad.write_text("id: x\nsections: [unclosed\n", encoding="utf-8")
    with pytest.raises(InvalidInput, match=r"broken\.yaml: is not valid YAML"):
        load_instrument_file(bad)


def test_unknown_packaged_instrument() -> None:
    with pytest.raises(InvalidInput, match="unknown instrument 'dpia'"):
        instrument("dpia")


def test_broken_risk_model_is_refused() -> None:
    doc = yaml.safe_load((instruments_dir() / "risk_model.yaml").read_text(encoding="utf-8"))
    bad = copy.deepcopy(doc)
    bad["severity"]["factors"].append("impact")
    with pytest.raises(InvalidInput, match="unknown factor 'impact'"):
        build_risk_model(bad)
    bad = copy.deepcopy(doc)
    bad["priority"]["bands"].reverse()
    with pytest.raises(InvalidInput, match="must ascend"):
        build_risk_model(bad)
    bad = copy.deepcopy(doc)
    bad["factors"][0]["levels"] = [{"id": "only", "label": {"nl": "a", "en": "b"}}]
    with pytest.raises(InvalidInput, match=r"factors\[0\] \(id 'scale'\) > levels"):
        build_risk_model(bad)


def test_broken_mappings_are_refused() -> None:
    insts = all_instruments()
    doc = {"version": "1", "groups": [{"id": "x", "note": "n", "members": ["iama:1.1", "fria:z.nothing"]}]}
    with pytest.raises(InvalidInput, match="'fria:z.nothing' names no known"):
        build_mappings(doc, insts)
    doc["groups"][0]["members"] = ["iama:4.1", "fria:a.processes"]
    with pytest.raises(InvalidInput, match=r"groups\[0\] \(id 'x'\).*types differ \(yesno vs open\)"):
        build_mappings(doc, insts)
    doc["groups"][0]["members"] = ["iama:4.decision", "huderia:cobra.triage"]
    with pytest.raises(InvalidInput, match="choice options differ"):
        build_mappings(doc, insts)
    doc["groups"][0]["members"] = ["iama:1.1"]
    with pytest.raises(InvalidInput, match="too short"):
        build_mappings(doc, insts)
