"""The pure pieces of the dashboard: catalogues, language choice, tiers, actions, diagram."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from onefactory import exchange as ex
from onefactory.exchange import sub_tiers
from onefactory.model import DataScope, LineStatus, Member, MemberRole, OrderLine, SharedOrder
from onefactory.web import MESSAGES, allowed_actions, choose_language
from onefactory.web.actions import ORDER
from onefactory.web.diagram import layout

TEMPLATES = Path(__file__).parents[2] / "src" / "onefactory" / "web" / "templates"
AT = datetime(2026, 1, 1, tzinfo=UTC)


def order(order_id: str, buyer: str, seller: str, *items: str) -> SharedOrder:
    lines = tuple(OrderLine(n, item, Decimal(10), date(2026, 2, 1)) for n, item in enumerate(items, 1))
    return SharedOrder(order_id, buyer, seller, lines, AT)


def test_both_catalogues_have_the_same_keys() -> None:
    assert set(MESSAGES["ko"]) == set(MESSAGES["en"])


def test_catalogues_have_the_same_placeholders() -> None:
    for key, english in MESSAGES["en"].items():
        assert set(re.findall(r"{(\w+)}", english)) == set(re.findall(r"{(\w+)}", MESSAGES["ko"][key])), key


def test_every_key_used_in_templates_is_catalogued() -> None:
    used = set()
    for template in TEMPLATES.glob("*.html"):
        used |= set(re.findall(r"""(?<![\w.])t\('([\w.]+)'[,)]""", template.read_text()))
    assert used
    assert used - set(MESSAGES["en"]) == set()


def test_every_status_scope_role_and_action_has_a_label() -> None:
    keys = (
        [f"status.{s.value}" for s in LineStatus]
        + [f"scope.{s.value}" for s in DataScope]
        + [f"role.{r.value}" for r in MemberRole]
        + [f"action.{a}" for a in ORDER]
        + ["status.mixed"]
    )
    assert [k for k in keys if k not in MESSAGES["en"]] == []


@pytest.mark.parametrize(
    ("query", "cookie", "header", "expected"),
    [
        ("en", "ko", "ko", "en"),
        (None, "ko", "en", "ko"),
        (None, None, "ko-KR,ko;q=0.9,en;q=0.8", "ko"),
        (None, None, "en-US,en;q=0.9,ko;q=0.8", "en"),
        (None, None, None, "en"),
        ("fr", "xx", "fr-FR", "en"),
        (None, None, "ko;q=bad", "en"),
    ],
)
def test_language_choice(query, cookie, header, expected) -> None:
    assert choose_language(query, cookie, header) == expected


def test_sub_tiers_follow_item_codes_down_several_tiers() -> None:
    top = order("O1", "LEAD", "A", "P-1", "P-2")
    visible = [top, order("O2", "A", "B", "P-1"), order("O3", "B", "C", "P-1"), order("O4", "A", "D", "X-9")]
    tiers = sub_tiers(top, visible, [("B", "A"), ("C", "B"), ("D", "A")])
    assert [(t.supplier, [o.id for o in t.orders], t.shared) for t in tiers] == [("B", ["O2"], True), ("D", [], False)]
    assert [(c.supplier, [o.id for o in c.orders]) for c in tiers[0].children] == [("C", ["O3"])]


def test_a_line_naming_the_order_serves_it_whatever_its_item() -> None:
    top = order("O1", "LEAD", "A", "P-1")
    sub = SharedOrder(
        "O2", "A", "B", (OrderLine(1, "RAW-7", Decimal(1), date(2026, 1, 9), attributes={"pegged_to_order": "O1"}),), AT
    )
    assert [o.id for o in sub_tiers(top, [top, sub], [])[0].orders] == ["O2"]


def test_sub_tiers_stop_at_a_cycle() -> None:
    top = order("O1", "A", "B", "P-1")
    back = order("O2", "B", "A", "P-1")
    tiers = sub_tiers(top, [top, back], [("A", "B"), ("B", "A")])
    assert tiers[0].supplier == "A"
    assert [c.supplier for c in tiers[0].children] == ["B"]
    assert tiers[0].children[0].children == []


def test_actions_follow_the_lifecycle() -> None:
    fresh = order("O1", "LEAD", "A", "P-1")
    assert allowed_actions(fresh, "A") == {1: ["confirm", "reject", "cancel"]}
    assert allowed_actions(fresh, "LEAD") == {1: ["cancel"]}
    assert allowed_actions(fresh, "Z") == {1: []}
    seller = ex.actor_for(fresh, "A", "u")
    confirmed = ex.confirm(fresh, 1, seller, AT).order
    assert allowed_actions(confirmed, "A")[1] == ["start_production", "request_change", "cancel"]
    asked = ex.request_change(confirmed, 1, seller, AT, qty=Decimal(5)).order
    assert allowed_actions(asked, "LEAD")[1] == ["accept_change", "decline_change", "cancel"]


def test_diagram_places_tiers_left_to_right() -> None:
    members = [Member("L", "Lead", "lead"), Member("A", "A", "tier1"), Member("B", "B", "tier2")]
    d = layout(members, [("A", "L", 3), ("B", "A", 0)])
    xs = {b.code: b.x for b in d.boxes}
    assert xs["L"] < xs["A"] < xs["B"]
    assert all(e.x1 > e.x2 for e in d.edges)
    assert d.width > xs["B"]


def test_every_notice_kind_and_built_in_alarm_rule_has_a_label() -> None:
    """A new notice kind or built-in rule without a label fails here, not on a user's page."""
    from onefactory.demo.notices import demo_alarms
    from onefactory.model import NOTICE_KINDS
    from onefactory.monitor.rule_config import DEFAULT_CONFIG
    from onefactory.services.quality import ALARM_RULE
    from onefactory.services.telemetry import SERIES_LIMIT_RULE

    rules = [r["name"] for r in DEFAULT_CONFIG["rules"]] + [ALARM_RULE, SERIES_LIMIT_RULE]
    rules += [a.kind for a in demo_alarms(AT)]
    keys = [f"notice_kind.{k}" for k in NOTICE_KINDS] + [f"alarm_kind.{r}" for r in rules]
    assert [k for k in keys if k not in MESSAGES["en"]] == []
    assert "notice_kind.escalation" in keys


