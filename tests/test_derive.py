"""Figures the archive computes: arithmetic over ranges, outward rounding to the figures the inputs
justify, formulas of nothing but names, numbers and + - * /, and errors that say where."""

from __future__ import annotations

import math
from typing import Any

import pytest

from build_tools.records.dates import period_years
from build_tools.records.derive import INF, CannotDerive, Derived, Range, as_value, derive, parse, value_range
from build_tools.records.model import Figure
from build_tools.records.parts import ONE_NUMBER, Value

YEAR = 365.25  # days; the archive's year for the length of a period

# ---- helpers ------------------------------------------------------------------------------------


def shown(v: Value) -> tuple[Any, ...]:
    """A value as (form, numbers...): what a reader is shown."""
    for form in ONE_NUMBER:
        if getattr(v, form) is not None:
            return (form, getattr(v, form))
    assert v.between is not None
    return ("between", *v.between)


def ends(r: Range) -> tuple[float, float, bool]:
    return (r.low, r.high, r.approximate)


def figure(value: dict[str, Any] | None = None, *, period: str = "2020/2022-08", **extra: Any) -> Figure:
    data: dict[str, Any] = {
        "title": "A figure",
        "measure": "deaths",
        "subjects": ["kaechon"],
        "unit": "deaths",
        "period": period,
        **extra,
    }
    if value is not None:
        data["value"] = value
    return Figure.model_validate(data)


def derived(formula: str, *inputs: tuple[str, str] | tuple[str, str, str], period: str = "2020/2022-08") -> Figure:
    """A derived figure; each input is (name, figure ID) or (name, figure ID, use)."""
    rows = [{"name": i[0], "figure": i[1], **({"use": i[2]} if len(i) > 2 else {})} for i in inputs]
    return figure(
        period=period,
        measure="annual-mortality-rate",
        unit="percent",
        derived={"formula": formula, "inputs": rows},
    )


def compute(fig: Figure, figures: dict[str, Figure]) -> Derived:
    return derive(fig, figures.get)


def refusal(fig: Figure, figures: dict[str, Figure]) -> tuple[tuple[str | int, ...], str]:
    with pytest.raises(CannotDerive) as info:
        compute(fig, figures)
    return info.value.where, str(info.value)


# ---- range arithmetic ---------------------------------------------------------------------------


def test_adding_and_subtracting_ranges_takes_the_widest_outcome() -> None:
    a, b = Range(1, 2), Range(10, 20)
    assert ends(a + b) == (11, 22, False)
    # the smallest a minus the largest b, the largest a minus the smallest b
    assert ends(a - b) == (-19, -8, False)
    assert ends(b - a) == (8, 19, False)


def test_multiplying_ranges_with_negative_ends() -> None:
    # a range across zero times a positive one: the ends are -2*5 and 3*5
    assert ends(Range(-2, 3) * Range(4, 5)) == (-10, 15, False)
    # two negative ranges give a positive one
    assert ends(Range(-3, -2) * Range(-5, -4)) == (8, 15, False)
    assert ends(Range(-3, -2) * Range(4, 5)) == (-15, -8, False)
    assert ends(-Range(1, 2)) == (-2, -1, False)


def test_dividing_ranges() -> None:
    assert ends(Range(6, 12) / Range(2, 3)) == (2, 6, False)
    assert ends(Range(6, 12) / Range(-3, -2)) == (-6, -2, False)
    # by "at least 5": from nothing up to 2/5
    assert ends(Range(1, 2) / Range(5, INF)) == (0, 0.4, False)


@pytest.mark.parametrize("divisor", [Range(0, 0), Range(0, 5), Range(-1, 1), Range(-5, 0), Range(0, INF)])
def test_dividing_by_a_range_that_includes_zero_is_refused(divisor: Range) -> None:
    with pytest.raises(CannotDerive, match="includes zero"):
        Range(1, 2) / divisor


