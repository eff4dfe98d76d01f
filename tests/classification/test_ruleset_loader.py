"""Rulesets: discovery, schema validation at load time, broken rulesets refused, data-only variants."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.classification.support import profile
from waarborg.domain.classification import (
    RulesetError,
    available_rulesets,
    classify,
    load_ruleset,
    load_ruleset_file,
)
from waarborg.domain.classification.loader import rules_dir

HERE = Path(__file__).parent / "rulesets"


def test_available_and_default() -> None:
    assert "eu-ai-act@2026.12" in available_rulesets()
    assert load_ruleset() is load_ruleset("eu-ai-act@2026.12")
    assert load_ruleset("eu-ai-act").ref == "eu-ai-act@2026.12"


def test_unknown_ruleset_named() -> None:
    with pytest.raises(RulesetError, match="unknown ruleset 'nope@1'"):
        load_ruleset("nope@1")


def test_every_rule_cites_article_and_url(ruleset: Any) -> None:
    for rules, _stage in ruleset.groups.values():
        for rule in rules:
            assert rule.article and rule.url.startswith("http"), rule.id
    for ob in ruleset.obligations:
        assert ob.article.startswith("Art") and ob.url.startswith("http"), ob.node
    for q in ruleset.questions:
        assert q.source.article and q.source.url.startswith("http"), q.id


def _write_broken(tmp_path: Path, mutate: Any) -> Path:
    """A copy of the EU ruleset (includes resolved into one file) with one mutation applied."""
    from waarborg.domain.classification.loader import read_document

    doc = read_document(rules_dir() / "eu-ai-act" / "2026.12.yaml")
    mutate(doc)
    target = tmp_path / "broken" / "1.yaml"
    target.parent.mkdir()
    target.write_text(json.dumps(doc), "utf-8")  # JSON is YAML, and much faster to write
    return target


def _rule(doc: dict[str, Any], ident: str) -> dict[str, Any]:
    return next(r for r in doc["rules"] if r["id"] == ident)


BROKEN = [
    ("unknown name", lambda d: _rule(d, "p-5-1-e-face-scraping").update(when="face_scrapping"),
     "rules node 'p-5-1-e-face-scraping' field 'when'.*unknown name 'face_scrapping'"),
    ("syntax", lambda d: _rule(d, "p-5-1-a-manipulation").update(when="manipulative_techniques and"),
     "rules node 'p-5-1-a-manipulation' field 'when'.*syntax error"),
    ("forbidden call", lambda d: _rule(d, "g-model").update(when="__import__('os')"),
     "rules node 'g-model' field 'when'.*not allowed"),
    ("missing source", lambda d: _rule(d, "g-model").pop("source"),
     "rules node 'g-model'.*'source' is a required property"),
    ("unknown source", lambda d: _rule(d, "g-model").update(source="nowhere"),
     "rules node 'g-model'.*unknown source 'nowhere'"),
    ("unknown date key", lambda d: _rule(d, "g-model").update(applies_from="someday"),
     "rules node 'g-model'.*unknown date key 'someday'"),
    ("fact from a later step", lambda d: _rule(d, "p-5-1-e-face-scraping").update(when="face_scraping and high_risk"),
     "rules node 'p-5-1-e-face-scraping'.*'high_risk' is only known after this step"),
    ("duplicate id", lambda d: d["rules"].append(dict(_rule(d, "g-model"))), "rules node 'g-model'.*duplicate id"),
    ("bad step", lambda d: _rule(d, "g-model").update(step="magic"), "rules node 'g-model' field 'step'"),
    ("prohibited without point", lambda d: _rule(d, "p-5-1-e-face-scraping").pop("point"),
     "rules node 'p-5-1-e-face-scraping'.*'point' is a required property"),
    ("question without text", lambda d: d["questions"][0].pop("text"), "questions node 'name'.*'text'"),
    ("choice without options", lambda d: next(q for q in d["questions"] if q["id"] == "crime_prediction").pop("options"),
     "questions node 'crime_prediction'"),
    ("bad date", lambda d: d["dates"]["gpai"].update(original="2025-8-2"), "dates/gpai/original"),
    ("unknown amendment", lambda d: d["dates"]["annex_i"]["amended"].update(other="2029-01-01"),
     "dates node 'annex_i'.*unknown amendment 'other'"),
    ("obligation bad holder", lambda d: d["obligations"][0].update(holder="everyone"),
     "obligations node 'art-4-ai-literacy#provider' field 'holder'"),
    ("obligation bad condition", lambda d: d["obligations"][2].update(when="prohibited or"),
     "obligations node 'art-5-cease-prohibited-practice' field 'when'"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("mutate", "message"), [(m, msg) for _n, m, msg in BROKEN], ids=[n for n, *_ in BROKEN]
)
def test_broken_ruleset_refused(tmp_path: Path, mutate: Any, message: str) -> None:
    path = _write_broken(tmp_path, mutate)
    with pytest.raises(RulesetError, match=message) as info:
        load_ruleset_file(path)
    assert info.value.errors and "1.yaml" in info.value.errors[0]


def test_invalid_yaml_refused(tmp_path: Path) -> None:
    path = tmp_path / "x" / "1.yaml"
    path.parent.mkdir()
    path.write_text("id: [unclosed", "utf-8")
    with pytest.raises(RulesetError, match="invalid YAML"):
        load_ruleset_file(path)


def test_national_variant_is_pure_data() -> None:
    rs = load_ruleset_file(HERE / "nl-variant" / "2027.1.yaml", search_dir=HERE)
    assert rs.ref == "nl-variant@2027.1"
    answers = profile(annex_iii_points=["5(a)"], organisation_type="public-authority", significant_effect=True,
                      predicts_tax_fraud_by_nationality=True)  # fmt: skip
    result = classify(answers, date(2027, 6, 1), rs)
    assert result.risk_class == "prohibited" and result.prohibited == ["NL-1"]
    obligations = {o.id: o for o in result.obligations}
    assert obligations["nl-1-stop-nationality-profiling"].status == "applicable"
    assert obligations["art-27-fria"].applies_from == date(2028, 6, 1)
    assert obligations["art-27-fria"].amended_by == "nl-2027"
    assert "art-86-right-to-explanation" not in obligations
    before = classify(answers, date(2026, 12, 7), rs)
    assert before.risk_class == "high-risk" and before.upcoming_prohibitions[0]["point"] == "NL-1"
    assert {o.id: o for o in before.obligations}["art-27-fria"].applies_from == date(2027, 12, 2)


def test_future_amendment_ruleset() -> None:
    rs = load_ruleset_file(HERE / "eu-ai-act" / "2028.1.yaml", search_dir=HERE)
    chatbot = profile(interacts_with_persons=True)
    ob = classify(chatbot, date(2027, 7, 1), rs).obligations
    notice = next(o for o in ob if o.id == "art-50-1-interaction-notice")
    assert (notice.applies_from, notice.status, notice.amended_by) == (
        date(2028, 1, 1),
        "not-yet-applicable",
        "future",
    )
    old = next(
        o for o in classify(chatbot, date(2027, 7, 1), load_ruleset()).obligations if o.id == notice.id
    )
    assert old.status == "applicable"
