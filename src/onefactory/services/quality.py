"""Inspection results in, control charts and quality notices out.

``record`` stores results and evaluates each characteristic's chart
incrementally (the evaluator's state is kept in the store, so history is not
recomputed). A run-rule signal raises a quality alarm through the alarm
lifecycle (deduplicated per item and characteristic, so a run that goes on
repeats the alarm instead of raising new ones). A signal sends the buyer of the
lot's order a ``quality`` notification whose evidence (chart, limits, points,
rule) that buyer may read, acknowledge and close, unless the buyer holds one
about the same characteristic's alarm that it has not closed yet: while that
notice is open later signals fold into it; once it is closed, the next signal
sends a new notice even though the alarm stays raised.

Reads: the supplier owns its inspection data; another member reads charts and
capability only under a ``quality`` grant, and the read is logged for the owner.
"""

from __future__ import annotations

from collections.abc import Sequence, Set
from dataclasses import dataclass, field, replace
from datetime import datetime

from onefactory.model import (
    Alarm,
    AlarmEvent,
    BatchRejected,
    Characteristic,
    ChartKind,
    ControlSignal,
    DataScope,
    InspectionResult,
    InvalidData,
    Notification,
    QualityEvidence,
    Severity,
    User,
)
from onefactory.monitor import alarms as lifecycle
from onefactory.quality.spc import (
    Capability,
    Chart,
    Evaluator,
    Params,
    Signal,
    alarming,
    capability,
    evaluate_history,
)
from onefactory.store import Store, Unit

from . import _characteristics as defining
from . import _inspection_intake as intake_items
from ._inspection_intake import Entry, Where, in_body
from ._quality_evidence import evidence_of, notice_text
from .access import check_read, require_own, require_write
from .alarm_views import SPC_RULE
from .alarms import new_id, raise_condition, unclosed_about

ALARM_RULE = SPC_RULE
ACTOR = "spc"
ORDER_LIMIT = 100_000


@dataclass
class RecordReport:
    """What recording results did: new rows stored, rows already stored and repeats left out
    (see ``_inspection_intake``), warnings, new signals, alarms raised or repeated, notices sent."""

    stored: int = 0
    already_stored: int = 0
    duplicates: int = 0
    warnings: list[str] = field(default_factory=list)
    signals: list[ControlSignal] = field(default_factory=list)
    alarms: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class ChartView:
    """One characteristic's chart as a reader sees it."""

    spec: Characteristic
    chart: Chart | None
    signals: list[Signal]
    capability: Capability | None
    results: int


@dataclass(frozen=True, slots=True)
class DefineReport:
    """How many characteristics were stored, and what a redefinition kept or cleared."""

    stored: int
    warnings: list[str]


def define(
    store: Store, user: User, specs: Sequence[Characteristic], given: Sequence[Set[str] | None] = ()
) -> DefineReport:
    """Define (or redefine) characteristics of the caller's member's items; their charts restart from history.

    ``given[i]`` names the settings the i-th definition gives; the others keep their stored values
    (every setting is given when it is missing). See ``_characteristics`` for the rules.
    """
    require_write(user)
    require_own(user, {c.member for c in specs}, "quality data")
    with store.write() as tx:
        tx.members.get(user.member)
        out, warnings = [], []
        for i, c in enumerate(specs):
            if tx.items.find(c.member, c.item) is None:
                raise InvalidData(f"{c.member} has no item {c.item!r} in its item master", field=f"[{i}].item")
            stored, asked = tx.characteristics.find(c.member, c.item, c.code), given[i] if i < len(given) else None
            spec = defining.merged(stored, c, asked)
            defining.check_chart(tx, spec, f"[{i}]")
            warnings += defining.changes(stored, spec, asked)
            tx.spc_states.drop(c.member, c.item, c.code)
            out.append(spec)
        return DefineReport(tx.characteristics.put_many(out), warnings)


def record(store: Store, user: User, results: Sequence[Entry], now: datetime, where: Where = in_body) -> RecordReport:
    """Store the caller's member's new results and evaluate their charts, in one transaction;
    ``BatchRejected`` lists every bad result (an ``InvalidData`` entry is one that could not be built)."""
    require_write(user)
    require_own(user, {r.member for r in results if isinstance(r, InspectionResult)}, "quality data")
    with store.write() as tx:
        tx.members.get(user.member)
        return record_in(tx, results, now, where)


