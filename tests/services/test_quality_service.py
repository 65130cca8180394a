"""Recording inspection results: SPC evaluated as they arrive, one quality alarm per run,
a notice with chart evidence to the buyer of the lot's order, and who may read what."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import numpy as np
import pytest

from onefactory.model import (
    Characteristic,
    ChartKind,
    Forbidden,
    ImportRejected,
    InspectionResult,
    InvalidData,
    Item,
    OrderLine,
    SharedOrder,
    User,
    UserRole,
)
from onefactory.services import access, imports, notices, orders, quality
from onefactory.store import Store

from support import NOW, seed_members

RECEIVED = NOW + timedelta(days=2)
"""When the results below reach the platform: after the last of them was measured (a result timed
more than 24 h ahead of its receipt is refused)."""


def admin(member: str) -> User:
    return User(f"{member.lower()}-admin", member, f"Admin {member}", UserRole.MEMBER_ADMIN)


def bore(values: list[float], first_lot: int = 0, start: int = 0) -> list[InspectionResult]:
    return [
        InspectionResult(
            "SUP-A", "P-1", f"L{first_lot + i}", "bore", Decimal(f"{v:.4f}"), NOW + timedelta(hours=start + i)
        )
        for i, v in enumerate(values)
    ]


@pytest.fixture
def cluster(any_store: Store) -> Store:
    """SUP-A sells P-1 (of its item master) to LEAD on PO-1 (lot L25 on line 1); bore is an I-MR chart
    with a 20-point baseline."""
    seed_members(any_store)
    with any_store.write() as tx:
        tx.items.put_many([Item("SUP-A", "P-1", "Housing")])
    line = OrderLine(1, "P-1", Decimal(10), date(2026, 7, 1), attributes={"lot": "L25"})
    orders.create(any_store, admin("LEAD"), SharedOrder("PO-1", "LEAD", "SUP-A", (line,), NOW), NOW)
    spec = Characteristic("SUP-A", "P-1", "bore", ChartKind.I_MR, Decimal("9.4"), Decimal("10.6"), unit="mm")
    quality.define(any_store, admin("SUP-A"), [spec])
    return any_store


BASE = [9.92, 9.868, 9.975, 10.042, 10.114, 10.011, 9.945, 9.922, 10.075, 10.163, 10.027, 9.877, 9.904, 10.16,
        10.02, 9.827, 9.992, 9.884, 9.937, 9.951, 9.929, 10.055, 9.994, 9.941, 10.041]  # fmt: skip
"""25 in-control values (normal, mean 10, sd 0.1, rounded); limits come from the first 20."""
CENTER = sum(BASE[:20]) / 20
MR_BAR = sum(abs(a - b) for a, b in zip(BASE[1:20], BASE[:19], strict=True)) / 19


def test_a_shift_raises_one_alarm_and_sends_the_lots_buyer_one_notice(cluster):
    calm = quality.record(cluster, admin("SUP-A"), bore(BASE), RECEIVED)
    assert calm.signals == [] and calm.alarms == [] and calm.notices == []
    jump = quality.record(cluster, admin("SUP-A"), bore([10.5], first_lot=25, start=25), RECEIVED)
    assert [(s.series, s.rule, s.index, s.lot) for s in jump.signals] == [
        ("x", "nelson-1", 25, "L25"),
        ("mr", "nelson-1", 25, "L25"),
    ]
    assert len(jump.alarms) == 1 and len(jump.notices) == 1
    more = quality.record(cluster, admin("SUP-A"), bore([10.5], first_lot=26, start=26), RECEIVED)
    assert more.alarms == jump.alarms and more.notices == []  # the run goes on: the alarm repeats
    with cluster.read() as tx:
        alarm = tx.alarms.get(jump.alarms[0])
        note = next(n for n in tx.notifications.for_member("LEAD") if n.kind == "quality")
    assert (alarm.member, alarm.resource, alarm.signal, alarm.kind, alarm.count) == ("SUP-A", "P-1", "bore", "spc", 2)
    assert (note.sender, note.recipient, note.refs["lot"], note.refs["alarm"]) == ("SUP-A", "LEAD", "L25", alarm.id)


def test_an_spc_alarm_on_an_inspection_two_days_old_escalates_from_when_it_was_recorded(cluster):
    from onefactory.monitor.escalation import DEFAULT_POLICY
    from onefactory.services import alarms

    later = NOW + timedelta(hours=25, days=2)  # the shifted lot (NOW + 25 h) is recorded two days after it
    quality.record(cluster, admin("SUP-A"), bore(BASE), RECEIVED)
    [alarm_id] = quality.record(cluster, admin("SUP-A"), bore([10.5], 25, 25), later).alarms
    with cluster.read() as tx:
        alarm = tx.alarms.get(alarm_id)
    assert (alarm.raised_at, alarm.recorded_at) == (NOW + timedelta(hours=25), later)
    fired = alarms.escalate_due(cluster, later + timedelta(minutes=1), DEFAULT_POLICY)
    assert [(e.step, e.member, e.role) for e in fired] == [(0, "SUP-A", "operator")]


def test_the_customer_reads_the_evidence_and_acknowledges_then_closes(cluster):
    quality.record(cluster, admin("SUP-A"), bore(BASE), RECEIVED)
    [note_id] = quality.record(cluster, admin("SUP-A"), bore([10.5], 25, 25), RECEIVED).notices
    evidence = quality.evidence(cluster, admin("LEAD"), note_id, NOW)
    half = 3 * MR_BAR / 1.128
    assert (evidence.chart, evidence.series, evidence.rule) == (ChartKind.I_MR, "x", "nelson-1")
    assert (evidence.center, evidence.lcl, evidence.ucl) == pytest.approx((CENTER, CENTER - half, CENTER + half))
    assert [p.index for p in evidence.points] == list(range(0, 26))
    assert evidence.flagged == (25,) and evidence.points[-1].value == pytest.approx(10.5)
    assert (evidence.lsl, evidence.usl, evidence.unit) == (9.4, 10.6, "mm")
    assert notices.answer(cluster, admin("LEAD"), note_id, "acknowledge", NOW).status.value == ("acknowledged")
    assert notices.answer(cluster, admin("LEAD"), note_id, "close", NOW).status.value == "closed"
    with pytest.raises(Forbidden):
        quality.evidence(cluster, admin("SUP-B"), note_id, NOW)


def test_charts_are_the_suppliers_and_others_read_them_under_a_logged_grant(cluster):
    quality.record(cluster, admin("SUP-A"), bore(BASE), RECEIVED)
    own = quality.chart(cluster, admin("SUP-A"), "SUP-A", "P-1", "bore", NOW)
    assert own.results == 25 and own.capability is not None
    assert own.capability.cp == pytest.approx(1.2 / (6 * MR_BAR / 1.128))
    with pytest.raises(Forbidden):
        quality.chart(cluster, admin("LEAD"), "SUP-A", "P-1", "bore", NOW)
    grant = access.grant(cluster, admin("SUP-A"), "LEAD", "quality", NOW)
    assert quality.chart(cluster, admin("LEAD"), "SUP-A", "P-1", "bore", NOW).results == 25
    entries, total = access.access_log(cluster, admin("SUP-A"))
    assert total == 1 and (entries[0].reader_member, entries[0].basis) == ("LEAD", f"grant:{grant.id}")
    assert entries[0].resource == "control chart P-1/bore"


def test_a_member_records_only_its_own_results(cluster):
    with pytest.raises(Forbidden, match="only for itself"):
        quality.record(cluster, admin("SUP-B"), bore([10.0]), RECEIVED)


def test_constant_measurements_chart_without_nan_or_a_crash(cluster):
    quality.record(cluster, admin("SUP-A"), bore([10.0] * 22), RECEIVED)
    view = quality.chart(cluster, admin("SUP-A"), "SUP-A", "P-1", "bore", NOW)
    assert view.signals == [] and "no variation" in view.chart.note
    assert view.capability.cp is None and "sigma is 0" in view.capability.note


def test_defect_counts_default_to_a_p_chart(cluster):
    rng = np.random.default_rng(3)
    rows = [
        InspectionResult("SUP-A", "P-1", f"L{i}", "scratch", None, NOW + timedelta(hours=i), defects=int(d),
                         sample_size=100)
        for i, d in enumerate(list(rng.binomial(100, 0.03, 25)) + [15])
    ]  # fmt: skip
    found = quality.record(cluster, admin("SUP-A"), rows, RECEIVED)
    assert ("p", "nelson-1", 25) in [(s.series, s.rule, s.index) for s in found.signals]


CSV = (
    "품목코드,로트번호,검사항목,측정값,검사일시,규격하한,규격상한\n"
    + "".join(f"P-1,L{i},bore,{v},2026-05-01 {i % 24:02d}:00+09:00,9.4,10.6\n" for i, v in enumerate(BASE))
    + "P-1,L25,bore,10.5,2026-05-02 09:00+09:00,9.4,10.6\n"
)


def test_import_file_records_results_and_raises_the_notice(cluster):
    report = imports.import_file(
        cluster, admin("SUP-A"), "inspections", CSV.encode("cp949"), "qc.csv", imports.options_from({}), NOW
    )
    assert report.stored == 26 and report.encoding == "cp949"
    assert "control signal P-1 bore lot L25: nelson-1" in report.notes
    assert any(n.startswith("quality notice sent: nt-") for n in report.notes)


def test_import_with_a_bad_row_stores_nothing_and_names_the_row(cluster):
    bad = CSV.replace("P-1,L3,bore,10.042,", "P-1,L3,bore,10.o42,")
    with pytest.raises(ImportRejected) as caught:
        imports.import_file(
            cluster, admin("SUP-A"), "inspections", bad.encode("utf-8"), "qc.csv", imports.options_from({}), RECEIVED
        )
    [error] = caught.value.errors
    assert (error.row, error.column, error.value) == (4, "측정값", "10.o42")
    with cluster.read() as tx:
        assert tx.inspections.of("SUP-A") == []


REPEATED = (
    "품목코드,로트번호,검사항목,측정값,검사일시,규격하한,규격상한\n"
    "P-1,L1,bore,10.01,2026-06-02 09:00,9.4,10.6\n"
    "P-1,L2,bore,9.98,2026-06-02 10:00,9.4,10.6\n"
    "P-1,L3,bore,10.04,2026-06-02 11:00,9.4,10.6\n"
    "P-1,L4,bore,9.95,2026-06-02 12:00,9.4,10.6\n"
    "P-1,L2,bore,9.98,2026-06-02 10:00,9.4,10.6\n"
    "P-1,L5,bore,10.02,2026-06-02 13:00,9.4,10.6\n"
).encode("cp949")
"""Six rows in SUP-A's local time (Asia/Seoul, no offset written); row 5 repeats row 2 exactly."""


