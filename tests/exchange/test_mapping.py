"""The mapping table is data, checked at load time; each standard gets its own keys and value lists."""

from __future__ import annotations

import copy
import json
from importlib import resources

import pytest
import yaml

from tests.exchange.helpers import rich_fields
from waarborg.domain import exchange
from waarborg.domain.entries import catalogue
from waarborg.domain.exchange import annex_viii, csvfmt
from waarborg.domain.exchange.mapping import mapping, parse_mapping


def _raw() -> dict:  # type: ignore[type-arg]
    text = resources.files("waarborg.domain").joinpath("data/exchange_mapping.yaml").read_text("utf-8")
    return yaml.safe_load(text)  # type: ignore[no-any-return]


def _record(name: str = "Alfa risicoscore", public_body: bool = True, **fields: object) -> dict:  # type: ignore[type-arg]
    return {
        "public_id": "WB-" + name.encode().hex()[:8].upper(),
        "organisation": "org-a",
        "organisation_name": "Gemeente Alfa",
        "public_body": public_body,
        "status": "published",
        "published_at": "2026-12-01T10:00:00",
        "fields": rich_fields(name, **fields),
    }


def test_mapping_loads_and_covers_the_standards() -> None:
    m = mapping()
    assert set(m.formats) == {"algoritmeregister-v1", "atrs", "annex-viii"}
    assert set(exchange.FORMATS) == {*m.formats, "waarborg-json", "csv"}
    for fm in m.formats.values():
        assert fm.source.startswith("http") or "Regulation" in fm.source


def test_dutch_value_lists_agree_with_the_catalogue() -> None:
    cat, maps = catalogue(), mapping().value_maps
    for choice_set, vm in (("status", "ar_status"), ("publication_category", "ar_publication_category")):
        assert maps[vm].to_std == {k: v["standard"] for k, v in cat.choices[choice_set].items()}
    assert maps["ar_category"].to_std == {k: v["nl"] for k, v in cat.choices["theme"].items()}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda r: r["formats"]["atrs"]["rows"][3].update(field="nope"),
            "formats.atrs.rows[3]: unknown entry field",
        ),
        (
            lambda r: next(
                x for x in r["formats"]["algoritmeregister-v1"]["rows"] if x.get("field") == "goal"
            ).update(path="doel"),
            "field 'goal' has standard_key 'goal'",
        ),
        (
            lambda r: r["value_maps"]["ar_status"]["map"].pop("in_use"),
            "must cover exactly the choices of 'status'",
        ),
        (lambda r: r["formats"]["atrs"].pop("source"), "formats.atrs: 'source' is a required property"),
        (
            lambda r: r["formats"]["atrs"]["defaults"].update(colour="red"),
            "formats.atrs.defaults: unknown entry",
        ),
        (
            lambda r: r["formats"]["annex-viii"]["rows"][2].update(values="missing"),
            "unknown value map 'missing'",
        ),
    ],
)
def test_a_broken_mapping_is_refused_naming_the_node(change, message) -> None:  # type: ignore[no-untyped-def]
    raw = copy.deepcopy(_raw())
    change(raw)
    with pytest.raises(ValueError, match="exchange_mapping.yaml") as exc:
        parse_mapping(raw)
    assert message in str(exc.value)


def test_algoritmeregister_keys_and_values() -> None:
    rec = _record()
    rec["fields"]["lawful_basis_links"] = [
        {"title": "Participatiewet", "link": "https://wetten.overheid.nl/x"}
    ]
    [doc] = json.loads(exchange.dump("algoritmeregister-v1", [rec], "public"))
    assert doc["status"] == "In gebruik"
    assert doc["publication_category"] == "Hoog-risico AI-systeem"
    assert doc["category"] == ["Sociale zekerheid", "Werk"]
    assert doc["lawful_basis_grouping"] == [
        {"title": "Participatiewet", "link": "https://wetten.overheid.nl/x"}
    ]
    assert doc["begin_date"] == "2024-03" and doc["end_date"] == "2030-12"
    assert doc["organization"] == "Gemeente Alfa"
    assert doc["standard_version"] == "1.0" and doc["lang"] == "nld"
    assert doc["provider"] == rec["fields"]["supplier"] and doc["url"] == rec["fields"]["source_url"]
    assert doc["publication_dt"] == "2026-12-01T10:00:00"
    # Every key is a key of the standard (v1.0), listed in EXCHANGE.md section 1.
    assert set(doc) <= {r.path for r in mapping().formats["algoritmeregister-v1"].rows}
    assert "internal_notes" not in doc and "risk_class" not in doc


