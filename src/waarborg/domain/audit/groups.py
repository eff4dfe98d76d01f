"""Groups (one attribute or an intersection) with their confusion counts, rates and intervals."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from waarborg.domain.audit.config import LABEL_METRICS, RATE_METRICS
from waarborg.domain.audit.cube import Counts
from waarborg.domain.audit.stats import as_json_number, proportions, wilson

INTERSECTION = "×"


@dataclass(frozen=True)
class GroupSet:
    """All non-empty groups of one attribute combination; ``counts[g, label, prediction]``."""

    attrs: tuple[str, ...]
    keys: tuple[tuple[str, ...], ...]
    counts: Counts

    @property
    def name(self) -> str:
        return INTERSECTION.join(self.attrs)

    @property
    def sizes(self) -> npt.NDArray[np.int64]:
        return np.asarray(self.counts.sum(axis=(1, 2)), dtype=np.int64)

    def attributes_of(self, g: int) -> dict[str, str]:
        return dict(zip(self.attrs, self.keys[g], strict=True))


def subsets(protected: list[str], proxies: list[str]) -> list[tuple[int, ...]]:
    """Every single attribute (protected, then proxies) and every intersection of protected ones."""
    singles = [(i,) for i in range(len(protected) + len(proxies))]
    inter = [
        c for k in range(2, len(protected) + 1) for c in itertools.combinations(range(len(protected)), k)
    ]
    return singles + inter


def group_set(
    counts: Counts, attributes: tuple[str, ...], levels: tuple[tuple[str, ...], ...], subset: tuple[int, ...]
) -> GroupSet:
    """Marginalise an attribute cube ``counts[a1..ak, label, prediction]`` onto ``subset``."""
    k = len(attributes)
    drop = tuple(i for i in range(k) if i not in subset)
    margin = counts.sum(axis=drop) if drop else counts
    shape = [len(levels[i]) for i in subset]
    flat = margin.reshape(-1, 2, 2)
    keep = np.flatnonzero(flat.sum(axis=(1, 2)) > 0)
    all_keys = list(itertools.product(*(levels[i] for i in subset)))
    assert len(all_keys) == int(np.prod(shape))
    return GroupSet(
        attrs=tuple(attributes[i] for i in subset),
        keys=tuple(all_keys[j] for j in keep),
        counts=np.ascontiguousarray(flat[keep], dtype=np.int64),
    )


def metric_counts(counts: Counts) -> dict[str, tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]]:
    """Numerator and denominator of each rate for every group (``counts[g, label, prediction]``)."""
    tn, fp = counts[:, 0, 0], counts[:, 0, 1]
    fn, tp = counts[:, 1, 0], counts[:, 1, 1]
    n = tn + fp + fn + tp
    return {
        "selection_rate": (tp + fp, n),
        "tpr": (tp, tp + fn),
        "fpr": (fp, fp + tn),
        "fnr": (fn, tp + fn),
        "tnr": (tn, fp + tn),
        "ppv": (tp, tp + fp),
    }


def rates(counts: Counts, has_label: bool) -> dict[str, npt.NDArray[np.float64]]:
    """Every rate per group; NaN for a zero denominator or when the metric needs an absent label."""
    out = {}
    for metric, (num, den) in metric_counts(counts).items():
        if metric in LABEL_METRICS and not has_label:
            out[metric] = np.full(len(counts), np.nan)
        else:
            out[metric] = proportions(num, den)
    return out


def group_records(gs: GroupSet, suppressed: npt.NDArray[np.bool_], has_label: bool) -> list[dict[str, Any]]:
    """Contract records of a group set; suppressed groups carry no size, rates or intervals."""
    parts = metric_counts(gs.counts)
    values = rates(gs.counts, has_label)
    records: list[dict[str, Any]] = []
    for g in range(len(gs.keys)):
        rec: dict[str, Any] = {"attribute": gs.name, "attributes": gs.attributes_of(g)}
        if suppressed[g]:
            rec.update({"n": None, **dict.fromkeys(RATE_METRICS), "ci": {}, "suppressed": True})
        else:
            rec["n"] = int(gs.sizes[g])
            rec.update({m: as_json_number(values[m][g]) for m in RATE_METRICS})
            rec["ci"] = _intervals(parts, g, has_label)
            tn, fp, fn, tp = (int(x) for x in gs.counts[g].ravel())
            rec["counts"] = {"tp": tp, "fp": fp, "fn": fn, "tn": tn} if has_label else {"selected": fp}
            rec["suppressed"] = False
        records.append(rec)
    return records


def _intervals(parts: dict[str, tuple[Any, Any]], g: int, has_label: bool) -> dict[str, list[float]]:
    out = {}
    for metric, (num, den) in parts.items():
        if metric in LABEL_METRICS and not has_label:
            continue
        interval = wilson(int(num[g]), int(den[g]))
        if interval is not None:
            out[metric] = [interval[0], interval[1]]
    return out