def _import(store, data: bytes, **options):
    return imports.import_file(
        store, admin("SUP-A"), "inspections", data, "qc.csv", imports.options_from(options), RECEIVED
    )


def test_an_exact_repeat_in_a_file_is_stored_once_and_a_second_import_stores_nothing(cluster):
    first = _import(cluster, REPEATED)
    assert (first.stored, first.already_stored, first.duplicates) == (5, 0, 1)
    assert "row 5 repeats row 2 exactly; stored once" in first.warnings
    again = _import(cluster, REPEATED, timezone="Asia/Seoul")
    assert (again.stored, again.already_stored, again.duplicates) == (0, 5, 1)
    assert quality.chart(cluster, admin("SUP-A"), "SUP-A", "P-1", "bore", NOW).results == 5
    assert again.summary()["already_stored"] == 5 and again.summary()["duplicates"] == 1


def test_naive_times_in_a_file_are_read_in_the_members_time_zone(cluster):
    _import(cluster, REPEATED)  # no timezone option: SUP-A's own, Asia/Seoul
    with cluster.read() as tx:
        first = tx.inspections.of("SUP-A")[0]
    assert (first.lot, first.at) == ("L1", datetime(2026, 6, 2, 0, 0, tzinfo=UTC))
    berlin = _import(cluster, REPEATED.replace(b"2026-06-02 09:00", b"2026-06-02 09:30"), timezone="Europe/Berlin")
    with cluster.read() as tx:
        times = [r.at for r in tx.inspections.of("SUP-A") if r.lot == "L1"]
    assert berlin.stored == 5 and times == [
        datetime(2026, 6, 2, 0, 0, tzinfo=UTC),
        datetime(2026, 6, 2, 7, 30, tzinfo=UTC),
    ]


