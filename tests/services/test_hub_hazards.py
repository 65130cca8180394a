"""Hub hazards from ../shared/hazards turned into exact-answer tests (through the import service)."""

from datetime import date
from decimal import Decimal as D

import pytest

from onefactory.model import ImportRejected, InvalidData
from onefactory.onboard import ImportOptions
from onefactory.services import imports, orders
from onefactory.store import open_store

from support import NOW, seed_items, seed_members, shared_path


@pytest.fixture
def hub():
    store = open_store("sqlite://")
    seed_members(store)
    seed_items(store, "LEAD", "P-38", "P-39", "A-41", "P-42", "1E5", "00420", "P")
    seed_items(store, "SUP-A", "P-42")
    return store


def load(store, member, kind, case_file, **opts):
    path = shared_path("hazards", case_file)
    opts.setdefault("due_date", date(2026, 7, 1))
    return imports.import_file(
        store, imports.cli_user(member), kind, path.read_bytes(), path.name, ImportOptions(**opts), NOW
    )


def line(store, order_id, line_no=1):
    with store.read() as tx:
        return tx.orders.get(order_id).line(line_no)


def _h038_first_two_receipts(hub, **opts):
    load(hub, "LEAD", "orders", "H038/purchase_order.csv")
    orders.act(hub, imports.cli_user("SUP-A"), "PO-38", 1, "confirm", orders.Params(), NOW)
    load(hub, "SUP-A", "shipments", "H038/asn.csv", buyer="LEAD")
    open_after = []
    for n in (1, 2):
        load(hub, "LEAD", "receipts", f"H038/receipt_{n}.csv", **opts)
        open_after.append(line(hub, "PO-38").open_qty)
    assert open_after == [D(70), D(40)]


def _lots(hub):
    with hub.read() as tx:
        return {p.lot: p.qty for p in tx.stock.of("LEAD", "P-38")}


def test_h038_over_receipt_beyond_the_default_tolerance_of_0_is_refused_and_changes_nothing(hub):
    _h038_first_two_receipts(hub)
    with pytest.raises(ImportRejected) as err:
        load(hub, "LEAD", "receipts", "H038/receipt_3.csv")
    [error] = err.value.errors
    assert (error.row, error.line, error.column) == (1, 2, "qty")
    assert error.reason == (
        "GR-38-3: receipt GR-38-3: over-receipt of 2 on order PO-38 line 1: ordered 100, "
        "already received 60, receiving 42 exceeds the over-receipt tolerance of 0%"
    )
    assert (line(hub, "PO-38").open_qty, line(hub, "PO-38").received_qty) == (D(40), D(60))
    assert line(hub, "PO-38").status.value == "partially_received"
    assert _lots(hub) == {"LOT-1": D(30), "LOT-2": D(20), "LOT-3": D(10)}


def test_h038_over_receipt_within_a_tolerance_of_5_is_accepted_and_flagged(hub):
    path = shared_path("hazards", "H038/receipt_3.csv")
    _h038_first_two_receipts(hub)
    report = imports.import_file(
        hub, imports.cli_user("LEAD"), "receipts", path.read_bytes(), path.name, ImportOptions(), NOW,
        receipt_tolerance_pct=D(5),
    )  # fmt: skip
    assert line(hub, "PO-38").open_qty == D(0)
    assert line(hub, "PO-38").received_qty == D(102)
    assert line(hub, "PO-38").status.value == "received"
    assert report.notes == [
        "GR-38-3: over-receipt +2 on PO-38 line 1",
        "GR-38-3: over-receipt +2 against ASN-38-3 (shipped 40)",
    ]
    assert _lots(hub) == {"LOT-1": D(30), "LOT-2": D(20), "LOT-3": D(10), "LOT-4": D(42)}


def test_a_receipts_file_names_the_first_row_of_the_refused_receipt_and_stores_nothing(hub):
    load(hub, "LEAD", "orders", "H038/purchase_order.csv")
    orders.act(hub, imports.cli_user("SUP-A"), "PO-38", 1, "confirm", orders.Params(), NOW)
    text = "receipt_id,po_id,line,lot,qty\nGR-A,PO-38,1,L1,30\nGR-A,PO-38,1,L2,20\nGR-B,PO-38,1,L3,51\n"
    with pytest.raises(ImportRejected) as err:
        imports.import_file(hub, imports.cli_user("LEAD"), "receipts", text.encode(), "gr.csv", ImportOptions(), NOW)
    assert [(e.row, e.line, e.column) for e in err.value.errors] == [(3, 4, "qty")]
    assert "ordered 100, already received 50, receiving 51" in err.value.errors[0].reason
    assert (line(hub, "PO-38").received_qty, line(hub, "PO-38").status.value) == (D(0), "confirmed")