def test_nothing_times_infinity_is_nothing() -> None:
    # "at most 2" times "at least 5": 0 to unbounded, never NaN
    got = Range(0, 2) * Range(5, INF)
    assert ends(got) == (0, INF, False)
    assert not math.isnan(got.low)


def test_an_approximate_input_makes_the_result_approximate() -> None:
    about = Range(40, 40, approximate=True)
    exact = Range(2, 2)
    for result in (about + exact, exact - about, about * exact, exact / about, -about):
        assert result.approximate
    assert not (exact * exact).approximate


# ---- the range each form of value stands for ----------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Value(exact=42), (42, 42, False)),
        (Value(about=40), (40, 40, True)),
        (Value(between=[1, 2.5]), (1, 2.5, False)),
        (Value(at_least=5), (5, INF, False)),
        # every unit the archive counts in is a non-negative quantity
        (Value(at_most=5), (0, 5, False)),
        (Value(almost=5), (0, 5, False)),
        # a range given as a minimum sets no upper bound
        (Value(between=[1500, 2500], or_more=True), (1500, INF, False)),
    ],
)
def test_value_range_for_every_form(value: Value, expected: tuple[float, float, bool]) -> None:
    assert ends(value_range(value)) == expected


# ---- rounding: outwards, never more exact than the inputs ---------------------------------------


def test_exact_inputs_giving_an_exact_number_stay_exact() -> None:
    assert shown(as_value(Range(42, 42) * Range(2, 2))) == ("exact", 84)
    assert shown(as_value(Range(2, 2) / Range(8, 8))) == ("exact", 0.25)


def test_an_exact_result_that_needs_more_figures_becomes_about() -> None:
    # 100/3 = 33.333...: three significant figures from exact inputs, and no longer exact
    assert shown(as_value(Range(100, 100) / Range(3, 3))) == ("about", 33.3)
    # 1234 has four figures: shown as about 1230, not as an exact 1230
    assert shown(as_value(Range(1234, 1234))) == ("about", 1230)


def test_approximate_inputs_give_two_significant_figures() -> None:
    # about 40 / 3 = 13.33...
    assert shown(as_value(Range(40, 40, True) / Range(3, 3))) == ("about", 13)
    assert shown(as_value(Range(40, 40, True) / Range(500, 500, True) * Range(100, 100))) == ("about", 8)


def test_a_range_is_rounded_outwards() -> None:
    # nearest rounding would give 1.3 and 5.6, a narrower range than the inputs allow
    assert shown(as_value(Range(1.26, 5.61, True))) == ("between", 1.2, 5.7)
    # the same from exact inputs: three figures, still outwards
    assert shown(as_value(Range(1.2345, 5.6712))) == ("between", 1.23, 5.68)
    # below zero, outwards is further from zero at the low end
    assert shown(as_value(Range(-1.26, -1.21, True))) == ("between", -1.3, -1.2)
    # outward rounding may carry into the next power of ten
    assert shown(as_value(Range(9.61, 9.96, True))) == ("between", 9.6, 10)


def test_float_noise_is_not_rounded_outwards() -> None:
    # 2.9999999999 is 3 computed in floating point: floored to 2 figures it must stay 3.0, not 2.9
    assert shown(as_value(Range(2.9999999999, 4.0000000001, True))) == ("between", 3.0, 4.0)
    assert shown(as_value(Range(2.9999999999, 4.0000000001))) == ("between", 3.0, 4.0)
    # 0.1 * 3 is 0.30000000000000004: an exact 0.3
    assert shown(as_value(Range(0.1, 0.1) * Range(3, 3))) == ("exact", 0.3)


def test_a_result_without_an_upper_bound_is_at_least() -> None:
    assert shown(as_value(Range(12.34, INF))) == ("at_least", 12.3)
    # the low end is floored even as a bound
    assert shown(as_value(Range(12.99, INF, True))) == ("at_least", 12)
    assert shown(as_value(Range(0, INF))) == ("at_least", 0)