def test_equal_readings_of_one_lot_at_one_time_stay_in_an_xbar_subgroup(cluster):
    spec = Characteristic("SUP-A", "P-1", "width", ChartKind.XBAR_R, subgroup_size=3, baseline=2)
    quality.define(cluster, admin("SUP-A"), [spec])
    readings = [Decimal("5.01"), Decimal("5.01"), Decimal("5.02")]
    batch = [InspectionResult("SUP-A", "P-1", "L1", "width", v, NOW) for v in readings]
    first = quality.record(cluster, admin("SUP-A"), batch, RECEIVED)
    assert (first.stored, first.already_stored, first.duplicates) == (3, 0, 0)
    assert (
        first.warnings[0] == "results[1] repeats results[0] exactly; kept as another measurement of the lot's subgroup"
    )
    again = quality.record(cluster, admin("SUP-A"), batch, RECEIVED)
    assert (again.stored, again.already_stored, again.duplicates) == (0, 3, 0)
    with cluster.read() as tx:
        assert [r.value for r in tx.inspections.of_characteristic("SUP-A", "P-1", "width")] == readings


def test_a_file_with_limits_in_the_wrong_order_names_the_row(cluster):
    bad = REPEATED.decode("cp949").replace(
        "L3,bore,10.04,2026-06-02 11:00,9.4,10.6", "L3,bore,10.04,2026-06-02 11:00,12,8"
    )
    with pytest.raises(ImportRejected) as caught:
        _import(cluster, bad.encode("cp949"))
    [error] = caught.value.errors
    assert (error.row, error.column, error.reason) == (3, "규격하한", "lsl 12 must be below usl 8")