def test_a_notification_of_an_unknown_kind_is_refused() -> None:
    """Every kind is in NOTICE_KINDS, so the test above sees it."""
    from onefactory.model import InvalidData, Notification

    with pytest.raises(InvalidData, match="notification kind must be one of"):
        Notification("nt-1", "SUP-A", "LEAD", "memo", "hello", AT)


def test_the_engines_fixed_sentences_read_in_both_languages() -> None:
    """English gives back exactly what the engine wrote; Korean has a translation."""
    import numpy as np
    import pandas as pd

    from onefactory.quality.predict.estimator import DefectRiskModel
    from onefactory.web.notes import PATTERNS, translate

    model = DefectRiskModel().fit(pd.DataFrame({"temp_c.mean": np.full(6, np.nan)}), [0, 1, 0, 0, 1, 0])
    sentences = [
        *model.warnings_,
        "trial limits from 12 points; they are held once 20 points exist",
        "no variation in the baseline: limits equal the center line and any other value is a signal",
        "no spread in the data (sigma is 0): capability indices are undefined",
        "one specification limit only: Cp and Pp need both; Cpk and Ppk are one-sided",
        "only one class in training window; predicting the base rate 0.000",
        "model trained on one class; every lot gets the base rate 0.250",
        "imbalanced window: 2 failed of 160 lots",
        "no failed lot in the time-ordered validation slices; probabilities not calibrated",
        "feature 'temp_c.max' missing at prediction time; treated as missing",
        "only 1 failed lot(s) in the training window (need 5); not put in service",
    ]
    assert model.warnings_ == [
        "feature 'temp_c.mean' has no values in the training window; dropped",
        "no usable feature; predicting the base rate 0.333",
    ]
    assert [translate("en", s) for s in sentences] == sentences
    korean = [translate("ko", s) for s in sentences]
    assert [s for s, k in zip(sentences, korean, strict=True) if k == s] == []
    assert korean[1] == "쓸 수 있는 특성이 없습니다. 기준 불량률 0.333으로 예측합니다"
    matched = {key for s in sentences for pattern, key in PATTERNS if pattern.fullmatch(s)}
    assert matched == {key for _, key in PATTERNS}  # every catalogued sentence is checked


def test_every_status_the_planner_can_produce_has_a_label_in_both_languages() -> None:
    from onefactory.plan.capacity.solvers import STATUSES

    assert STATUSES == ("optimal", "time_limit", "infeasible")
    keys = [f"plan_status.{s}" for s in STATUSES]
    assert [(lang, k) for lang in MESSAGES for k in keys if k not in MESSAGES[lang]] == []


def test_a_solver_status_outside_the_catalogued_ones_is_refused() -> None:
    import numpy as np

    from onefactory.plan.capacity.solvers import Solution

    with pytest.raises(ValueError, match="solver status 'unbounded' is not one of"):
        Solution(np.zeros(0), np.zeros(0), None, 0.0, "unbounded", 0.0, "highs")


def test_a_goods_event_is_named_as_one_movement_not_as_the_line_status() -> None:
    """A partial shipment's event read '출하 완료' (shipment complete), from the line status label."""
    from onefactory.web._context import Page

    ko = Page(request=None, runtime=None, user=None, lang="ko")  # type: ignore[arg-type]
    assert (ko.event("shipped"), ko.event("received"), ko.event("confirmed")) == (
        "출하",
        "입고",
        ko.t("status.confirmed"),
    )
