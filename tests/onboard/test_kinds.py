"""Importing whole files of each kind from small generated inputs (no shared files needed)."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime
from decimal import Decimal

import openpyxl
import pytest

from onefactory.model import ImportRejected, ItemKind, StockMovement
from onefactory.onboard import KINDS, ImportOptions, parse, preview

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
ORDER_OPTS = {"received_at": NOW, "due_date": date(2026, 4, 1)}


def _parse(kind: str, text: str, member: str = "SUP-KR1", name: str = "f.csv", **options: object):
    data = text.encode("cp949") if name.endswith(".csv") else text.encode()
    return parse(kind, data, name, member=member, options=ImportOptions(**options))


def _errors(kind: str, text: str, member: str = "SUP-KR1", **options: object) -> list:
    with pytest.raises(ImportRejected) as caught:
        _parse(kind, text, member, **options)
    return caught.value.errors


def test_every_kind_is_known() -> None:
    assert set(KINDS) == {"items", "bom", "resources", "routing", "orders", "inventory", "shipments", "receipts",
                          "uom", "production_report", "prices", "inspections"}  # fmt: skip
    with pytest.raises(KeyError, match="unknown kind"):
        parse("invoices", b"a\n1\n", "x.csv", member="M")


def test_items_in_korean_with_null_tokens_and_kinds() -> None:
    text = (
        "품목코드,품목명,규격,단위,조달구분,리드타임,포장단위\nNA,나트륨,null,kg,구매,3,\n007,볼트,,EA,제조,0.5,100\n"
    )
    first, second = _parse("items", text).records
    assert (first.code, first.spec, first.kind, first.lead_time_days, first.pack_size) == ("NA", "null", ItemKind.BUY,
                                                                                          3, None)  # fmt: skip
    assert (second.code, second.spec, second.kind, second.pack_size) == ("007", None, ItemKind.MAKE, 100)


def test_missing_required_column_names_the_expected_names() -> None:
    (error,) = _errors("items", "name,qty\nBolt,1\n")
    assert error.row == 0 and error.column == "code"
    assert "품목코드" in error.reason and "item_code" in error.reason and "'name'" in error.reason


def test_two_columns_meaning_the_same_field_are_refused() -> None:
    (error,) = _errors("items", "item_code,품목코드\nA,B\n")
    assert "keep one" in error.reason


def test_every_bad_row_is_listed_with_row_line_column_and_value() -> None:
    errors = _errors("bom", "parent,component,qty\nA,B,x\n,C,1\nA,A,1\nD,E,-1\n")
    assert [(e.row, e.line, e.column, e.value) for e in errors] == [
        (1, 2, "qty", "x"), (2, 3, "parent", None), (3, 4, "component", "A"), (4, 5, "qty", "-1"),
    ]  # fmt: skip


def test_every_bad_cell_of_a_bom_row_is_listed() -> None:
    errors = _errors("bom", "parent,component,qty_per,uom,scrap_pct\nNEW-001,00060,-1,EA,150\n")
    assert [(e.row, e.line, e.column, e.value, e.reason) for e in errors] == [
        (1, 2, "qty_per", "-1", "qty_per must be > 0, got -1"),
        (1, 2, "scrap_pct", "150", "scrap_pct must be below 100, got 150"),
    ]


def test_bom_cycle_in_one_file_is_refused() -> None:
    errors = _errors("bom", "모품목,자품목,소요량\nA,B,1\nB,C,1\nC,A,1\n")
    assert "circular" in errors[0].reason


def test_bom_xlsx_with_merged_parent_and_group_header() -> None:
    book = openpyxl.Workbook()
    ws = book.active
    for row in (
        ["모품목", "자품목", None, "비고"],
        [None] * 4,
        ["품목코드", "품목코드", "수량", None],
        ["FG", "R1", 2, "급송"],
        [None, "R2", 0.25, None],
        ["FG2", "R1", 1, None],
        [None, "R3", 1, None],
    ):
        ws.append(row)  # fmt: skip
    ws.merge_cells("B1:C1")
    ws.merge_cells("A4:A5")
    buffer = io.BytesIO()
    book.save(buffer)
    with pytest.raises(ImportRejected) as caught:
        parse("bom", buffer.getvalue(), "bom.xlsx", member="M")
    (error,) = caught.value.errors
    assert (error.row, error.line) == (4, 7) and "cell A7" in error.reason
    ws["A7"] = "FG2"
    buffer = io.BytesIO()
    book.save(buffer)
    lines = parse("bom", buffer.getvalue(), "bom.xlsx", member="M").records
    assert [(ln.parent, ln.component, ln.qty_per, ln.remark) for ln in lines] == [
        ("FG", "R1", 2, "급송"), ("FG", "R2", Decimal("0.25"), None), ("FG2", "R1", 1, None), ("FG2", "R3", 1, None),
    ]  # fmt: skip


def test_orders_group_rows_keep_file_line_numbers_and_text_attributes() -> None:
    text = (
        "발주번호,순번,품목코드,수량,납기일,lot,serial,drawing\n"
        "PO-1,10,A,5,2026.05.01,000123,9007199254740993,NA\n"
        "PO-1,20,A,5,2026/05/02,000123,,\n"
        "PO-2,1,B,1,20260503,,,\n"
    )
    first, second = _parse("orders", text, "LEAD", seller="SUP-KR1", **ORDER_OPTS).records
    assert (first.id, first.buyer, first.seller, first.created_at) == ("PO-1", "LEAD", "SUP-KR1", NOW)
    assert [(ln.line_no, ln.item, ln.due_date) for ln in first.lines] == [
        (10, "A", date(2026, 5, 1)), (20, "A", date(2026, 5, 2)),
    ]  # fmt: skip
    assert first.lines[0].attributes == {"lot": "000123", "serial": "9007199254740993", "drawing": "NA"}
    assert first.lines[1].attributes == {"lot": "000123"}
    assert second.lines[0].line_no == 1


def test_orders_party_columns_override_defaults_and_are_checked() -> None:
    text = "order_id,item,qty,buyer,seller\nSO-1,A,1,LEAD,SUP-A\nSO-1,B,2,LEAD2,SUP-A\nSO-2,C,1,X,Y\n"
    errors = _errors("orders", text, "SUP-A", **ORDER_OPTS)
    assert [(e.row, e.column) for e in errors] == [(2, "seller"), (3, "buyer")]
    (order,) = _parse("orders", "order_id,item,qty,buyer\nSO-1,A,1,LEAD\n", "SUP-A", **ORDER_OPTS).records
    assert (order.buyer, order.seller, [ln.line_no for ln in order.lines]) == ("LEAD", "SUP-A", [1])


def test_orders_need_seller_due_date_and_distinct_line_numbers() -> None:
    assert "seller" in _errors("orders", "order_id,item,qty\nP,A,1\n", "LEAD", **ORDER_OPTS)[0].reason
    (error,) = _errors("orders", "order_id,item,qty\nP,A,1\n", "LEAD", seller="S", received_at=NOW)
    assert error.column == "due_date"
    errors = _errors("orders", "order_id,line,item,qty\nP,1,A,1\nP,1,A,2\n", "LEAD", seller="S", **ORDER_OPTS)
    assert [(e.row, e.column) for e in errors] == [(2, "line")]


def test_inventory_movement_template_header_declares_its_meaning() -> None:
    (move,) = _parse("inventory", "품목코드,창고,증감수량\nA,WH,-3\n", received_at=NOW).records
    assert isinstance(move, StockMovement) and move.delta == -3 and move.at == NOW
    errors = _errors("inventory", "item,on_hand\nA,5\n", inventory_mode="movement")
    assert "declared as movement" in errors[0].reason


def test_inventory_snapshot_refuses_negative_and_duplicate_positions() -> None:
    errors = _errors("inventory", "item,location,lot,qty\nA,W,L1,-1\nB,W,,2\nB,W,,3\n", inventory_mode="snapshot")
    assert [(e.row, e.column) for e in errors] == [(1, "qty"), (3, "item")]


def test_shipments_and_receipts_with_local_dates_in_the_site_zone() -> None:
    text = "출하번호,발주번호,순번,출하수량,로트번호,출하일\nASN-1,PO-1,1,30,L1,2026-03-02 09:00\nASN-1,PO-1,2,5,,2026-03-02 09:00\n"
    (asn,) = _parse("shipments", text, "SUP-KR1", buyer="LEAD", timezone="Asia/Seoul").records
    assert (asn.seller, asn.buyer, asn.shipped_at) == ("SUP-KR1", "LEAD", datetime(2026, 3, 2, 0, 0, tzinfo=UTC))
    assert [(ln.line_no, ln.qty, ln.lot) for ln in asn.lines] == [(1, 30, "L1"), (2, 5, None)]
    errors = _errors("shipments", text.replace("2026-03-02 09:00\n", "2026-03-03\n", 1), buyer="LEAD",
                     timezone="Asia/Seoul")  # fmt: skip
    assert errors[0].row == 2 and "differs" in errors[0].reason
    receipt_text = "입고번호,출하번호,발주번호,순번,입고수량,입고일\nGR-1,ASN-1,PO-1,1,30,2026-03-03\n"
    (receipt,) = _parse("receipts", receipt_text, "LEAD", timezone="Asia/Seoul").records
    assert receipt.received_at == datetime(2026, 3, 2, 15, 0, tzinfo=UTC)
    assert receipt.lines[0].shipment == "ASN-1"


def test_uom_factors_stay_exact_and_contradictions_are_refused() -> None:
    records = _parse("uom", "from_uom,to_uom,factor\nmg,kg,0.000001\nlb,kg,0.45359237\n").records
    assert [str(c.factor) for c in records] == ["0.000001", "0.45359237"]
    errors = _errors("uom", "from,to,factor\nkg,g,1000\ng,kg,0.001\nkg,kg,1\nL,mL,0\n")
    assert [e.row for e in errors] == [2, 3, 4]


def test_production_report_third_repeat_and_missing_zone_are_errors() -> None:
    rows = "".join(f"2026-10-25 02:30,L1,{n}\n" for n in range(3))
    errors = _errors("production_report", "local_time,line,good_qty\n" + rows, timezone="Europe/Berlin")
    assert [e.row for e in errors] == [3]
    errors = _errors("production_report", "local_time,line,good_qty\n2026-10-25 03:30,L1,1\n")
    assert "time zone" in errors[0].reason


def test_production_report_repeats_are_counted_per_line(process_tz) -> None:
    text = "local_time,line,good_qty,scrap_qty\n" + "".join(
        f"2026-11-01 01:30,{line},{n},0\n" for n, line in enumerate(["L1", "L2", "L1", "L2"])
    )
    for zone in ("UTC", "Asia/Seoul", "America/New_York"):
        process_tz(zone)
        reports = _parse("production_report", text, timezone="America/Chicago").records
        assert [(r.resource, r.at.hour) for r in reports] == [("L1", 6), ("L2", 6), ("L1", 7), ("L2", 7)]


def test_prices_with_decimal_comma_and_header_units() -> None:
    (line,) = _parse("prices", "teilenummer;bezeichnung;menge_kg;preis_eur\n0815.2;Scheibe;1.234;1.000,00\n",
                     decimal=",").records  # fmt: skip
    assert (line.part_no, line.qty, line.unit_price, line.uom, line.currency) == ("0815.2", 1234, 1000, "kg", "EUR")


def test_preview_keeps_good_rows_and_lists_bad_ones() -> None:
    result = preview("items", b"item_code,lead_time\nA,1\nB,x\n", "i.csv", member="M")
    assert [i.code for i in result.records] == ["A"]
    assert [(e.row, e.column, e.value) for e in result.errors] == [(2, "lead_time", "x")]
    assert preview("items", b"\xff\xfe\xfa", "i.csv", member="M").errors


def test_repeated_item_code_keeps_the_first_row_and_warns() -> None:
    result = _parse("items", "item_code,description\n00060,first\n00060,second\n")
    assert [(i.code, i.description) for i in result.records] == [("00060", "first")]
    assert any("repeats data row 1" in w for w in result.warnings)


def test_given_names_the_fields_whose_cells_hold_a_value() -> None:
    """Absent columns and blank cells give no field, so a stored record can keep its own value."""
    result = _parse("items", "item_code,item_name,lead_time_days,qty_decimals\nA,Alpha,,\nB,,7,2\n")
    assert result.given == (frozenset({"name"}), frozenset({"lead_time_days", "whole_units"}))
    assert [(i.lead_time_days, i.whole_units) for i in result.records] == [(Decimal(0), True), (Decimal(7), False)]
    assert _parse("orders", "order_id,line,item,qty,seller\nPO-1,1,A,1,S\n", **ORDER_OPTS).given == ()


def test_a_negative_count_names_the_bound_readably() -> None:
    errors = _errors("inventory", "item,on_hand\nA,-3\n")
    assert [(e.column, e.reason) for e in errors] == [("on_hand", "on_hand must be >= 0, got -3")]
    assert [e.reason for e in _errors("items", "item_code,pack_size\nA,0\n")] == ["pack_size must be > 0, got 0"]


def test_headers_only_file_warns_that_it_holds_no_rows() -> None:
    result = _parse("items", "item_code,item_name\n")
    assert (result.rows, result.records, result.warnings) == (
        0,
        (),
        ("0 data rows found: the file has headers only, so nothing is imported",),
    )