def test_a_file_with_an_unknown_item_stores_nothing_and_names_the_row(cluster):
    bad = REPEATED.decode("cp949").replace("P-1,L4,", "NO-ITEM,L4,")
    with pytest.raises(ImportRejected) as caught:
        _import(cluster, bad.encode("cp949"))
    [error] = caught.value.errors
    reason = "SUP-A has no item 'NO-ITEM' in its item master (add the item first)"
    assert (error.row, error.line, error.column, error.value, error.reason) == (4, 5, "품목코드", "NO-ITEM", reason)
    with cluster.read() as tx:
        assert tx.inspections.of("SUP-A") == []


def line_test(defects: int = 0, sample: int = 5, lot: str = "T2-001") -> InspectionResult:
    return InspectionResult("SUP-A", "P-1", lot, "line_test", None, NOW, defects=defects, sample_size=sample)


def _defined(cluster, code: str, chart: ChartKind, size: int):
    """``cluster`` with SUP-A's characteristic ``code`` of P-1 defined on ``chart`` (subgroups of ``size``)."""
    spec = Characteristic("SUP-A", "P-1", code, chart, subgroup_size=size, baseline=2)
    quality.define(cluster, admin("SUP-A"), [spec])
    return cluster


@pytest.fixture
def np_chart(cluster):
    """line_test of P-1 is an np chart of samples of 5."""
    return _defined(cluster, "line_test", ChartKind.NP, 5)


def test_an_exact_repeat_on_an_np_chart_of_samples_of_5_is_stored_once(np_chart):
    batch = [line_test(), line_test(), line_test(1)]
    first = quality.record(np_chart, admin("SUP-A"), batch, RECEIVED)
    assert (first.stored, first.already_stored, first.duplicates) == (2, 0, 1)
    assert first.warnings[0] == "results[1] repeats results[0] exactly; stored once"
    with np_chart.read() as tx:
        assert [r.defects for r in tx.inspections.of_characteristic("SUP-A", "P-1", "line_test")] == [0, 1]


