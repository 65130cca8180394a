"""Every binding kind, MRP supply kind and order kind the code can produce has a label in both languages."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from onefactory.model import BINDING_KINDS, BindingConstraint, InvalidData, OrderKind, Plan, PlanOrderKind, SupplyKind
from onefactory.web.i18n import MESSAGES

SRC = Path(__file__).resolve().parents[2] / "src" / "onefactory"
KEYS = (
    [f"binding.{k}" for k in BINDING_KINDS]
    + [f"mrp.supply.{k.value}" for k in SupplyKind]
    + [f"mrp.kind.{k.value}" for k in OrderKind]
    + [f"kind.{k.value}" for k in PlanOrderKind]
)


def test_the_code_names_only_catalogued_binding_kinds():
    found = set()
    for path in SRC.rglob("*.py"):
        found |= set(re.findall(r'BindingConstraint\(\s*"(\w+)"', path.read_text(encoding="utf-8")))
    assert found == set(BINDING_KINDS)


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("key", KEYS)
def test_every_kind_has_a_label(lang, key):
    assert MESSAGES[lang].get(key), f"{key} has no {lang} label"


def test_an_unknown_binding_kind_is_refused():
    with pytest.raises(InvalidData, match="must be one of resource, material, routing, lead_time, supply, got 'cash'"):
        BindingConstraint("cash", "LEAD", "X", None, "")


def test_a_korean_plan_page_names_binding_kinds_in_korean(runtime, login):
    at = datetime(2026, 3, 2, tzinfo=UTC)
    binding = (
        BindingConstraint("material", "LEAD", "P-100", None, "short"),
        BindingConstraint("lead_time", "LEAD", "P-200", at, "late"),
    )
    with runtime.store.write() as tx:
        tx.plans.add(Plan("PL-K1", at, at, 24, 5, "highs", "optimal", 0.0, 0.0, (), (), (), binding))
    page = login("LEAD").get("/plans/PL-K1", params={"lang": "ko"}).text
    assert re.findall(r'<ul class="binding"><li><code>([^<]+)</code>.*?<li><code>([^<]+)</code>', page) == [
        ("자재", "리드타임")
    ]


def test_a_korean_mrp_page_shows_stock_without_its_internal_ref(login):
    from .test_mrp_page import run

    run(login("LEAD"))
    page = login("SUP-A").get("/mrp", params={"lang": "ko"}).text
    assert page.count("· 재고") == 1
    assert "on-hand" not in page
