"""Figures the archive computes from other figures. No I/O.

A derived figure names its inputs (other figures, by ID) and a formula over them using + - * /
and brackets, e.g. ``deaths / population / years * 100``. Every input is a range: an exact value
is a range of one number, "about 40" is the number 40 marked approximate, "between 1 and 2" is
1..2, "at least 5" is 5..infinity, "at most 5" is 0..5 (every unit the archive counts in is a
non-negative quantity), and the length of a period runs from the shortest to the longest its dates
allow. The formula is worked out over ranges, so the result is as uncertain as its inputs, and it
is rounded outwards to the significant figures its inputs justify: never more exact than they are.
"""

from __future__ import annotations

import ast
import math
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_EVEN, Decimal

from build_tools.records.dates import period_years, span_of
from build_tools.records.fields import MAX_NUMBER
from build_tools.records.model import Figure
from build_tools.records.parts import Input, Value
from build_tools.records.problems import quote

INF = math.inf


class CannotDerive(Exception):
    """The figure cannot be computed; the message says why, for the contributor."""

    def __init__(self, message: str, where: tuple[str | int, ...] = ("derived",)) -> None:
        super().__init__(message)
        self.where = where


@dataclass(frozen=True)
class Range:
    low: float
    high: float
    approximate: bool = False

    def __add__(self, o: Range) -> Range:
        return Range(self.low + o.low, self.high + o.high, self.approximate or o.approximate)

    def __sub__(self, o: Range) -> Range:
        return Range(self.low - o.high, self.high - o.low, self.approximate or o.approximate)

    def __mul__(self, o: Range) -> Range:
        products = [_times(a, b) for a in (self.low, self.high) for b in (o.low, o.high)]
        return Range(min(products), max(products), self.approximate or o.approximate)

    def __truediv__(self, o: Range) -> Range:
        if o.low <= 0 <= o.high:
            raise CannotDerive("the formula divides by a range that includes zero")
        inverse = Range(1 / o.high if o.high != INF else 0.0, 1 / o.low, o.approximate)
        return self * inverse

    def __neg__(self) -> Range:
        return Range(-self.high, -self.low, self.approximate)


def _times(a: float, b: float) -> float:
    return 0.0 if 0 in (a, b) else a * b  # 0 x infinity is 0 here: a bound of nothing stays nothing


@dataclass(frozen=True)
class Step:
    """One input as the calculation used it."""

    name: str
    figure: str
    use: str
    range: Range


@dataclass(frozen=True)
class Derived:
    value: Value  # the result as shown: rounded outwards, never more exact than the inputs
    range: Range  # the unrounded result
    steps: tuple[Step, ...]


_OPS = {ast.Add: Range.__add__, ast.Sub: Range.__sub__, ast.Mult: Range.__mul__, ast.Div: Range.__truediv__}


# The longest formula a derived figure may have: a few inputs and numbers, never hundreds of terms,
# so that working it out (which recurses once per bracket and operation) stays short and shallow.
MAX_FORMULA_CHARS = 200


def parse(formula: str) -> ast.expr:
    """The formula's syntax tree, if it only uses numbers, names, + - * / and brackets."""
    if len(formula) > MAX_FORMULA_CHARS:
        raise CannotDerive(
            f"the formula is {len(formula):,} characters long; a derived figure's may be at most"
            f" {MAX_FORMULA_CHARS}: derive from fewer inputs",
            ("derived", "formula"),
        )
    try:
        tree = ast.parse(formula.strip(), mode="eval").body
    except (SyntaxError, ValueError, RecursionError, MemoryError):  # ValueError: a number too long to read
        raise CannotDerive(
            f"'{quote(formula)}' is not a formula of names, numbers, + - * / and brackets", ("derived", "formula")
        ) from None
    for node in ast.walk(tree):
        allowed = (ast.BinOp, ast.UnaryOp, ast.Name, ast.Constant, ast.Load, *_OPS, ast.USub)
        if not isinstance(node, allowed) or (
            isinstance(node, ast.Constant)
            and (isinstance(node.value, bool) or not isinstance(node.value, (int, float)))
        ):
            raise CannotDerive(
                f"'{quote(formula)}' may only use names, numbers, + - * / and brackets", ("derived", "formula")
            )
    return tree


def names_in(tree: ast.expr) -> set[str]:
    return {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}


def _evaluate(node: ast.expr, env: dict[str, Range]) -> Range:
    if isinstance(node, ast.Constant):
        number = float(node.value)  # type: ignore[arg-type]  # parse() lets only numbers through
        return Range(number, number)
    if isinstance(node, ast.Name):
        return env[node.id]
    if isinstance(node, ast.UnaryOp):
        return -_evaluate(node.operand, env)
    assert isinstance(node, ast.BinOp)
    return _OPS[type(node.op)](_evaluate(node.left, env), _evaluate(node.right, env))