def record_in(tx: Unit, entries: Sequence[Entry], now: datetime, where: Where = in_body) -> RecordReport:
    """Record results inside an open unit of work (imports, the demo).

    Entries that could not be built, results of items missing from the item master,
    results on p or np charts with more defects than their sample size, results timed
    before 1990 or more than 24 h after ``now``, and readings beyond the subgroup size of
    their lot and time on an X-bar chart are refused, all of them in one
    ``BatchRejected``, and nothing is stored; a result already stored, or
    repeated in the batch, is left out (the rule is in ``_inspection_intake``); lots
    that are not production orders are stored with a warning. ``where`` names the i-th
    result in messages.
    """
    built = [(i, r) for i, r in enumerate(entries) if isinstance(r, InspectionResult)]
    results = [r for _, r in built]
    refused = intake_items.unbuilt(entries, where) + intake_items.check_items(tx, built, where)
    specs = {key: spec_of(tx, *key, sample=group) for key, group in intake_items.by_characteristic(results).items()}
    charts = {key: spec.chart for key, spec in specs.items()}
    refused += intake_items.check_kinds(built, charts, where) + intake_items.check_counts(built, charts, where)
    refused += intake_items.check_times(built, now, where)
    intake = intake_items.sift(tx, results, charts, where)
    position = [i for i, _ in built]  # the batch index of each built result
    new = [(position[j], r) for j, r in zip(intake.indexes, intake.new, strict=True)]
    refused += intake_items.check_subgroups(tx, new, specs, where)
    if refused:
        raise BatchRejected(refused)
    warnings = intake.warnings + intake_items.undefined(tx, charts) + intake_items.unknown_lots(tx, results)
    report = RecordReport(len(intake.new), intake.already_stored, intake.duplicates, warnings)
    groups = intake_items.by_characteristic(intake.new)
    evaluators = {key: _evaluator(tx, specs[key]) for key in groups}
    tx.inspections.append_many(intake.new)
    for key, group in groups.items():
        found = alarming(specs[key].chart, evaluators[key].update_many(sorted(group, key=lambda r: r.at)))
        tx.spc_states.put(*key, evaluators[key].to_dict())
        if found:
            _signal(tx, specs[key], found, now, report, evaluators[key].params)
    return report


def spec_of(tx: Unit, member: str, item: str, code: str, sample: Sequence[InspectionResult] = ()) -> Characteristic:
    """The defined characteristic, or a default: I-MR for values, p for defect counts."""
    found = tx.characteristics.find(member, item, code)
    if found is not None:
        return found
    first = sample[0] if sample else next(iter(tx.inspections.of_characteristic(member, item, code)), None)
    if first is None:
        raise InvalidData(f"no characteristic {code!r} of item {item} at {member}", field="characteristic")
    chart = ChartKind.I_MR if first.value is not None else ChartKind.P
    return Characteristic(member, item, code, chart, first.lsl, first.usl)


def _evaluator(tx: Unit, spec: Characteristic) -> Evaluator:
    key = (spec.member, spec.item, spec.code)
    state = tx.spc_states.get(*key)
    if state is not None:
        return Evaluator.from_dict(state)
    evaluator = Evaluator(spec.chart, spec.subgroup_size, spec.baseline, spec.rules)
    evaluator.update_many(tx.inspections.of_characteristic(*key))
    return evaluator


def _signal(
    tx: Unit, spec: Characteristic, found: list[Signal], now: datetime, report: RecordReport, held: Params | None
) -> None:
    history = tx.inspections.of_characteristic(spec.member, spec.item, spec.code)
    chart, shown = evaluate_history(spec.chart, history, spec.subgroup_size, spec.baseline, spec.rules, held)
    found = as_charted(found, shown)
    last = found[-1]
    condition = lifecycle.Condition(
        spec.member,
        spec.item,
        spec.code,
        ALARM_RULE,
        Severity.MAJOR if any(s.rule.endswith("-1") for s in found) else Severity.MINOR,
        last.value,
        last.at,
        notice_text(spec, last),
    )
    alarm, kind = raise_condition(tx, condition, now)
    tx.alarm_events.append_many([AlarmEvent(alarm.id, kind, last.at, ACTOR, {"rules": [s.rule for s in found]})])
    rows = [_control_signal(spec, s, alarm.id) for s in found]
    tx.control_signals.add_many(rows)
    report.signals += rows
    report.alarms.append(alarm.id)
    report.notices += _notify(tx, spec, chart, found, alarm, now)


def _control_signal(spec: Characteristic, s: Signal, alarm_id: str) -> ControlSignal:
    return ControlSignal(
        new_id("sg"),
        spec.member,
        spec.item,
        spec.code,
        spec.chart,
        s.series,
        s.rule,
        s.index,
        s.lot,
        s.at,
        s.value,
        s.center,
        s.lcl,
        s.ucl,
        s.violation.points,
        alarm_id,
    )