# ---- formulas: names, numbers, + - * / and brackets, nothing else ---------------------------------


@pytest.mark.parametrize("formula", ["deaths / population / years * 100", "(a + b) * 2 - c / 4.5", "-a", "a"])
def test_arithmetic_formulas_are_accepted(formula: str) -> None:
    parse(formula)


@pytest.mark.parametrize(
    "formula",
    [
        "len(a)",  # a call
        "__import__('os')",
        "a.real",  # an attribute
        "a ** 2",
        "a // 2",
        "a % 2",
        "a < b",  # a comparison
        "a if b else c",
        "'40'",  # a string
        "a + '1'",
        "True",  # a boolean, though Python counts it as a number
        "a * False",
        "None",
        "1j",
        "lambda: 1",
        "a[0]",  # a subscript
        "[a, b]",
        "a = 1",  # not an expression
        "a +",
        "",
    ],
)
def test_formulas_with_anything_else_are_refused(formula: str) -> None:
    with pytest.raises(CannotDerive) as info:
        parse(formula)
    assert info.value.where == ("derived", "formula")


# ---- derive, end to end ---------------------------------------------------------------------------

MORTALITY = {
    "fig-deaths": figure({"about": 40}),
    "fig-women": figure({"about": 500}, measure="inmate-population", unit="people"),
}


def test_annualised_mortality_from_about_40_deaths_among_about_500_women() -> None:
    fig = derived(
        "deaths / population / years * 100",
        ("deaths", "fig-deaths"),
        ("population", "fig-women"),
        ("years", "fig-deaths", "period-years"),
    )
    got = compute(fig, MORTALITY)
    # The period "2020/2022-08" began some day in 2020 and ended some day in August 2022.
    # Shortest: from the last day it can have begun to the first day it can have ended, both
    #   inclusive, 2020-12-31..2022-08-01: 1 day of 2020 + 365 of 2021 + 213 of 2022
    #   (31+28+31+30+31+30+31 days to the end of July, and August 1st) = 579 days = 1.585 years.
    # Longest: 2020-01-01..2022-08-31: 366 (2020 is a leap year) + 365 + 243 (to the end of
    #   August) = 974 days = 2.667 years (974 / 365.25 is 8/3).
    # 40 / 500 = 0.08 a period, * 100 = 8 percent; / 2.667 years = 3.0, / 1.585 years = 5.047.
    # "about" makes the result approximate: two significant figures, rounded outwards: 3.0 and 5.1.
    assert shown(got.value) == ("between", 3.0, 5.1)
    assert got.range.low == pytest.approx(8 / (974 / YEAR))
    assert got.range.high == pytest.approx(8 / (579 / YEAR))
    years = next(s for s in got.steps if s.name == "years")
    assert (years.figure, years.use) == ("fig-deaths", "period-years")
    assert ends(years.range) == (pytest.approx(579 / YEAR), pytest.approx(974 / YEAR), False)
    assert [s.name for s in got.steps] == ["deaths", "population", "years"]


def test_exact_inputs_give_three_figures_for_the_same_calculation() -> None:
    exact = {"fig-deaths": figure({"exact": 40}), "fig-women": figure({"exact": 500})}
    fig = derived(
        "deaths / population / years * 100",
        ("deaths", "fig-deaths"),
        ("population", "fig-women"),
        ("years", "fig-deaths", "period-years"),
    )
    # the same 3.0 to 5.047 as above, now to three figures: 5.047 ceiled is 5.05
    assert shown(compute(fig, exact).value) == ("between", 3.0, 5.05)


def test_a_fuzzy_period_makes_the_result_approximate() -> None:
    figures = {"fig-exact": figure({"exact": 40}, period="2020~/2022-08")}
    fig = derived("deaths / years", ("deaths", "fig-exact"), ("years", "fig-exact", "period-years"))
    got = compute(fig, figures)
    assert got.range.approximate
    assert shown(got.value)[0] == "between"


