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
