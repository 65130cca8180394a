"""Parsing single cells: exact decimals in a locale, dates, and local times across DST."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from onefactory.onboard import (
    classify_local,
    parse_date,
    parse_decimal,
    parse_int,
    parse_local_time,
    parse_text,
    to_utc,
)


@pytest.mark.parametrize(
    ("text", "decimal", "thousands", "expected"),
    [
        ("1.299,99", ",", ".", "1299.99"),
        ("1.234", ",", ".", "1234"),
        ("1.234.567,5", ",", ".", "1234567.5"),
        ("0,45", ",", ".", "0.45"),
        ("1,234.5", ".", ",", "1234.5"),
        ("1 234,5", ",", " ", "1234.5"),
        ("1\u00a0234,5", ",", " ", "1234.5"),
        ("-12.50", ".", ",", "-12.50"),
        (".5", ".", ",", "0.5"),
        ("9007199254740993", ".", ",", "9007199254740993"),
        ("840380235174088834", ".", "", "840380235174088834"),
        (" 7 ", ".", ",", "7"),
    ],
)
def test_decimals_are_exact_in_their_locale(text: str, decimal: str, thousands: str, expected: str) -> None:
    value = parse_decimal(text, decimal=decimal, thousands=thousands)
    assert value == Decimal(expected) and str(value) == expected


@pytest.mark.parametrize(
    ("text", "decimal", "thousands"),
    [("1 ,", ",", "."), ("1,5", ".", ","), ("12,34", ".", ","), ("1.2.3", ".", ","), ("1E5", ".", ","),
     ("NaN", ".", ","), ("", ".", ","), ("1,234", ".", ""), ("1..5", ",", "."), ("--1", ".", ",")],
)  # fmt: skip
def test_malformed_numbers_are_errors_never_guesses(text: str, decimal: str, thousands: str) -> None:
    with pytest.raises(ValueError, match="not a number"):
        parse_decimal(text, decimal=decimal, thousands=thousands)


def test_integers_and_text() -> None:
    assert parse_int("2.0") == 2
    with pytest.raises(ValueError, match="whole"):
        parse_int("2.5")
    assert [parse_text(t) for t in ("NA", "NULL", "None", "#N/A", "null", "", None)] == [
        "NA", "NULL", "None", "#N/A", "null", None, None,
    ]  # fmt: skip


@pytest.mark.parametrize("text", ["2026-06-12", "2026.06.12", "2026/06/12", "2026.6.12.", "20260612",
                                  "2026-06-12 00:00:00"])  # fmt: skip
def test_korean_and_iso_dates(text: str) -> None:
    assert parse_date(text) == date(2026, 6, 12)


@pytest.mark.parametrize("text", ["2024-02-30", "12/06/2026", "2026-13-01", "tomorrow"])
def test_bad_dates_are_errors(text: str) -> None:
    with pytest.raises(ValueError, match="date"):
        parse_date(text)


def test_local_times_and_offsets() -> None:
    assert parse_local_time("2026.03.29 14:05") == datetime(2026, 3, 29, 14, 5)
    assert to_utc(parse_local_time("2026-03-29T14:05:30Z"), "Asia/Seoul") == datetime(
        2026, 3, 29, 14, 5, 30, tzinfo=UTC
    )
    assert to_utc(parse_local_time("2026-03-29 14:05+0900"), "Europe/Berlin").hour == 5
    with pytest.raises(ValueError, match="date and time"):
        parse_local_time("2024-02-30 25:61")


def test_dst_gap_and_repeat_are_recognised() -> None:
    assert classify_local(datetime(2026, 3, 29, 2, 30), "Europe/Berlin") == "gap"
    assert classify_local(datetime(2026, 10, 25, 2, 30), "Europe/Berlin") == "ambiguous"
    assert classify_local(datetime(2026, 10, 25, 2, 30), "Asia/Seoul") == "normal"
    assert classify_local(datetime(2026, 3, 8, 2, 30), "America/Chicago") == "gap"
    early = to_utc(datetime(2026, 11, 1, 1, 30), "America/Chicago", fold=0)
    late = to_utc(datetime(2026, 11, 1, 1, 30), "America/Chicago", fold=1)
    assert (early.hour, late.hour) == (6, 7)
