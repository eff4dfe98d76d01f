"""Benchmark: classify 100,000 generated profiles on one core.

Reports profiles/second for ``classify`` (validation + engine), for ``classify(...).to_dict()`` (the
CONTRACTS JSON), peak memory with tracemalloc, and two peers on a subset of the same profiles:
validating each profile with jsonschema (what the fast validator replaces) and evaluating every rule as a
separate condition call (what the per-stage compiled functions replace).

    .venv/bin/python bench/classify.py [--n 100000] [--seed 7]
"""

from __future__ import annotations

import argparse
import copy
import gc
import random
import sys
import time
import tracemalloc
from collections import Counter
from datetime import date
from typing import Any

import jsonschema

from waarborg.domain.classification import classify, load_ruleset, profile_schema
from waarborg.domain.classification.compiled import ROLE_FACT, Rule
from waarborg.domain.classification.model import Question
from waarborg.domain.classification.ruleset import Ruleset

AS_OF = [date(2025, 6, 1), date(2026, 12, 7), date(2027, 12, 2), date(2029, 1, 1)]
CORE = {"machine_based", "autonomy", "objectives", "infers_outputs", "influences_environment"}


def _answer(q: Question, rng: random.Random) -> Any:
    values = [o.value for o in q.options]
    if q.type == "bool":
        return rng.random() < (0.97 if q.id in CORE else 0.03 if q.section == "scope" else 0.12)
    if q.type == "choice":
        return values[0] if rng.random() < 0.8 else rng.choice(values)
    if q.type == "multi":
        return rng.sample(values, k=rng.choice([0, 0, 0, 1, 1, 2])) if values else []
    if q.type == "date":
        return date(2024, 1, 1) + (date(2028, 1, 1) - date(2024, 1, 1)) * rng.random()
    if q.type == "number":
        return float(10 ** rng.uniform(20, 26))
    return "bench"


def generate(n: int, seed: int) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    questions = load_ruleset().questions
    out = []
    for _ in range(n):
        profile = {q.id: _answer(q, rng) for q in questions if q.id in CORE or rng.random() < 0.35}
        profile["output_types"] = ["predictions"]
        profile["own_name"] = rng.random() < 0.9
        profile["activities"] = rng.choice(
            [["use"], ["develop", "put-into-service", "use"], ["develop", "place-on-market"]]
        )
        if isinstance(profile.get("placed_on_market_date"), date):
            profile["placed_on_market_date"] = profile["placed_on_market_date"].isoformat()
        out.append(profile)
    return out


def rate(func: Any, profiles: list[dict[str, Any]]) -> float:
    """Profiles per CPU second of this process (robust on a shared machine; the loop is single-threaded)."""
    gc.collect()
    start = time.process_time()
    for i, p in enumerate(profiles):
        func(p, AS_OF[i & 3])
    return len(profiles) / (time.process_time() - start)


def _naive_stage(rules: tuple[Rule, ...]) -> Any:
    def stage(f: dict[str, Any], d: dict[str, Any], tr: Any) -> list[int]:
        out = []
        for i, r in enumerate(rules):
            if r.applies_from is not None and d[r.applies_from] is None:
                tr(r.not_in_force)
            elif not r.when(f, d):
                tr(r.no)
            elif r.unless is not None and r.unless(f, d):
                tr(r.exc)
            else:
                tr(r.yes)
                out.append(i)
                fact = ROLE_FACT.get(r.data.get("role") or r.data.get("shift_to") or "")
                if fact:
                    f[fact] = True
        return out

    return stage


def naive_ruleset(rs: Ruleset) -> Ruleset:
    """The same ruleset evaluated one condition call per rule (the peer)."""
    peer = copy.copy(rs)
    peer.groups = {name: (rules, _naive_stage(rules)) for name, (rules, _stage) in rs.groups.items()}
    obligations = rs.obligations
    peer.obligation_filter = lambda f, d: [i for i, o in enumerate(obligations) if o.when(f, d)]
    peer.obligation_cache = {}
    return peer


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rs = load_ruleset()
    print(f"generating {args.n:,} profiles ...", file=sys.stderr)
    profiles = generate(args.n, args.seed)
    classes = Counter(classify(p, AS_OF[i & 3], rs).risk_class for i, p in enumerate(profiles[:10_000]))

    engine = rate(lambda p, d: classify(p, d, rs), profiles)
    to_json = rate(lambda p, d: classify(p, d, rs).to_dict(), profiles)

    tracemalloc.start()
    for i, p in enumerate(profiles[:20_000]):
        classify(p, AS_OF[i & 3], rs)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    subset = profiles[:5_000]
    validator = jsonschema.Draft202012Validator(profile_schema(rs))
    json_schema_rate = rate(lambda p, d: list(validator.iter_errors(p)), subset)
    naive = naive_ruleset(rs)
    naive_sample = [classify(p, AS_OF[i & 3], naive).to_dict() for i, p in enumerate(subset[:500])]
    assert naive_sample == [classify(p, AS_OF[i & 3], rs).to_dict() for i, p in enumerate(subset[:500])]
    per_rule = lambda p, d: classify(p, d, naive)  # noqa: E731
    per_rule_rate = rate(per_rule, subset)

    print(f"{'measure':<52} {'value':>14}")
    print(f"{'profiles classified':<52} {args.n:>14,}")
    print(f"{'classify(): profiles per CPU-second (one core)':<52} {engine:>14,.0f}")
    print(f"{'classify().to_dict(): profiles/s':<52} {to_json:>14,.0f}")
    print(f"{'peak traced memory over 20,000 classifications (MiB)':<52} {peak / 2**20:>14.2f}")
    print(f"{'peer: jsonschema validation only, profiles/s':<52} {json_schema_rate:>14,.0f}")
    print(f"{'peer: same engine, one call per rule, profiles/s':<52} {per_rule_rate:>14,.0f}")
    print(f"{'ratio classify / jsonschema validation':<52} {engine / json_schema_rate:>14.1f}")
    print(f"{'ratio compiled stages / one call per rule':<52} {engine / per_rule_rate:>14.1f}")
    print(f"{'goal >= 20,000 profiles/s':<52} {'met' if engine >= 20_000 else 'NOT met':>14}")
    print("risk classes in the first 10,000:", dict(sorted(classes.items())))


if __name__ == "__main__":
    main()