def value_range(value: Value) -> Range:
    if value.exact is not None:
        return Range(value.exact, value.exact)
    if value.about is not None:
        return Range(value.about, value.about, approximate=True)
    if value.between is not None:  # a range given as a minimum bounds the number from below only
        return Range(value.between[0], INF if value.or_more else value.between[1])
    if value.at_least is not None:
        return Range(value.at_least, INF)
    if value.almost is not None:  # just short of the number: the archive knows no lower bound
        return Range(0.0, value.almost)
    assert value.at_most is not None
    return Range(0.0, value.at_most)


def input_range(inp: Input, fig: Figure) -> Range:
    if inp.use == "period-years":
        years = period_years(fig.period)
        if years is None:
            raise CannotDerive(
                f"'{inp.figure}' has the period '{fig.period}', which has no known start and end to measure",
            )
        span = span_of(fig.period, period=True)
        return Range(years[0], years[1], approximate=span is not None and span.fuzzy)
    if fig.derived is not None or fig.value is None:
        raise CannotDerive(f"'{inp.figure}' is itself derived; compute from figures that sources give")
    return value_range(fig.value)


def derive(fig: Figure, lookup: Callable[[str], Figure | None]) -> Derived:
    """Work out a derived figure from its inputs; ``lookup`` finds a figure by ID."""
    assert fig.derived is not None
    d = fig.derived
    tree = parse(d.formula)
    declared = [i.name for i in d.inputs]
    for n, name in enumerate(declared):
        if name in declared[:n]:
            raise CannotDerive(f"the input name '{name}' is used twice", ("derived", "inputs", n, "name"))
    used = names_in(tree)
    if used - set(declared):
        raise CannotDerive(
            f"the formula uses {', '.join(sorted(used - set(declared)))}, which no input names", ("derived", "formula")
        )
    steps = []
    for n, inp in enumerate(d.inputs):
        if inp.name not in used:
            raise CannotDerive(f"the input '{inp.name}' is not used in the formula", ("derived", "inputs", n, "name"))
        source = lookup(inp.figure)
        if source is None:  # reported as a reference problem
            raise CannotDerive(f"the input figure '{inp.figure}' is not available", ("derived", "inputs", n, "figure"))
        try:
            steps.append(Step(inp.name, inp.figure, inp.use, input_range(inp, source)))
        except CannotDerive as exc:
            raise CannotDerive(str(exc), ("derived", "inputs", n)) from None
    result = _evaluate(tree, {s.name: s.range for s in steps})
    if math.isnan(result.low) or math.isnan(result.high):
        raise CannotDerive("the formula has no defined result for these inputs", ("derived", "formula"))
    bounded = all(math.isfinite(x) for step in steps for x in (step.range.low, step.range.high))
    ends = (result.low, result.high)
    if any(abs(end) > MAX_NUMBER for end in ends if math.isfinite(end) or bounded) or ends == (INF, INF):
        raise CannotDerive(
            "the result is larger than any record's number may be (10^15 either side of 0)", ("derived", "formula")
        )
    return Derived(as_value(result), result, tuple(steps))


# ---- rounding ------------------------------------------------------------------------------------


def _clean(x: float) -> Decimal:
    """``x`` without float noise (2.9999999999 -> 3)."""
    return Decimal(f"{x:.9g}")


def _round(x: float, digits: int, rounding: str) -> float:
    if x in (0, INF, -INF):
        return x
    d = _clean(x)
    exponent = d.adjusted() - digits + 1
    return float(d.quantize(Decimal(1).scaleb(exponent), rounding=rounding))


def as_value(r: Range) -> Value:
    """The result as a value a reader sees: outward-rounded, two significant figures from
    approximate inputs, three from exact ones; a range when the inputs leave one, marked roughly
    so when an input is approximate (its ends are no more certain than "about 40")."""
    digits = 2 if r.approximate else 3
    if r.low == -INF and r.high == INF:
        raise CannotDerive("the inputs leave the result without any bound", ("derived", "formula"))
    if r.low == -INF:
        return Value.model_validate({"at_most": _round(r.high, digits, ROUND_CEILING)})
    if r.high == INF:
        return Value.model_validate({"at_least": _round(r.low, digits, ROUND_FLOOR)})
    low, high = _round(r.low, digits, ROUND_FLOOR), _round(r.high, digits, ROUND_CEILING)
    if _clean(r.low) == _clean(r.high):
        near = _round(r.low, digits, ROUND_HALF_EVEN)
        if not r.approximate and _clean(near) == _clean(r.low):
            return Value.model_validate({"exact": near})
        return Value.model_validate({"about": near})
    return Value.model_validate({"between": [low, high], "approximate": r.approximate})