def as_charted(found: list[Signal], shown: list[Signal]) -> list[Signal]:
    """The signals found on arrival placed as the chart shows them: a late, older result sits at its
    time's position on the chart, not at the end, so a signal the chart shows too (same series, rule,
    lot and time) takes the chart's index and points. One the time-ordered chart does not show (a run
    rule that held only in arrival order) keeps its arrival index; the chart has no such point."""
    placed = {(s.series, s.rule, s.lot, s.at): s.violation for s in shown}
    return [replace(s, violation=placed.get((s.series, s.rule, s.lot, s.at), s.violation)) for s in found]


def _notify(
    tx: Unit, spec: Characteristic, chart: Chart | None, found: list[Signal], alarm: Alarm, now: datetime
) -> list[str]:
    customer = customer_of(tx, spec.member, spec.item, found[-1].lot)
    if customer is None or chart is None or unclosed_about(tx, alarm, [customer], "quality"):
        return []
    note_id = new_id("nt")
    evidence = evidence_of(note_id, customer, spec, chart, found)
    head = next(s for s in found if s.rule == evidence.rule and s.series == evidence.series)
    refs = {"alarm": alarm.id, "item": spec.item, "characteristic": spec.code, "lot": head.lot}
    subject = f"SPC signal on {spec.item} {spec.code}: {evidence.rule_text} (lot {head.lot})"
    body = notice_text(spec, head) + (f"; {len(found)} signals in this batch" if len(found) > 1 else "")
    tx.notifications.add(Notification(note_id, spec.member, customer, "quality", subject, now, body, refs=refs))
    tx.quality_evidence.add(evidence)
    return [note_id]


def customer_of(tx: Unit, seller: str, item: str, lot: str) -> str | None:
    """The buyer of the order line that carries ``lot``; else of the newest open line of ``item``."""
    lines = [
        (order, line)
        for order in tx.orders.of_member(seller, limit=ORDER_LIMIT)
        if order.seller == seller
        for line in order.lines
        if line.item == item
    ]
    by_lot = [o.buyer for o, line in lines if line.attributes.get("lot") == lot]
    open_lines = [o.buyer for o, line in lines if line.open_qty > 0]
    found = by_lot or open_lines
    return found[0] if found else None


def characteristics(store: Store, user: User, member: str, now: datetime) -> list[tuple[Characteristic, int]]:
    """Characteristics of ``member`` with their result counts (own, or under a quality grant)."""
    with store.write() as tx:
        tx.members.get(member)
        check_read(tx, user, member, DataScope.QUALITY, "quality characteristics", now)
        defined = {(c.item, c.code): c for c in tx.characteristics.of(member)}
        counts = {(item, code): n for item, code, n in tx.inspections.keys(member)}
        for item, code in counts.keys() - defined.keys():
            defined[(item, code)] = spec_of(tx, member, item, code)
    return [(defined[k], counts.get(k, 0)) for k in sorted(defined)]


def chart(store: Store, user: User, member: str, item: str, code: str, now: datetime) -> ChartView:
    """The control chart of one characteristic with limits, points, signals and capability."""
    with store.write() as tx:
        tx.members.get(member)
        check_read(tx, user, member, DataScope.QUALITY, f"control chart {item}/{code}", now)
        spec = spec_of(tx, member, item, code)
        history = tx.inspections.of_characteristic(member, item, code)
        state = tx.spc_states.get(member, item, code)
    held = Evaluator.from_dict(state).params if state is not None else None  # the limits alarms were raised on
    built, signals = evaluate_history(spec.chart, history, spec.subgroup_size, spec.baseline, spec.rules, held)
    return ChartView(spec, built, signals, _capability(spec, built), len(history))


def _capability(spec: Characteristic, built: Chart | None) -> Capability | None:
    if built is None or not spec.chart.is_variable or (spec.lsl is None and spec.usl is None):
        return None
    values = [v for g in built.subgroups for v in g.values]
    m, n = len(built.subgroups), spec.subgroup_size
    dof = len(values) - 1 if n == 1 else m * (n - 1)
    lsl = float(spec.lsl) if spec.lsl is not None else None
    usl = float(spec.usl) if spec.usl is not None else None
    return capability(values, lsl=lsl, usl=usl, sigma_within=built.params.sigma, within_dof=dof)


def signals(store: Store, user: User, member: str, now: datetime) -> list[ControlSignal]:
    """Every control signal of ``member`` (own, or under a quality grant)."""
    with store.write() as tx:
        tx.members.get(member)
        check_read(tx, user, member, DataScope.QUALITY, "control signals", now)
        return tx.control_signals.of(member)


def evidence(store: Store, user: User, note_id: str, now: datetime) -> QualityEvidence:
    """The evidence of a quality notice: for its recipient and sender; others under a quality grant (logged)."""
    with store.write() as tx:
        found = tx.quality_evidence.get(note_id)
        if user.member not in (found.sender, found.recipient):
            check_read(tx, user, found.sender, DataScope.QUALITY, f"quality notice {note_id}", now)
        return found