INSPECTED = "품목코드,로트번호,검사항목,불량수,시료수,검사일시\n"

LINE_TESTS = (
    INSPECTED + "P-1,T2-001,line_test,0,5,2026-06-02 09:00\n" * 2 + "P-1,T2-001,line_test,1,5,2026-06-02 09:00\n"
)


def test_an_exact_repeat_on_an_np_chart_in_a_file_is_stored_once(np_chart):
    done = _import(np_chart, LINE_TESTS.encode("cp949"))
    assert (done.stored, done.already_stored, done.duplicates) == (2, 0, 1)
    assert "row 2 repeats row 1 exactly; stored once" in done.warnings


def test_more_defects_than_the_sample_holds_are_refused_on_an_np_chart(np_chart):
    with pytest.raises(InvalidData) as caught:
        quality.record(np_chart, admin("SUP-A"), [line_test(), line_test(9, lot="T2-002")], RECEIVED)
    assert caught.value.field == "results[1].defects"
    assert str(caught.value) == (
        "results[1]: defects 9 exceed sample_size 5: a sample of 5 units has at most 5 defective units"
    )
    with np_chart.read() as tx:
        assert tx.inspections.of("SUP-A") == [] and tx.control_signals.of("SUP-A") == []


def test_a_p_chart_by_default_refuses_more_defects_than_the_sample(cluster):
    with pytest.raises(InvalidData) as caught:
        quality.record(cluster, admin("SUP-A"), [line_test(6)], RECEIVED)
    assert caught.value.field == "results[0].defects"


def test_a_u_chart_keeps_more_defects_than_units(cluster):
    spec = Characteristic("SUP-A", "P-1", "line_test", ChartKind.U, baseline=2)
    quality.define(cluster, admin("SUP-A"), [spec])
    assert quality.record(cluster, admin("SUP-A"), [line_test(9)], RECEIVED).stored == 1
    assert _import(cluster, (INSPECTED + "P-1,T2-002,line_test,9,5,2026-06-02 09:00\n").encode("cp949")).stored == 1


FIVE_BAD = (
    "품목코드,로트번호,검사항목,측정값,불량수,시료수,검사일시,규격하한,규격상한\n"
    "P-1,L1,bore,10.o1,,,2026-06-02 09:00,9.4,10.6\n"
    "P-1,L2,bore,9.98,,,2026-06-02 10:00,12,8\n"
    "P-1,L3,bore,10.04,,,2026-13-03 11:00,9.4,10.6\n"
    "NOPE,L4,bore,9.95,,,2026-06-02 12:00,9.4,10.6\n"
    "P-1,T2-001,line_test,,9,5,2026-06-02 13:00,,\n"
    "P-1,L6,bore,10.02,,,2026-06-02 14:00,9.4,10.6\n"
)
"""A CP949 file with five bad rows of six: a bad number, lsl above usl, a bad date, an unknown item, 9 defects of 5."""


def test_one_rejection_lists_every_bad_row_of_a_file(np_chart):
    with pytest.raises(ImportRejected) as caught:
        _import(np_chart, FIVE_BAD.encode("cp949"))
    found = [(e.row, e.line, e.column, e.value) for e in caught.value.errors]
    assert found == [
        (1, 2, "측정값", "10.o1"),
        (2, 3, "규격하한", "규격하한=12, 규격상한=8"),
        (3, 4, "검사일시", "2026-13-03 11:00"),
        (4, 5, "품목코드", "NOPE"),
        (5, 6, "불량수", "불량수=9, 시료수=5"),
    ]
    reasons = [e.reason for e in caught.value.errors]
    assert reasons[1:2] + reasons[3:] == [
        "lsl 12 must be below usl 8",
        "SUP-A has no item 'NOPE' in its item master (add the item first)",
        "defects 9 exceed sample_size 5: a sample of 5 units has at most 5 defective units",
    ]
    with np_chart.read() as tx:
        assert tx.inspections.of("SUP-A") == []


