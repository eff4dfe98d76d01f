"""The case catalogue is data: it loads, every item cites a source, and broken files are refused by node."""

from __future__ import annotations

import copy

import pytest
import yaml

from waarborg.domain.cases.catalogue import CatalogueError, _read, load_catalogue, parse_catalogue


@pytest.fixture()
def raw() -> dict:
    return yaml.safe_load(_read("cases.yaml"))


def test_catalogue_loads_all_case_types_and_measures() -> None:
    cat = load_catalogue()
    assert cat.case_types() == [
        "complaint",
        "explanation-request",
        "escalation",
        "serious-incident",
        "fria-notification",
        "investigation",
    ]
    assert set(cat.measure_kinds) == {
        "request-information",
        "corrective-order",
        "restriction",
        "withdrawal",
        "recall",
        "closing-decision",
    }
    assert cat.ruleset.startswith("waarborg-cases@")


def test_every_source_has_certainty_and_unverified_items_are_marked() -> None:
    cat = load_catalogue()
    assert cat.sources["ai-act-73"].verified
    assert cat.sources["ai-act-86"].verified
    assert not cat.sources["awb-9-11"].verified and cat.sources["awb-9-11"].certainty == "UNVERIFIED"
    assert cat.sources["cets-14"].certainty == "V-secondary"
    assert cat.deadlines["complaint-response"].source.id == "awb-9-11"
    for machine in cat.machines.values():
        assert machine.sources, machine.id
        for t in machine.transitions:
            assert t.label["nl"] and t.label["en"]
    for kind in cat.measure_kinds.values():
        assert kind.legal_basis and all(s.url.startswith("https://") for s in kind.legal_basis)


def test_each_state_is_reachable_and_non_terminal_states_can_move(raw: dict) -> None:
    cat = load_catalogue()
    for machine in cat.machines.values():
        reachable = {machine.initial}
        for _ in machine.states:
            reachable |= {t.target for t in machine.transitions if t.target and set(t.sources) & reachable}
        assert reachable == set(machine.states), machine.id
        for state in machine.states.values():
            if not state.terminal:
                assert any(state.id in t.sources for t in machine.transitions), (machine.id, state.id)


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (
            lambda r: r["machines"]["complaint"]["transitions"][2].__setitem__("to", "nowhere"),
            "machines.complaint.transitions[2].to: unknown state 'nowhere'",
        ),
        (
            lambda r: r["machines"]["escalation"]["transitions"][0].__setitem__("roles", ["janitor"]),
            "machines.escalation.transitions[0].roles[0]",
        ),
        (
            lambda r: r["machines"]["complaint"].__setitem__("deadline", "no-such-deadline"),
            "machines.complaint.deadline: unknown deadline 'no-such-deadline'",
        ),
        (
            lambda r: r["measure_kinds"]["withdrawal"].__setitem__("legal_basis", ["made-up-law"]),
            "measure_kinds.withdrawal.legal_basis[0]: unknown source 'made-up-law'",
        ),
        (
            lambda r: r["sources"]["ai-act-85"].__setitem__("certainty", "probably"),
            "sources.ai-act-85.certainty",
        ),
        (
            lambda r: r["machines"]["measure"]["transitions"][0]["effects"].append("explode"),
            "machines.measure.transitions[0].effects[2]",
        ),
        (
            lambda r: r["machines"]["investigation"].__setitem__("initial", "limbo"),
            "machines.investigation.initial: unknown state 'limbo'",
        ),
        (
            lambda r: r["machines"]["serious-incident"]["transitions"][0].__setitem__("from", ["closed"]),
            "machines.serious-incident.transitions[0].from[0]: state 'closed' is terminal",
        ),
        (
            lambda r: r["deadlines"]["complaint-response"]["period"].__setitem__("fortnights", 3),
            "deadlines.complaint-response.period",
        ),
    ],
)
def test_broken_catalogue_is_refused_naming_the_node(raw: dict, mutate, message: str) -> None:
    broken = copy.deepcopy(raw)
    mutate(broken)
    with pytest.raises(CatalogueError) as err:
        parse_catalogue(broken)
    assert message in str(err.value)


def test_duplicate_step_ids_are_refused(raw: dict) -> None:
    broken = copy.deepcopy(raw)
    steps = broken["machines"]["investigation"]["transitions"]
    steps.append(dict(steps[0]))
    with pytest.raises(
        CatalogueError, match=r"machines.investigation.transitions\[1\].id: duplicate step 'close'"
    ):
        parse_catalogue(broken)
