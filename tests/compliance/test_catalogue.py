"""The packaged catalogue and the loader's refusal of broken data (naming the node id)."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from waarborg.domain.compliance import load_catalogue, parse_catalogue
from waarborg.domain.compliance.catalogue import Catalogue
from waarborg.domain.errors import InvalidInput

RAW = yaml.safe_load(
    (Path(__file__).parents[2] / "src/waarborg/catalogue/compliance.yaml").read_text(encoding="utf-8")
)


def broken(mutate: Any) -> dict[str, Any]:
    data = copy.deepcopy(RAW)
    mutate(data)
    return data


def refused(data: Any) -> InvalidInput:
    with pytest.raises(InvalidInput) as info:
        parse_catalogue(data, origin="test.yaml")
    return info.value


def test_packaged_catalogue_covers_the_issue(catalogue: Catalogue) -> None:
    assert len(catalogue.requirements) >= 30
    assert sum(len(r.measures) for r in catalogue.requirements) >= 70
    articles = {r.source.article for r in catalogue.requirements}
    for art in [
        "Art. 4",
        "Art. 9",
        "Art. 10",
        "Art. 14",
        "Art. 15",
        "Art. 17",
        "Art. 26",
        "Art. 27",
        "Art. 43",
        "Art. 49",
        "Art. 50(1)",
        "Art. 53",
        "Art. 55",
        "Art. 72",
        "Art. 73",
        "Art. 86",
        "Art. 5 GDPR",
        "Art. 25 GDPR",
        "Art. 32 GDPR",
        "Art. 35 GDPR",
        "CETS 225 Art. 16",
    ]:
        assert art in articles, art
    laws = {r.source.law for r in catalogue.requirements}
    assert {"ai-act", "gdpr", "cets-225", "nl-policy", "nl-law"} <= laws


def test_every_item_cites_a_source_and_speaks_both_languages(catalogue: Catalogue) -> None:
    for req in catalogue.requirements:
        assert req.source.url.startswith("https://"), req.id
        assert req.title["nl"] and req.title["en"] and req.summary["nl"] and req.summary["en"]
        for m in req.measures:
            assert m.source.url.startswith("https://"), m.id
            assert m.title["nl"] != m.title["en"], m.id


def test_convention_items_are_marked_secondary(catalogue: Catalogue) -> None:
    conv = [r for r in catalogue.requirements if r.source.law == "cets-225"]
    assert len(conv) >= 8
    assert all(r.source.certainty == "V-secondary" for r in conv)


def test_lookup_helpers(catalogue: Catalogue) -> None:
    assert catalogue.ref == "waarborg-compliance@2026.12.2"
    assert catalogue.measure("aia-27-fria.assessment") is not None
    assert catalogue.measure("nope") is None
    assert catalogue.requirement("aia-27-fria") is not None
    assert "fria.approved" in catalogue.event_kinds


def test_load_from_path(tmp_path: Path) -> None:
    f = tmp_path / "cat.yaml"
    f.write_text(yaml.safe_dump(RAW), encoding="utf-8")
    assert len(load_catalogue(f).requirements) == len(RAW["requirements"])


def test_unreadable_and_invalid_yaml_files(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="cannot read"):
        load_catalogue(tmp_path / "missing.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("requirements: [\n  - {id: x", encoding="utf-8")
    with pytest.raises(InvalidInput, match="not valid YAML"):
        load_catalogue(bad)


def test_missing_title_names_the_requirement() -> None:
    err = refused(broken(lambda d: d["requirements"][3].pop("title")))
    rid = RAW["requirements"][3]["id"]
    assert f"requirements[3]({rid})" in err.message
    assert "'title' is a required property" in err.message


def test_measure_error_names_requirement_and_measure() -> None:
    def mutate(d: dict[str, Any]) -> None:
        d["requirements"][2]["measures"][1]["title"] = {"en": "only english"}

    err = refused(broken(mutate))
    req = RAW["requirements"][2]
    assert f"({req['id']})" in err.message and f"({req['measures'][1]['id']})" in err.message
    assert "'nl' is a required property" in err.message


def test_unknown_selector_key_and_bad_article_are_refused() -> None:
    err = refused(broken(lambda d: d["requirements"][0]["applies_when"].append({"artikel": "Art. 4"})))
    assert "artikel" in err.message and RAW["requirements"][0]["id"] in err.message
    err = refused(broken(lambda d: d["requirements"][0]["applies_when"].append({"article": "Article four"})))
    assert "'Article four' does not match" in err.message


def test_source_without_url_is_refused() -> None:
    err = refused(broken(lambda d: d["requirements"][5]["source"].pop("url")))
    assert "'url' is a required property" in err.message and RAW["requirements"][5]["id"] in err.message


def test_duplicate_ids_are_refused() -> None:
    def dup_measure(d: dict[str, Any]) -> None:
        ms = d["requirements"][1]["measures"]
        ms.append(copy.deepcopy(ms[0]))

    err = refused(broken(dup_measure))
    assert (
        "duplicate measure id" in err.message and RAW["requirements"][1]["measures"][0]["id"] in err.message
    )

    err = refused(broken(lambda d: d["requirements"].append(copy.deepcopy(d["requirements"][0]))))
    assert "duplicate requirement id" in err.message


def test_measure_id_must_sit_under_its_requirement() -> None:
    err = refused(broken(lambda d: d["requirements"][0]["measures"][0].update(id="elsewhere.plan")))
    assert "'elsewhere.plan'" in err.message and "must start with" in err.message


def test_auto_rule_with_unknown_measure_is_refused() -> None:
    err = refused(broken(lambda d: d["auto_satisfaction"][0]["satisfies"].append("no-such.measure")))
    assert "auto_satisfaction 'entry.published'" in err.message and "'no-such.measure'" in err.message


def test_auto_rule_needs_an_effect() -> None:
    def mutate(d: dict[str, Any]) -> None:
        d["auto_satisfaction"][0].pop("satisfies")

    err = refused(broken(mutate))
    assert "auto_satisfaction[0](entry.published)" in err.message


@pytest.mark.parametrize("data", [None, [], "text", {"catalogue": "x"}])
def test_not_a_catalogue(data: Any) -> None:
    assert refused(data).errors


def test_many_errors_are_all_listed() -> None:
    def mutate(d: dict[str, Any]) -> None:
        for r in d["requirements"][:3]:
            r.pop("summary")

    err = refused(broken(mutate))
    assert len(err.errors) == 3


def test_user_facing_catalogue_text_does_not_mention_the_seed() -> None:
    from importlib import resources

    text = resources.files("waarborg").joinpath("catalogue/compliance.yaml").read_text("utf-8")
    assert "seed" not in text.lower()
