"""Extension point: capabilities contribute HTML panels to entry pages without editing them.

A panel function takes (ctx, session, entry) and returns Markup or None. Kinds:
``public_entry`` (the public register page; MUST show public content only) and ``org_entry`` (the
organisation's own entry page).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any

from markupsafe import Markup

PanelFn = Callable[[Any, Any, Any], Markup | None]
_PANELS: dict[str, list[tuple[int, PanelFn]]] = defaultdict(list)


def register_panel(kind: str, order: int = 50) -> Callable[[PanelFn], PanelFn]:
    def deco(fn: PanelFn) -> PanelFn:
        if all(existing is not fn for _, existing in _PANELS[kind]):
            _PANELS[kind].append((order, fn))
            _PANELS[kind].sort(key=lambda p: p[0])
        return fn

    return deco


def render_panels(kind: str, ctx: Any, session: Any, entry: Any) -> list[Markup]:
    out = []
    for _, fn in _PANELS.get(kind, []):
        html = fn(ctx, session, entry)
        if html:
            out.append(html)
    return out