def test_atrs_tiers_and_value_list() -> None:
    [doc] = json.loads(exchange.dump("atrs", [_record()], "public"))
    assert set(doc) == {"metadata", "tier_1", "tier_2"}
    assert doc["tier_1"]["name"] == "Alfa risicoscore"
    assert set(doc["tier_2"]) == {
        "owner_and_responsibility",
        "description_and_rationale",
        "decision_making_process",
        "tool_specification",
        "risks_mitigations_and_impact_assessments",
    }
    assert doc["tier_2"]["tool_specification"]["phase"] == "production"
    assert doc["tier_2"]["owner_and_responsibility"]["external_supplier"] == ["supplier van Alfa risicoscore"]
    assert doc["tier_2"]["tool_specification"]["source_data"][0] == {
        "source_data_name": "source_data_links 1",
        "source_data_url": "https://wetten.overheid.nl/BWBR0015703",
    }
    # ATRS 'idea' and 'design' are phases before development: imported as in development.
    doc["tier_2"]["tool_specification"]["phase"] = "idea"
    [back] = exchange.load("atrs", json.dumps([doc]))
    assert back["fields"]["status"] == "in_development"
    assert back["fields"]["publication_category"] == "impactful"  # the ATRS default (see docs)


@pytest.mark.parametrize(
    ("fields", "public_body", "sections"),
    [
        ({"roles": ["provider"], "risk_class": "high-risk"}, True, ["section_a"]),
        ({"roles": ["provider", "deployer"], "risk_class": "high-risk"}, True, ["section_a", "section_c"]),
        ({"roles": ["provider", "deployer"], "risk_class": "high-risk"}, False, ["section_a"]),
        ({"roles": ["provider"], "risk_class": "minimal", "art_6_3_condition": "b"}, True, ["section_b"]),
        ({"roles": ["provider"], "risk_class": "high-risk", "art_6_3_condition": "b"}, True, ["section_b"]),
        ({"roles": ["deployer"], "risk_class": "high-risk"}, True, ["section_c"]),
        ({"roles": ["deployer"], "risk_class": "minimal"}, True, []),
        ({"roles": ["importer"], "risk_class": "high-risk"}, True, []),
    ],
)
def test_annex_viii_sections_follow_roles_risk_and_public_body(fields, public_body, sections) -> None:  # type: ignore[no-untyped-def]
    fm = mapping().formats["annex-viii"]
    rec = _record(public_body=public_body, **fields)
    assert annex_viii.sections_for(fm, rec) == sections
    docs = json.loads(exchange.dump("annex-viii", [rec], "public"))
    assert [sorted(k for k in d if k.startswith("section_")) for d in docs] == (
        [sections] if sections else []
    )


def test_annex_viii_points() -> None:
    rec = _record(roles=["provider"], art_6_3_condition="c")
    [doc] = json.loads(exchange.dump("annex-viii", [rec], "public"))
    assert doc["section_b"]["art_6_3_condition"] == "Art. 6(3)(c)"
    assert doc["section_b"]["grounds"] == rec["fields"]["art_6_3_grounds"]
    rows = mapping().formats["annex-viii"].rows
    assert all(r.point for r in rows if r.path.startswith("section_"))


@pytest.mark.parametrize("fmt", list(exchange.FORMATS))
def test_pure_round_trip(fmt: str) -> None:
    records = [
        _record("Een", roles=["provider", "deployer"]),
        _record("Twee", roles=["provider"], risk_class="minimal", art_6_3_condition="d"),
    ]
    first = exchange.dump(fmt, records, "internal")
    loaded = exchange.load(fmt, first)
    for rec, orig in zip(loaded, records, strict=True):  # the loader does not know the organisation
        rec.update({k: v for k, v in orig.items() if k != "fields" and k not in rec})
    assert exchange.dump(fmt, loaded, "internal") == first


def test_native_formats_cover_every_field() -> None:
    keys = [f.key for f in catalogue().fields]
    assert csvfmt.columns() == ["public_id", "organisation", "workflow_status", *keys, "visibility"]
    doc = json.loads(exchange.dump("waarborg-json", [_record(art_6_3_condition="a")], "internal"))
    assert list(doc["entries"][0]["fields"]) == keys


def test_the_docs_describe_every_mapped_key() -> None:
    from pathlib import Path

    docs = (Path(__file__).parents[2] / "docs" / "exchange.md").read_text("utf-8")
    for fm in mapping().formats.values():
        for row in fm.rows:
            assert f"{row.path.rsplit('.', 1)[-1]}" in docs, (fm.name, row.path)
            assert row.field is None or f"`{row.field}`" in docs or row.field in docs, row.field
