"""Cross-instrument pre-fill in every direction."""

from __future__ import annotations

from waarborg.domain.assessments import instrument, mappings, prefill

from .conftest import welfare_answers


def test_iama_prefills_fria_and_huderia() -> None:
    iama = welfare_answers()
    fria = prefill(instrument("fria"), {}, {"iama": iama})
    assert fria["a.processes"].value == iama["3.1"] and fria["a.processes"].source == "iama:3.1"
    assert fria["e.oversight"].value == iama["3.2"]
    assert fria["f.complaints"].value == iama["3.4"]
    huderia = prefill(instrument("huderia"), {}, {"iama": iama})
    assert huderia["cobra.application"].value == iama["1.1"]
    assert huderia["mp.remedy"].source == "iama:3.4"


def test_fria_prefills_iama_back() -> None:
    iama = prefill(
        instrument("iama"),
        {},
        {"fria": {"a.processes": "Selection for checks", "e.oversight": "Case worker decides"}},
    )
    assert iama["3.1"].value == "Selection for checks" and iama["3.1"].source == "fria:a.processes"
    assert iama["3.2"].value == "Case worker decides"


def test_answered_questions_are_not_overwritten() -> None:
    out = prefill(instrument("fria"), {"a.processes": "Own answer"}, {"iama": welfare_answers()})
    assert "a.processes" not in out


def test_tables_copy_only_shared_columns() -> None:
    out = prefill(instrument("huderia"), {}, {"iama": welfare_answers()})
    rows = out["ria.impacts"].value
    assert rows == [{"right": "Equal treatment (Art. 1 Grondwet)", "scale": "serious"}]
    fria = prefill(
        instrument("fria"),
        {},
        {"huderia": {"cobra.affected": [{"category": "Single parents", "vulnerable": True}]}},
    )
    assert fria["c.categories"].value == [{"category": "Single parents", "vulnerable": True}]


def test_every_group_spans_at_least_two_instruments() -> None:
    for group in mappings():
        assert len({m.instrument for m in group.members}) >= 2, group.id
