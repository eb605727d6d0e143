"""The record models: dates are checked quickly without accepting anything EDTF does not."""

from __future__ import annotations

import pytest
from edtf import parse_edtf

from build_tools.records.fields import is_edtf

DATES = [
    "2020", "2020-08", "2020-08-31", "2020-02-29", "2021-02-29", "2020-02-30", "2020-13", "2020-00",
    "2020~", "2020-08?", "2020%", "2020/2022-08", "2022-08/..", "../2020", "../..", "..", "2020-21",
    "201X", "2020/", "/2020", "early 2020", "2020-1", "20201", "2020/2021/2022", "2020-08-31~/2021",
    "2020~/2021?", "2020-08-31T10:00:00", "", "abc", "2020-08-32", "1999-12-31",
    "20XX", "2XXX", "201X~", "201X-08", "201X/2020", "201X/..", "201x", "201XX", "2010X", "X201",
]  # fmt: skip


def edtf_accepts(value: str) -> bool:
    try:
        parse_edtf(value)
    except Exception:
        return False
    return True


@pytest.mark.parametrize("value", DATES)
def test_date_check_agrees_with_the_edtf_parser(value: str) -> None:
    assert is_edtf(value) == edtf_accepts(value)