# A result that arrives after the baseline is complete but is older than it (a late lab
# result, a back-filled file) takes its place in time on the chart without moving the limits
# the live evaluation froze: the chart a reader sees has the limits its alarms were raised on.

D2 = 1.128  # d2 of moving ranges of 2


def _limits(store):
    view = quality.chart(store, admin("SUP-A"), "SUP-A", "P-1", "bore", NOW)
    x = view.chart.series[0]
    return view, (x.center, x.lcl[0], x.ucl[0])


def test_a_late_older_result_does_not_move_the_frozen_limits(cluster):
    quality.record(cluster, admin("SUP-A"), bore(BASE[:20]), RECEIVED)
    before, limits = _limits(cluster)
    sigma = MR_BAR / D2
    assert limits == pytest.approx((CENTER, CENTER - 3 * sigma, CENTER + 3 * sigma))
    late = InspectionResult("SUP-A", "P-1", "L-LATE", "bore", Decimal("10.3"), NOW - timedelta(hours=5))
    report = quality.record(cluster, admin("SUP-A"), [late], RECEIVED)
    assert report.stored == 1
    after, moved = _limits(cluster)
    assert moved == pytest.approx(limits)  # refitted on the first 20 by time, the center would be 9.9981
    assert after.results == 21 and after.chart.subgroups[0].lot == "L-LATE"  # in its place in time
    assert after.chart.series[0].values[0] == pytest.approx(10.3)
    assert after.capability.cp == pytest.approx(before.capability.cp)


def test_before_the_baseline_is_complete_the_chart_fits_trial_limits_in_time_order(cluster):
    quality.record(cluster, admin("SUP-A"), bore(BASE[:10]), RECEIVED)
    late = InspectionResult("SUP-A", "P-1", "L-LATE", "bore", Decimal("10.3"), NOW - timedelta(hours=5))
    quality.record(cluster, admin("SUP-A"), [late], RECEIVED)
    view, (center, _, _) = _limits(cluster)
    assert center == pytest.approx((sum(BASE[:10]) + 10.3) / 11)  # trial limits still move with the data
    assert view.chart.note.startswith("trial limits from 11 points")


def test_a_signal_after_the_customer_closed_the_notice_sends_a_new_one_but_not_while_it_is_open(cluster):
    quality.record(cluster, admin("SUP-A"), bore(BASE), RECEIVED)
    first = quality.record(cluster, admin("SUP-A"), bore([10.5], 25, 25), RECEIVED)
    [note_id] = first.notices
    still_open = quality.record(cluster, admin("SUP-A"), bore([10.55], 26, 26), RECEIVED)
    assert still_open.alarms == first.alarms and still_open.notices == []  # the first notice is open: no second
    notices.answer(cluster, admin("LEAD"), note_id, "close", NOW)
    again = quality.record(cluster, admin("SUP-A"), bore([10.7], 27, 27), RECEIVED)
    assert again.alarms == first.alarms and [s.lot for s in again.signals] == ["L27", "L27"]
    [new_id] = again.notices
    assert new_id != note_id
    with cluster.read() as tx:
        note = next(n for n in tx.notifications.for_member("LEAD") if n.id == new_id)
        alarm = tx.alarms.get(first.alarms[0])
    assert (note.sender, note.recipient, note.kind, note.status.value) == ("SUP-A", "LEAD", "quality", "open")
    assert (note.refs["alarm"], note.refs["lot"], alarm.count) == (alarm.id, "L27", 3)
    evidence = quality.evidence(cluster, admin("LEAD"), new_id, NOW)
    assert (evidence.rule, evidence.flagged[-1], evidence.points[-1].lot) == ("nelson-1", 27, "L27")
    quiet = quality.record(cluster, admin("SUP-A"), bore([10.7], 28, 28), RECEIVED)
    assert quiet.alarms == first.alarms and quiet.notices == []  # the new notice is open