def test_a_bound_carries_through_to_the_result() -> None:
    figures = {"fig-min": figure({"at_least": 40}), "fig-women": figure({"exact": 500})}
    fig = derived("deaths / population * 100", ("deaths", "fig-min"), ("population", "fig-women"))
    # at least 40 of 500 is at least 8 percent
    assert shown(compute(fig, figures).value) == ("at_least", 8)


def test_a_formula_naming_no_input_is_refused_at_the_formula() -> None:
    fig = derived("deaths / people", ("deaths", "fig-deaths"))
    where, message = refusal(fig, MORTALITY)
    assert where == ("derived", "formula")
    assert "people" in message


def test_an_input_the_formula_does_not_use_is_refused_at_its_name() -> None:
    fig = derived("deaths * 2", ("deaths", "fig-deaths"), ("population", "fig-women"))
    where, message = refusal(fig, MORTALITY)
    assert where == ("derived", "inputs", 1, "name")
    assert "population" in message


def test_an_input_name_given_twice_is_refused_at_the_second() -> None:
    fig = derived("deaths", ("deaths", "fig-deaths"), ("deaths", "fig-women"))
    where, message = refusal(fig, MORTALITY)
    assert where == ("derived", "inputs", 1, "name")
    assert "deaths" in message


def test_an_input_that_is_itself_derived_is_refused() -> None:
    rate = derived("deaths * 2", ("deaths", "fig-deaths"))
    figures = {**MORTALITY, "fig-rate": rate}
    fig = derived("rate * 2", ("rate", "fig-rate"))
    where, message = refusal(fig, figures)
    assert where == ("derived", "inputs", 0)
    assert "fig-rate" in message and "derived" in message


def test_an_input_figure_that_is_not_there_is_refused_at_its_id() -> None:
    fig = derived("deaths + other", ("deaths", "fig-deaths"), ("other", "fig-missing"))
    where, message = refusal(fig, MORTALITY)
    assert where == ("derived", "inputs", 1, "figure")
    assert "fig-missing" in message


@pytest.mark.parametrize("period", ["unknown", "2022-08/.."])
def test_the_length_of_a_period_without_two_known_ends_is_refused(period: str) -> None:
    figures = {**MORTALITY, "fig-when": figure({"about": 40}, period=period)}
    fig = derived("deaths / years", ("deaths", "fig-deaths"), ("years", "fig-when", "period-years"))
    where, message = refusal(fig, figures)
    assert where == ("derived", "inputs", 1)
    assert period in message


def test_a_period_that_may_have_lasted_no_time_cannot_divide() -> None:
    # "2020/2020-08" may have begun in August 2020 and ended at once: the shortest is 0 years
    figures = {**MORTALITY, "fig-short": figure({"about": 40}, period="2020/2020-08")}
    fig = derived("deaths / years", ("deaths", "fig-short"), ("years", "fig-short", "period-years"))
    _where, message = refusal(fig, figures)
    assert "includes zero" in message


# ---- the length of a period ---------------------------------------------------------------------


def test_period_years() -> None:
    # a period "2020" covers the whole year, a leap year of 366 days, and nothing less
    assert period_years("2020") == (pytest.approx(366 / YEAR), pytest.approx(366 / YEAR))
    assert period_years("2021") == (pytest.approx(365 / YEAR), pytest.approx(365 / YEAR))
    # worked out in test_annualised_mortality_from_about_40_deaths_among_about_500_women
    assert period_years("2020/2022-08") == (pytest.approx(579 / YEAR), pytest.approx(974 / YEAR))
    # an open or unknown end gives nothing to measure
    assert period_years("2022-08/..") is None
    assert period_years("../2019") is None
    assert period_years("unknown") is None
