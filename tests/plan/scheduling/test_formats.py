"""Readers of the JSPLIB and Brandimarte benchmark formats."""

import pytest

from onefactory.model import InvalidData
from onefactory.plan.scheduling import Option, parse_brandimarte, parse_jsplib

JSPLIB = """#+++++
# instance tiny
#+++++
2 3
0 3 1 2 2 2
2 4 0 1 1 3
"""

FJSP = """2 3 1.5
2  2 1 5 3 4  1 2 6
3  1 3 2  2 1 1 2 7  1 1 3
"""


def test_jsplib_reads_jobs_in_technological_order_with_machines_from_zero():
    shop = parse_jsplib(JSPLIB, "tiny")
    assert (len(shop.jobs), len(shop.stations)) == (2, 3)
    assert [op.options for op in shop.jobs[1].operations] == [(Option(2, 4),), (Option(0, 1),), (Option(1, 3),)]
    assert not shop.is_flexible
    assert shop.operation_count == 6


def test_brandimarte_reads_alternative_machines_numbered_from_one():
    shop = parse_brandimarte(FJSP, "tiny")
    assert (len(shop.jobs), len(shop.stations)) == (2, 3)
    assert shop.jobs[0].operations[0].options == (Option(0, 5), Option(2, 4))
    assert shop.jobs[0].operations[1].options == (Option(1, 6),)
    assert shop.jobs[1].operations[1].options == (Option(0, 1), Option(1, 7))
    assert shop.is_flexible


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("2 2\n0 3 1 x\n1 1 0 1\n", "line 2"),
        ("2 2\n0 3 1 2\n", "found 1 job lines"),
        ("1 2\n0 3 5 2\n", "machine 5 outside 0..1"),
        ("1 2\n0 3 1\n", "machine/time pairs"),
    ],
)
def test_jsplib_errors_name_the_line_and_value(text, words):
    with pytest.raises(InvalidData, match=words):
        parse_jsplib(text, "bad")


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("1 2 1\n2 1 1 5 2 1 3\n", "ends before its operations"),
        ("1 2 1\n1 1 3 5\n", "machine 3 outside 1..2"),
        ("1 2 1\n1 1 1 5 9\n", "1 numbers left"),
        ("x 2\n", "expected '<jobs> <machines>"),
    ],
)
def test_brandimarte_errors_name_the_line_and_value(text, words):
    with pytest.raises(InvalidData, match=words):
        parse_brandimarte(text, "bad")
