"""A BOM cycle closing through other members' BOMs is refused without naming their items."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from onefactory import demo, onboard
from onefactory.model import InvalidData
from onefactory.services import imports
from onefactory.store import open_store

NOW = datetime(2026, 12, 3, 0, 30, tzinfo=UTC)


@pytest.fixture
def cluster():
    store = open_store("sqlite://")
    demo.load_demo(store, NOW)
    return store


def test_a_cycle_through_other_members_names_only_the_callers_items(cluster):
    data = b"parent_item,component_item,qty_per,uom,supplier\nPT-0001,FG-0002,1,pcs,LEAD\n"
    with pytest.raises(InvalidData) as err:
        imports.import_file(cluster, imports.cli_user("GAON"), "bom", data, "bom.csv", onboard.ImportOptions(), NOW)
    assert str(err.value) == (
        "BOM cycle refused: PT-0001 -> FG-0002 (LEAD) leads back to PT-0001 through 2 items of other members"
    )
    assert "MD-0001" not in str(err.value)
    with cluster.read() as tx:
        assert [line.component for line in tx.boms.of("GAON") if line.parent == "PT-0001"] == []


def test_a_cycle_within_the_callers_own_bom_is_named_in_full():
    assert imports.cycle_shown(["A", "B", "A"], {"A", "B"}, {}) == "A -> B -> A"
    assert imports.cycle_shown(["X", "Y", "X"], {"A"}, {}) == "the cycle closes within other members' BOMs"


def test_each_stretch_through_other_members_is_told_separately():
    cycle = ["A", "F1", "B", "G1", "G2", "G3", "A"]
    assert imports.cycle_shown(cycle, {"A", "B"}, {"F1": "LEAD", "G1": "SEOHAN"}) == (
        "A -> F1 (LEAD) leads back to B through 1 item of other members; "
        "B -> G1 (SEOHAN) leads back to A through 3 items of other members"
    )