def test_h041_same_item_twice_stays_separate_lines(hub):
    load(hub, "LEAD", "orders", "H041/sales_order.csv")
    with hub.read() as tx:
        order = tx.orders.get("SO-41")
    assert [(x.line_no, x.item, x.attributes.get("lot"), x.qty) for x in order.lines] == [
        (10, "A-41", "LA", D(10)),
        (20, "A-41", "LA", D(5)),
        (30, "A-41", "LB", D(5)),
    ]


def test_h042_order_lines_list_exactly_five_errors_and_store_nothing(hub):
    with pytest.raises(ImportRejected) as err:
        load(hub, "LEAD", "orders", "H042/order_lines.csv", seller="SUP-A")
    assert [(e.row, e.column) for e in err.value.errors] == [
        (2, "quantity"),
        (3, "quantity"),
        (4, "pack_size"),
        (5, "pack_size"),
        (6, "pack_size"),
    ]
    with hub.read() as tx:
        assert tx.orders.find("PO-42") is None


def test_h042_stock_count_is_an_adjustment_not_silently_a_movement(hub):
    load(hub, "SUP-A", "inventory", "H042/opening_stock.csv", inventory_mode="snapshot")
    with pytest.raises(ImportRejected, match="counted stock or a change"):
        load(hub, "SUP-A", "inventory", "H042/inventory_file.csv")
    report = load(hub, "SUP-A", "inventory", "H042/inventory_file.csv", inventory_mode="snapshot")
    assert report.notes == ["WH-A/B-01 P-42 lot -: adjustment -3"]
    with hub.read() as tx:
        assert [p.qty for p in tx.stock.of("SUP-A", "P-42")] == [D(5)]
        assert [m.delta for m in tx.stock.movements("SUP-A", "P-42")][-1] == D(-3)


def test_h003_csv_order_keeps_numeric_looking_text(hub):
    load(hub, "LEAD", "orders", "H003/orders.csv", seller="SUP-KR1")
    second = line(hub, "PO-003-2", 2)
    assert (second.item, second.attributes["lot"], second.attributes["serial"]) == (
        "00420",
        "0000000001",
        "9007199254740993",
    )


def test_bom_cycle_across_members_is_refused_naming_it(hub):
    load(hub, "LEAD", "bom", "H024/bom_lead.csv")
    load(hub, "SUP-A", "bom", "H024/bom_sup_a.csv")
    with pytest.raises(InvalidData, match=r"BOM cycle refused: .* -> "):
        load(hub, "SUP-B", "bom", "H024/bom_sup_b.csv")


def test_h039_cancel_then_reissue_three_times_keeps_one_open_line(hub):
    for name in ["po_line.csv", "po_line_cancel.csv"] * 3 + ["po_line.csv"]:
        load(hub, "LEAD", "orders", f"H039/{name}")
    with hub.read() as tx:
        order = tx.orders.get("PO-39")
        kinds = [e.kind for e in tx.events.of("PO-39")]
    assert [(x.line_no, x.status.value, x.open_qty, x.due_date) for x in order.lines] == [
        (10, "proposed", D(50), date(2026, 6, 20))
    ]
    assert kinds == ["issued", "cancelled", "reissued", "cancelled", "reissued", "cancelled", "reissued"]
    assert line(hub, "PO-39", 10).attributes == {}


def test_unknown_order_status_is_refused_naming_it(hub, tmp_path):
    with pytest.raises(InvalidData, match="unknown status 'maybe'"):
        imports.import_file(
            hub,
            imports.cli_user("LEAD"),
            "orders",
            b"po_id,line,item_code,qty,due_date,status,supplier_member\nPO-1,1,P,5,2026-07-01,maybe,SUP-A\n",
            "po.csv",
            ImportOptions(),
            NOW,
        )
