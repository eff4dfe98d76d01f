"""The compiled ruleset: questions, rules, obligations and dates, checked and compiled at load time."""

from __future__ import annotations

import ast
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from waarborg.domain.classification.compiled import (
    DERIVED_STAGE,
    ROLE_FACT,
    SET_FACTS,
    SPECIAL_DATES,
    STAGE_INDEX,
    DatedKey,
    DateValue,
    ObligationRule,
    Rule,
)
from waarborg.domain.classification.expr import (
    TRUE_AST,
    Condition,
    ExpressionError,
    Stage,
    StageItem,
    always,
    compile_condition,
    compile_filter,
    compile_stage,
)
from waarborg.domain.classification.loader import RulesetError
from waarborg.domain.classification.model import Option, Question, Source, Text, TraceStep
from waarborg.domain.classification.profile import ProfileValidator

RULE_PAYLOAD = [
    "element",
    "required",
    "impactful_algorithm",
    "role",
    "shift_to",
    "territorial",
    "exclusion",
    "phase",
    "point",
    "route",
    "section",
    "derogation",
    "override",
    "paragraph",
    "holder",
    "gpai",
    "effect",
    "deadline",
    "groups",
    "convention",
    "implemented_by",
]


class Ruleset:
    """A loaded ruleset. Immutable after construction; safe to share between threads."""

    def __init__(self, doc: Mapping[str, Any], origin: str) -> None:
        self.origin = origin
        self.id: str = doc["id"]
        self.version: str = doc["version"]
        self.ref = f"{self.id}@{self.version}"
        self.extends: str | None = doc.get("extends")
        self.title = Text(**doc["title"])
        self.in_force = date.fromisoformat(doc["in_force"])
        self.sources: dict[str, Mapping[str, Any]] = dict(doc["sources"])
        self._amendments = {
            k: (date.fromisoformat(v["in_force"]), v) for k, v in (doc.get("amendments") or {}).items()
        }
        self.dates = {k: self._compile_date(k, v) for k, v in doc["dates"].items()}
        self.questions = tuple(self._compile_question(q) for q in doc["questions"])
        self.question_map = {q.id: q for q in self.questions}
        _unique("questions", [q.id for q in self.questions], origin)
        self.assumed: dict[str, Any] = {q["id"]: q["assume"] for q in doc["questions"] if "assume" in q}
        self.validator = ProfileValidator(self.questions)
        self.names = frozenset(self.question_map) | frozenset(DERIVED_STAGE)
        self.containers = frozenset(q.id for q in self.questions if q.type == "multi") | SET_FACTS
        _unique("rules", [r["id"] for r in doc["rules"]], origin)
        rules = [self._compile_rule(r) for r in doc["rules"]]
        self.obligations = tuple(self._compile_obligation(o) for o in doc["obligations"])
        _unique("obligations", [o.node for o in self.obligations], origin)
        self.groups = self._build_groups(rules)
        self.unverified_groups = frozenset(
            n for n, (rs, _s) in self.groups.items() if any(not r.verified for r in rs)
        )
        self.obligation_filter = compile_filter([o.when_ast for o in self.obligations], "obligations")
        self.convention: Mapping[str, Any] = doc["convention"]
        self._check_convention()
        self.ask_if: dict[str, Condition] = {
            q.id: self._condition(q.ask_if, f"question '{q.id}' ask_if", "convention")
            for q in self.questions
            if q.ask_if
        }
        self._date_cache: dict[date, tuple[dict[str, date | None], dict[str, DateValue]]] = {}
        self.obligation_cache: dict[tuple[Any, ...], Any] = {}

    # ------------------------------------------------------------------ public helpers
    def dates_at(self, as_of: date) -> tuple[dict[str, date | None], dict[str, DateValue]]:
        """Resolved dates on ``as_of``: a key->date map (for conditions) and key->DateValue (for output)."""
        hit = self._date_cache.get(as_of)
        if hit is None:
            info = {k: d.at(as_of) for k, d in self.dates.items()}
            hit = ({k: v.value for k, v in info.items()}, info)
            if len(self._date_cache) < 4096:
                self._date_cache[as_of] = hit
        return hit

    def source_url(self, key: str) -> str:
        return str(self.sources[key]["url"])

    def __repr__(self) -> str:
        return f"Ruleset({self.ref!r})"

    # ------------------------------------------------------------------ compilation
    def _build_groups(self, rules: list[Rule]) -> dict[str, tuple[tuple[Rule, ...], Stage]]:
        """Rules split into the groups the engine evaluates, each compiled into one function."""
        selectors: dict[str, Callable[[Rule], bool]] = {
            "definition": lambda r: r.stage == "definition" and "element" in r.data,
            "impactful": lambda r: r.stage == "definition" and "element" not in r.data,
            "role": lambda r: r.stage == "role",
            "territorial": lambda r: r.stage == "scope" and "territorial" in r.data,
            "exclusion": lambda r: r.stage == "scope" and "exclusion" in r.data,
            "prohibited": lambda r: r.stage == "prohibited",
            "routes": lambda r: r.stage == "high-risk" and "route" in r.data,
            "override": lambda r: r.stage == "high-risk" and "override" in r.data,
            "derogation": lambda r: r.stage == "high-risk" and "derogation" in r.data,
            "role-shift": lambda r: r.stage == "role-shift",
            "transparency": lambda r: r.stage == "transparency",
            "gpai": lambda r: r.stage == "gpai",
            "scope-late": lambda r: r.stage == "scope-late",
            "legacy": lambda r: r.stage == "legacy",
            "conv-excluded": lambda r: r.stage == "convention" and r.data["convention"] == "excluded",
            "conv-applies": lambda r: r.stage == "convention" and r.data["convention"] == "applies",
            "conv-article": lambda r: r.stage == "convention" and r.data["convention"] == "article",
        }
        groups = {}
        for name, select in selectors.items():
            chosen = tuple(r for r in rules if select(r))
            items = [
                StageItem(
                    r.when_ast,
                    r.unless_ast,
                    r.applies_from,
                    (r.yes, r.no, r.exc, r.not_in_force),
                    ROLE_FACT.get(r.data.get("role") or r.data.get("shift_to") or ""),
                )
                for r in chosen
            ]
            groups[name] = (chosen, compile_stage(items, name))
        return groups

    def _fail(self, node: str, reason: str) -> RulesetError:
        return RulesetError.at(f"{self.origin}: {node}", reason)

    def _source(self, key: str, node: str) -> Mapping[str, Any]:
        if key not in self.sources:
            raise self._fail(node, f"unknown source '{key}' (known: {', '.join(sorted(self.sources))})")
        return self.sources[key]

    def _compile_date(self, key: str, raw: Mapping[str, Any]) -> DatedKey:
        node = f"dates node '{key}'"
        verified = bool(self._source(raw["source"], node).get("verified", True))
        amended = []
        for name, value in (raw.get("amended") or {}).items():
            if name not in self._amendments:
                raise self._fail(node, f"unknown amendment '{name}'")
            new = date.fromisoformat(value) if value else None
            amended.append((name, self._amendments[name][0], new))
        amended.sort(key=lambda a: a[1])
        original = date.fromisoformat(raw["original"]) if raw.get("original") else None
        return DatedKey(key, original, tuple(amended), verified)

    def _compile_question(self, raw: Mapping[str, Any]) -> Question:
        node = f"questions node '{raw['id']}'"
        src = self._source(raw["source"]["source"], node)
        options = tuple(Option(o["value"], Text(**o["label"])) for o in raw.get("options") or [])
        _unique(f"options of question '{raw['id']}'", [o.value for o in options], self.origin)
        return Question(
            id=raw["id"],
            type=raw["type"],
            section=raw["section"],
            text=Text(**raw["text"]),
            help=Text(**raw["help"]) if raw.get("help") else None,
            options=options,
            source=Source(raw["source"]["article"], str(src["url"]), bool(src.get("verified", True))),
            ask_if=raw.get("ask_if"),
            default=raw.get("default"),
            required=bool(raw.get("required", False)),
        )

    def _condition(self, text: str | None, node: str, stage: str) -> Condition:
        return self._compile(text, node, stage)[0]

    def _compile(self, text: str | None, node: str, stage: str) -> tuple[Condition, ast.expr]:
        if text is None:
            return always, TRUE_AST
        try:
            func, used, tree = compile_condition(text, self.names, tuple(self.dates), self.containers)
        except ExpressionError as exc:
            raise self._fail(node, str(exc)) from None
        limit = STAGE_INDEX[stage]
        for name in used:
            if DERIVED_STAGE.get(name, -1) > limit:
                raise self._fail(node, f"'{name}' is only known after this step ({stage})")
        return func, tree

    def _date_key(self, key: str | None, node: str, allow_high_risk: bool = False) -> str | None:
        if key is None or (allow_high_risk and key in SPECIAL_DATES):
            return key
        if key not in self.dates:
            raise self._fail(node, f"unknown date key '{key}'")
        return key

    def _compile_rule(self, raw: Mapping[str, Any]) -> Rule:
        node = f"rules node '{raw['id']}'"
        step = raw["step"]
        stage = {("role", True): "role-shift", ("scope", True): "scope-late"}.get(
            (step, bool(raw.get("shift_to")) or raw.get("phase") == "late"), step
        )
        src = self._source(raw["source"], node)
        url = str(src["url"])
        verified = bool(raw.get("verified", src.get("verified", True)))
        applies_from = self._date_key(raw.get("applies_from"), node)
        self._date_key(raw.get("deadline"), node)

        def trace(outcome: str) -> TraceStep:
            return TraceStep(step, raw["id"], raw["article"], outcome, url, verified)

        data = {k: raw[k] for k in RULE_PAYLOAD if k in raw}
        when, when_ast = self._compile(raw.get("when"), f"{node} field 'when'", stage)
        unless, unless_ast = (
            self._compile(raw["unless"], f"{node} field 'unless'", stage)
            if raw.get("unless")
            else (None, None)
        )
        return Rule(
            id=raw["id"],
            step=step,
            stage=stage,
            article=raw["article"],
            url=url,
            verified=verified,
            when=when,
            unless=unless,
            when_ast=when_ast,
            unless_ast=unless_ast,
            yes=trace(raw["outcome"]),
            no=trace(raw.get("outcome_no") or "does not apply"),
            exc=trace(raw.get("outcome_unless") or "exception applies") if raw.get("unless") else None,
            not_in_force=trace("not part of the law on the evaluation date"),
            upcoming=trace("matches, but applies only from a later date (see upcoming_prohibitions)"),
            applies_from=applies_from,
            data=data,
        )

    def _compile_obligation(self, raw: Mapping[str, Any]) -> ObligationRule:
        node_id = raw["id"] + (f"#{raw['variant']}" if raw.get("variant") else "")
        node = f"obligations node '{node_id}'"
        src = self._source(raw["source"], node)
        when, when_ast = self._compile(raw["when"], f"{node} field 'when'", "obligations")
        return ObligationRule(
            node=node_id,
            id=raw["id"],
            article=raw["article"],
            title_en=raw["title"]["en"],
            title_nl=raw["title"]["nl"],
            holder=raw["holder"],
            when=when,
            when_ast=when_ast,
            exempt_if=self._condition(raw["exempt_if"], f"{node} field 'exempt_if'", "obligations")
            if raw.get("exempt_if")
            else None,
            applies_from=str(self._date_key(raw["applies_from"], node, allow_high_risk=True)),
            groups=frozenset(raw.get("groups") or ()),
            note=raw.get("note", ""),
            url=str(src["url"]),
            verified=bool(raw.get("verified", src.get("verified", True))),
        )

    def _check_convention(self) -> None:
        conv = self.convention
        self._source(conv["treaty"]["source"], "convention.treaty")
        question = self.question_map.get(conv["party_question"])
        if question is None:
            raise self._fail("convention", f"party_question '{conv['party_question']}' is not a question")
        missing = {o.value for o in question.options} - set(conv["parties"])
        if missing:
            raise self._fail("convention", f"parties missing for options: {', '.join(sorted(missing))}")


def _unique(section: str, ids: list[str], origin: str = "ruleset") -> None:
    seen: set[str] = set()
    for ident in ids:
        if ident in seen:
            raise RulesetError.at(f"{origin}: {section} node '{ident}'", f"duplicate id '{ident}'")
        seen.add(ident)