def test_a_signal_after_the_alarm_was_cleared_tells_no_one_twice_while_the_notice_is_open(cluster):
    from onefactory.services import alarms

    quality.record(cluster, admin("SUP-A"), bore(BASE), RECEIVED)
    first = quality.record(cluster, admin("SUP-A"), bore([10.5], 25, 25), RECEIVED)
    alarms.clear(cluster, admin("SUP-A"), first.alarms[0], NOW)
    again = quality.record(cluster, admin("SUP-A"), bore([10.7], 26, 26), RECEIVED)
    assert again.alarms != first.alarms and again.notices == []  # LEAD has not closed the first notice


# X-bar charts: the readings of one lot at one time are one subgroup of subgroup_size readings.


def _length(values: list[str], lot: str = "M099") -> list[InspectionResult]:
    return [InspectionResult("SUP-A", "P-1", lot, "len", Decimal(v), NOW) for v in values]


@pytest.fixture
def xbar(cluster):
    """len of P-1 is an X-bar/R chart of subgroups of 3."""
    return _defined(cluster, "len", ChartKind.XBAR_R, 3)


def test_readings_beyond_the_subgroup_size_are_refused_naming_each(xbar):
    with pytest.raises(InvalidData) as caught:
        quality.record(xbar, admin("SUP-A"), _length(["5.01", "5.02", "5.03", "5.04", "5.05"]), RECEIVED)
    at = NOW.isoformat()
    assert [(e.index, e.field, e.value, e.reason) for e in caught.value.errors] == [
        (i, f"results[{i}].value", v, f"lot M099 at {at} has {i + 1} readings of P-1/len, more than the subgroup"
         " size 3 of its xbar_r chart (send at most 3 per lot and time)")
        for i, v in ((3, "5.04"), (4, "5.05"))
    ]  # fmt: skip
    with xbar.read() as tx:
        assert tx.inspections.of("SUP-A") == []


def test_readings_already_stored_count_toward_the_subgroup(xbar):
    assert quality.record(xbar, admin("SUP-A"), _length(["5.01", "5.02"]), RECEIVED).stored == 2
    with pytest.raises(InvalidData) as caught:
        quality.record(xbar, admin("SUP-A"), _length(["5.01", "5.02", "5.03", "5.04"]), RECEIVED)
    [error] = caught.value.errors  # the first two are the stored ones, sent again
    assert (error.index, error.field, error.value) == (3, "results[3].value", "5.04")
    assert error.reason.startswith("lot M099 at ") and "has 4 readings of P-1/len" in error.reason
    done = quality.record(xbar, admin("SUP-A"), _length(["5.01", "5.02", "5.03"]), RECEIVED)
    assert (done.stored, done.already_stored) == (1, 2)
    assert done.warnings == ["lots that are not known production orders (stored anyway): M099"]


def test_a_repeat_is_said_to_be_kept_only_when_it_is_stored(xbar):
    quality.record(xbar, admin("SUP-A"), _length(["5.01", "5.01"]), RECEIVED)
    again = quality.record(xbar, admin("SUP-A"), _length(["5.01", "5.01", "5.02"]), RECEIVED)
    assert (again.stored, again.already_stored, again.duplicates) == (1, 2, 0)
    assert not any("kept as another measurement" in w for w in again.warnings)
    with xbar.read() as tx:
        assert [str(r.value) for r in tx.inspections.of_characteristic("SUP-A", "P-1", "len")] == [
            "5.01", "5.01", "5.02"
        ]  # fmt: skip


