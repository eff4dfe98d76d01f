"""A tiny, safe condition language for rulesets, compiled once at load time.

Conditions are Python-like boolean expressions over profile answers and derived facts::

    emotion_recognition and 'workplace' in emotion_context and emotion_purpose not in ['medical', 'safety']
    training_compute_flop > 1e25 or commission_designated
    placed_on_market_date < dates.legacy_cutoff_annex_iii

Only a whitelist of syntax is accepted (boolean operators, comparisons, membership, constants, lists,
names and ``dates.<key>``). Names must be known question ids or derived facts; ``dates.<key>`` must be a
date key of the ruleset. Ordering comparisons are None-safe (an unanswered value never satisfies them).
The expression is rewritten into a Python lambda ``(f, d) -> bool`` where ``f`` is the fact mapping and
``d`` the resolved dates, and compiled to bytecode, so evaluating it costs one function call.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Collection, Mapping
from typing import Any, cast

Condition = Callable[[Mapping[str, Any], Mapping[str, Any]], Any]


class ExpressionError(ValueError):
    """The expression is not valid in the condition language; the message says why."""


_ORDERING = {ast.Lt: "_lt", ast.LtE: "_le", ast.Gt: "_gt", ast.GtE: "_ge"}
_ALLOWED = (
    ast.Expression,
    ast.BoolOp,
    ast.And,
    ast.Or,
    ast.UnaryOp,
    ast.Not,
    ast.Compare,
    ast.Eq,
    ast.NotEq,
    ast.In,
    ast.NotIn,
    ast.Is,
    ast.IsNot,
    ast.Constant,
    ast.List,
    ast.Tuple,
    ast.Name,
    ast.Load,
    ast.Attribute,
    *_ORDERING,
)


def _lt(a: Any, b: Any) -> bool:
    return a is not None and b is not None and bool(a < b)


def _le(a: Any, b: Any) -> bool:
    return a is not None and b is not None and bool(a <= b)


def _gt(a: Any, b: Any) -> bool:
    return a is not None and b is not None and bool(a > b)


def _ge(a: Any, b: Any) -> bool:
    return a is not None and b is not None and bool(a >= b)


def _contains(container: Any, item: Any) -> bool:
    return container is not None and item in container


_GLOBALS: dict[str, Any] = {
    "__builtins__": {},
    "_lt": _lt,
    "_le": _le,
    "_gt": _gt,
    "_ge": _ge,
    "_in": _contains,
}


class _Rewriter(ast.NodeTransformer):
    """Checks names and rewrites them into dictionary look-ups."""

    def __init__(
        self, names: Collection[str], date_keys: Collection[str], containers: Collection[str]
    ) -> None:
        self.names = names
        self.date_keys = date_keys
        self.containers = containers
        self.used: set[str] = set()

    def visit_Name(self, node: ast.Name) -> ast.AST:
        if node.id in ("True", "False", "None"):
            return ast.Constant(value={"True": True, "False": False, "None": None}[node.id])
        if node.id not in self.names:
            raise ExpressionError(f"unknown name '{node.id}' (not a question id or derived fact)")
        self.used.add(node.id)
        return ast.Subscript(
            value=ast.Name(id="f", ctx=ast.Load()), slice=ast.Constant(node.id), ctx=ast.Load()
        )

    def visit_Attribute(self, node: ast.Attribute) -> ast.AST:
        if not (isinstance(node.value, ast.Name) and node.value.id == "dates"):
            raise ExpressionError("only 'dates.<key>' attribute access is allowed")
        if node.attr not in self.date_keys:
            raise ExpressionError(f"unknown date key 'dates.{node.attr}'")
        return ast.Subscript(
            value=ast.Name(id="d", ctx=ast.Load()), slice=ast.Constant(node.attr), ctx=ast.Load()
        )

    def visit_List(self, node: ast.List) -> ast.AST:
        return self._constant_set(node)

    def visit_Tuple(self, node: ast.Tuple) -> ast.AST:
        return self._constant_set(node)

    def _constant_set(self, node: ast.List | ast.Tuple) -> ast.AST:
        if not all(isinstance(e, ast.Constant) for e in node.elts):
            raise ExpressionError("lists may only hold constants")
        values = frozenset(e.value for e in node.elts if isinstance(e, ast.Constant))
        return ast.Constant(value=cast(Any, values))

    def _container(self, node: ast.expr) -> bool:
        return (
            isinstance(node, ast.Subscript)
            and isinstance(node.slice, ast.Constant)
            and isinstance(node.value, ast.Name)
            and node.value.id == "f"
            and node.slice.value in self.containers
        )

    def visit_Compare(self, node: ast.Compare) -> ast.AST:
        self.generic_visit(node)
        if len(node.ops) != 1:
            raise ExpressionError("chained comparisons are not allowed")
        op, left, right = node.ops[0], node.left, node.comparators[0]
        helper = _ORDERING.get(type(op))
        if helper is not None:
            return ast.Call(func=ast.Name(id=helper, ctx=ast.Load()), args=[left, right], keywords=[])
        if (
            isinstance(op, ast.In | ast.NotIn)
            and not isinstance(right, ast.Constant)
            and not self._container(right)
        ):
            call: ast.expr = ast.Call(
                func=ast.Name(id="_in", ctx=ast.Load()), args=[right, left], keywords=[]
            )
            return ast.UnaryOp(op=ast.Not(), operand=call) if isinstance(op, ast.NotIn) else call
        if isinstance(op, ast.Is | ast.IsNot) and not (
            isinstance(right, ast.Constant) and right.value is None
        ):
            raise ExpressionError("'is' may only compare with None")
        return node


def compile_condition(
    text: str, names: Collection[str], date_keys: Collection[str] = (), containers: Collection[str] = ()
) -> tuple[Condition, frozenset[str], ast.expr]:
    """Compile ``text``; returns the evaluator, the set of names it reads and the rewritten expression.

    ``containers`` are names whose value is always a set (membership tests on them need no None check).
    Raises ExpressionError naming the offending construct.
    """
    if not isinstance(text, str) or not text.strip():
        raise ExpressionError("condition must be a non-empty string")
    try:
        tree = ast.parse(" ".join(text.split()), mode="eval")
    except SyntaxError as exc:
        raise ExpressionError(f"syntax error in '{text}': {exc.msg}") from None
    for node in ast.walk(tree):
        if not isinstance(node, _ALLOWED):
            raise ExpressionError(f"'{type(node).__name__}' is not allowed in conditions")
    rewriter = _Rewriter(names, date_keys, containers)
    body = rewriter.visit(tree.body)
    lam = ast.Expression(
        body=ast.Lambda(
            args=ast.arguments(
                posonlyargs=[],
                args=[ast.arg(arg="f"), ast.arg(arg="d")],
                kwonlyargs=[],
                kw_defaults=[],
                defaults=[],
            ),
            body=body,
        )
    )
    ast.fix_missing_locations(lam)
    code = compile(lam, f"<condition: {text[:60]}>", "eval")
    func: Condition = eval(code, dict(_GLOBALS))
    return func, frozenset(rewriter.used), body


def always(_f: Mapping[str, Any], _d: Mapping[str, Any]) -> bool:
    """The condition used when a rule has no ``when``."""
    return True


TRUE_AST: ast.expr = ast.Constant(value=True)


class StageItem:
    """One rule as the stage compiler sees it."""

    __slots__ = ("date_key", "set_fact", "traces", "unless", "when")

    def __init__(
        self,
        when: ast.expr,
        unless: ast.expr | None,
        date_key: str | None,
        traces: tuple[Any, Any, Any, Any],
        set_fact: str | None = None,
    ) -> None:
        self.when = when
        self.unless = unless
        self.date_key = date_key
        self.traces = traces  # (applies, does not apply, exception applies, not in force)
        self.set_fact = set_fact


Stage = Callable[[dict[str, Any], Mapping[str, Any], Callable[[Any], None]], list[int]]


def _stmt(src: str) -> list[ast.stmt]:
    return ast.parse(src).body


def compile_stage(items: list[StageItem], name: str) -> Stage:
    """Compile a list of rules into one function ``(facts, dates, trace_append) -> matched indices``.

    Every rule is evaluated in order and appends exactly one trace step; a rule with ``set_fact`` sets that
    fact to True as soon as it matches, so later rules of the stage can read it. One generated function per
    stage avoids a Python call per rule (the engine's hot path).
    """
    namespace: dict[str, Any] = dict(_GLOBALS)
    body: list[ast.stmt] = _stmt("r = []\nra = r.append")
    for i, item in enumerate(items):
        for k, trace in enumerate(item.traces):
            namespace[f"T{i}_{k}"] = trace
        on_match = _stmt(f"tr(T{i}_0)\nra({i})")
        if item.set_fact:
            on_match += _stmt(f"f[{item.set_fact!r}] = True")
        matched: list[ast.stmt] = on_match
        if item.unless is not None:
            matched = [ast.If(test=item.unless, body=_stmt(f"tr(T{i}_2)"), orelse=on_match)]
        chain: ast.stmt = ast.If(test=item.when, body=matched, orelse=_stmt(f"tr(T{i}_1)"))
        if item.date_key is not None:
            chain = ast.If(
                test=ast.parse(f"d[{item.date_key!r}] is None", mode="eval").body,
                body=_stmt(f"tr(T{i}_3)"),
                orelse=[chain],
            )
        body.append(chain)
    body += _stmt("return r")
    func = ast.FunctionDef(
        name=f"stage_{name.replace('-', '_')}",
        args=ast.arguments(
            posonlyargs=[],
            args=[ast.arg(arg="f"), ast.arg(arg="d"), ast.arg(arg="tr")],
            kwonlyargs=[],
            kw_defaults=[],
            defaults=[],
        ),
        body=body,
        decorator_list=[],
        returns=None,
    )
    module = ast.Module(body=[func], type_ignores=[])
    ast.fix_missing_locations(module)
    exec(compile(module, f"<stage {name}>", "exec"), namespace)
    stage: Stage = namespace[func.name]
    return stage


def compile_filter(
    conditions: list[ast.expr], name: str
) -> Callable[[dict[str, Any], Mapping[str, Any]], list[int]]:
    """Compile conditions into one function returning the indices of those that hold (no trace)."""
    body: list[ast.stmt] = _stmt("r = []\nra = r.append")
    for i, cond in enumerate(conditions):
        body.append(ast.If(test=cond, body=_stmt(f"ra({i})"), orelse=[]))
    body += _stmt("return r")
    func = ast.FunctionDef(
        name=f"filter_{name}",
        args=ast.arguments(
            posonlyargs=[],
            args=[ast.arg(arg="f"), ast.arg(arg="d")],
            kwonlyargs=[],
            kw_defaults=[],
            defaults=[],
        ),
        body=body,
        decorator_list=[],
        returns=None,
    )
    module = ast.Module(body=[func], type_ignores=[])
    ast.fix_missing_locations(module)
    namespace: dict[str, Any] = dict(_GLOBALS)
    exec(compile(module, f"<filter {name}>", "exec"), namespace)
    result: Callable[[dict[str, Any], Mapping[str, Any]], list[int]] = namespace[func.name]
    return result
