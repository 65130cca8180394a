"""Lead-time offsetting on working calendars: shifts, holidays, time zones, DST."""

from __future__ import annotations

from datetime import UTC, datetime, time
from decimal import Decimal as D
from zoneinfo import ZoneInfo

import pytest

from onefactory.model import Calendar, InvalidData, Shift
from onefactory.plan.mrp.calendars import WorkClock, bucket_starts

KST, BERLIN = ZoneInfo("Asia/Seoul"), ZoneInfo("Europe/Berlin")
CHUSEOK = ("2026-09-24", "2026-09-25", "2026-09-26")
DAY_SHIFT = Calendar("KR day", "Asia/Seoul", (Shift(time(8), time(17)),), CHUSEOK)


def clock(calendar: Calendar) -> WorkClock:
    return WorkClock(calendar, datetime(2026, 9, 1, tzinfo=UTC), 90)


def test_a_working_day_back_skips_holidays_and_the_weekend():
    due = datetime(2026, 9, 28, tzinfo=KST)
    assert clock(DAY_SHIFT).back(due, D(1)) == datetime(2026, 9, 23, 8, tzinfo=KST)
    assert clock(DAY_SHIFT).back(due, D("0.5")) == datetime(2026, 9, 23, 12, 30, tzinfo=KST)
    assert clock(DAY_SHIFT).back(due, D(0)) == due


def test_forward_lands_on_the_next_working_time():
    start = datetime(2026, 9, 23, 12, 30, tzinfo=KST)
    assert clock(DAY_SHIFT).forward(start, D(1)) == datetime(2026, 9, 28, 12, 30, tzinfo=KST)
    assert clock(DAY_SHIFT).forward(datetime(2026, 9, 23, 8, tzinfo=KST), D(1)) == datetime(2026, 9, 23, 17, tzinfo=KST)


def test_two_shifts_with_a_break_count_only_shift_minutes():
    two = Calendar("two", "Asia/Seoul", (Shift(time(6), time(10)), Shift(time(12), time(16))))
    due = datetime(2026, 9, 2, 0, tzinfo=KST)
    assert clock(two).back(due, D("0.75")) == datetime(2026, 9, 1, 8, tzinfo=KST)
    assert clock(two).back(due, D("0.25")) == datetime(2026, 9, 1, 14, tzinfo=KST)


def test_a_day_in_berlin_across_the_dst_change_is_the_local_day():
    all_day = Calendar("24h", "Europe/Berlin")
    due = datetime(2026, 3, 30, tzinfo=BERLIN)
    start = WorkClock(all_day, datetime(2026, 3, 1, tzinfo=UTC), 60).back(due, D(1))
    assert start == datetime(2026, 3, 29, tzinfo=BERLIN)
    assert (due - start).total_seconds() == 23 * 3600


def test_server_zone_does_not_matter_the_calendar_zone_does():
    due = datetime(2026, 9, 28, 0, tzinfo=KST).astimezone(ZoneInfo("America/Chicago"))
    assert clock(DAY_SHIFT).back(due, D(1)).astimezone(KST) == datetime(2026, 9, 23, 8, tzinfo=KST)


def test_a_calendar_without_working_days_is_refused_by_name():
    never = Calendar("never", "UTC", (Shift(time(8), time(17), ()),))
    with pytest.raises(InvalidData, match="calendar 'never' has no working day"):
        clock(never)


def test_weekly_buckets_start_at_local_midnight():
    starts = bucket_starts(datetime(2026, 6, 1, tzinfo=KST), 2, 7, "Asia/Seoul")
    assert [s.astimezone(KST).isoformat() for s in starts] == [
        "2026-06-01T00:00:00+09:00",
        "2026-06-08T00:00:00+09:00",
        "2026-06-15T00:00:00+09:00",
    ]