def test_inspection_times_before_1990_or_more_than_a_day_ahead_are_refused(cluster):
    def at(moment: datetime, lot: str) -> InspectionResult:
        return InspectionResult("SUP-A", "P-1", lot, "bore", Decimal("10"), moment)

    future, past = datetime(2099, 1, 1, tzinfo=UTC), datetime(1900, 1, 1, tzinfo=UTC)
    batch = [at(NOW, "L1"), at(future, "L2"), at(past, "L3")]
    with pytest.raises(InvalidData) as caught:
        quality.record(cluster, admin("SUP-A"), batch, NOW)
    assert [(e.index, e.field, e.value, e.reason) for e in caught.value.errors] == [
        (1, "results[1].at", "2099-01-01T00:00:00+00:00",
         "inspection time 2099-01-01T00:00:00+00:00 is 26511.6 days ahead of receipt (limit 24 h)"),
        (2, "results[2].at", "1900-01-01T00:00:00+00:00",
         "inspection time 1900-01-01T00:00:00+00:00 is before 1990-01-01"),
    ]  # fmt: skip
    late = [at(NOW + timedelta(hours=23), "L4"), at(datetime(1990, 1, 1, tzinfo=UTC), "L5")]
    assert quality.record(cluster, admin("SUP-A"), late, NOW).stored == 2


def test_a_file_with_an_inspection_time_out_of_bounds_names_the_row_and_column(cluster):
    bad = REPEATED.decode("cp949").replace("2026-06-02 11:00", "2099-01-01 09:00")
    with pytest.raises(ImportRejected) as caught:
        _import(cluster, bad.encode("cp949"), received_at="2026-06-02T12:00:00+09:00")
    [error] = caught.value.errors
    assert (error.row, error.column, error.value) == (3, "검사일시", "2099-01-01 09:00")
    assert error.reason == ("inspection time 2099-01-01T00:00:00+00:00 is 26509.6 days ahead of receipt (limit 24 h)")


def test_codes_with_a_slash_are_refused_for_characteristics_lots_and_production_orders(cluster):
    with pytest.raises(InvalidData) as caught:
        Characteristic("SUP-A", "P-1", "a/b", ChartKind.I_MR)
    assert (caught.value.field, str(caught.value)) == (
        "code", "characteristic code 'a/b' cannot be part of a web address: it contains '/'")  # fmt: skip
    with pytest.raises(InvalidData) as caught:
        InspectionResult("SUP-A", "P-1", "a/b", "bore", Decimal(1), NOW)
    assert (caught.value.field, str(caught.value)) == (
        "lot",
        "lot 'a/b' cannot be part of a web address: it contains '/'",
    )
    with pytest.raises(InvalidData) as caught:
        InspectionResult("SUP-A", "P-1", "L1", "..", Decimal(1), NOW)
    assert (caught.value.field, str(caught.value)) == (
        "characteristic", "characteristic code '..' cannot be part of a web address: it is '..' alone")  # fmt: skip
    bad = REPEATED.decode("cp949").replace("P-1,L3,", "P-1,L/3,")
    with pytest.raises(ImportRejected) as caught:
        _import(cluster, bad.encode("cp949"))
    [error] = caught.value.errors
    assert (error.row, error.column, error.value) == (3, "로트번호", "L/3")
    assert error.reason == "lot 'L/3' cannot be part of a web address: it contains '/'"


def test_a_late_older_result_is_reported_at_its_place_on_the_chart(cluster):
    quality.record(cluster, admin("SUP-A"), bore(BASE), RECEIVED)
    late = InspectionResult("SUP-A", "P-1", "L-LATE", "bore", Decimal("10.9"), NOW - timedelta(hours=5))
    report = quality.record(cluster, admin("SUP-A"), [late], RECEIVED)
    view = quality.chart(cluster, admin("SUP-A"), "SUP-A", "P-1", "bore", RECEIVED)
    assert view.chart.subgroups[0].lot == "L-LATE"
    on_chart = {(s.series, s.rule, s.lot): (s.index, s.violation.points) for s in view.signals}
    assert [(s.series, s.rule, s.lot, s.index, s.points) for s in report.signals] == [
        ("x", "nelson-1", "L-LATE", 0, (0,)),
        ("mr", "nelson-1", "L-LATE", 25, (25,)),  # a moving range from L24 only in arrival order: not charted
    ]
    assert on_chart[("x", "nelson-1", "L-LATE")] == (0, (0,))
    assert ("mr", "nelson-1", "L-LATE") not in on_chart
    evidence = quality.evidence(cluster, admin("LEAD"), report.notices[0], RECEIVED)
    assert evidence.flagged == (0,) and evidence.points[0].lot == "L-LATE"
