"""The field hazard cases of ../shared/hazards, asserted exactly (skipped when the folder is absent)."""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import openpyxl
import pytest

from onefactory.model import ImportRejected, UomTable
from onefactory.onboard import (
    ImportOptions,
    export_items,
    export_resources,
    export_rows,
    parse,
    preview,
    read_table,
)

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
DUE = date(2026, 4, 1)


def _parse(hazards: Path, kind: str, name: str, member: str = "SUP-A", **options: object):
    return parse(kind, (hazards / name).read_bytes(), name, member=member, options=ImportOptions(**options))


def _rejected(hazards: Path, kind: str, name: str, member: str = "SUP-A", **options: object) -> ImportRejected:
    with pytest.raises(ImportRejected) as caught:
        _parse(hazards, kind, name, member, **options)
    return caught.value


# H003 ---------------------------------------------------------------------------------------------


def test_h003_order_csv_keeps_numeric_looking_identifiers_as_text(hazards: Path) -> None:
    result = _parse(hazards, "orders", "H003/orders.csv", "LEAD", seller="SUP-KR1", received_at=NOW, due_date=DUE)
    (order,) = result.records
    assert (order.id, order.buyer, order.seller) == ("PO-003-2", "LEAD", "SUP-KR1")
    first, second = order.lines
    assert (first.line_no, first.item, first.qty) == (1, "1E5", Decimal(2))
    assert first.attributes == {"lot": "000012300007", "serial": "840380235174088834"}
    assert (second.line_no, second.item, second.qty) == (2, "00420", Decimal(1))
    assert second.attributes == {"lot": "0000000001", "serial": "9007199254740993"}


# H009 ---------------------------------------------------------------------------------------------

SITES = {
    "site_kr_report.csv": "Asia/Seoul",
    "site_eu_autumn_naive.csv": "Europe/Berlin",
    "site_eu_autumn_offset.csv": "Europe/Berlin",
    "site_eu_spring_naive.csv": "Europe/Berlin",
    "site_us_autumn_naive.csv": "America/Chicago",
}
BUCKETS = {
    ("site_kr_report.csv", "2026-03-29"): (24, 2676),
    ("site_kr_report.csv", "2026-10-25"): (24, 2676),
    ("site_eu_autumn_naive.csv", "2026-10-25"): (25, 2800),
    ("site_eu_autumn_offset.csv", "2026-10-25"): (25, 2800),
    ("site_eu_spring_naive.csv", "2026-03-29"): (23, 2553),
    ("site_us_autumn_naive.csv", "2026-11-01"): (25, 2800),
}


def _h009_run(hazards: Path) -> tuple[dict[str, list[tuple[int, str, Decimal]]], dict[tuple[str, str], tuple]]:
    stored, buckets = {}, {}
    for name, zone in SITES.items():
        result = _parse(hazards, "production_report", f"H009/{name}", "SUP-X", timezone=zone)
        stored[name] = [(n, r.at.strftime("%Y-%m-%dT%H:%MZ"), r.good_qty) for n, r in enumerate(result.records, 1)]
        days: dict[str, list[Decimal]] = defaultdict(list)
        for report in result.records:
            days[report.at.astimezone(ZoneInfo(zone)).date().isoformat()].append(report.good_qty)
        buckets.update({(name, day): (len(q), sum(q)) for day, q in days.items()})
    return stored, buckets


@pytest.mark.parametrize("server_tz", ["UTC", "Asia/Seoul"])
def test_h009_local_times_become_the_expected_utc_whatever_the_process_tz(
    hazards: Path, process_tz, server_tz: str
) -> None:
    process_tz(server_tz)
    stored, buckets = _h009_run(hazards)
    expected: dict[str, list[tuple[int, str, Decimal]]] = defaultdict(list)
    with (hazards / "H009/expected_utc.csv").open(newline="") as handle:
        for rec in csv.DictReader(handle):
            expected[rec["file"]].append((int(rec["row"]), rec["utc"], Decimal(rec["good_qty"])))
    assert stored == dict(expected)
    assert buckets == BUCKETS


def test_h009_results_are_identical_under_tz_utc_and_tz_seoul(hazards: Path, process_tz) -> None:
    process_tz("UTC")
    under_utc = _h009_run(hazards)
    process_tz("Asia/Seoul")
    assert _h009_run(hazards) == under_utc


def test_h009_autumn_repeat_is_resolved_by_file_order(hazards: Path) -> None:
    eu = _parse(hazards, "production_report", "H009/site_eu_autumn_naive.csv", timezone="Europe/Berlin").records
    assert [r.at.strftime("%H:%MZ") for r in eu[2:4]] == ["00:30Z", "01:30Z"]
    us = _parse(hazards, "production_report", "H009/site_us_autumn_naive.csv", timezone="America/Chicago").records
    assert [r.at.strftime("%H:%MZ") for r in us[1:3]] == ["06:30Z", "07:30Z"]


def test_h009_spring_gap_time_is_rejected_naming_row_line_and_value(hazards: Path) -> None:
    error = _rejected(hazards, "production_report", "H009/site_eu_spring_nonexistent.csv", timezone="Europe/Berlin")
    (only,) = error.errors
    assert (only.row, only.line, only.column, only.value) == (2, 3, "local_time", "2026-03-29 02:30")
    assert "does not exist in Europe/Berlin" in only.reason


def test_h009_kst_file_is_local_minus_nine_hours(hazards: Path) -> None:
    records = _parse(hazards, "production_report", "H009/site_kr_report.csv", timezone="Asia/Seoul").records
    assert len(records) == 48
    assert all(r.at.astimezone(ZoneInfo("Asia/Seoul")).strftime("%Y-%m-%d %H:%M") == r.local_time for r in records)


# H029 ---------------------------------------------------------------------------------------------


def test_h029_null_looking_codes_and_texts_are_real_values(hazards: Path) -> None:
    items = {i.code: i for i in _parse(hazards, "items", "H029/items.csv").records}
    assert list(items) == ["NA", "NULL", "RM-290", "RM-291", "RM-292", "RM-293", "FG-29"]
    assert [items[c].description for c in ("RM-290", "RM-291", "RM-292")] == ["N/A", "None", "#N/A"]
    assert items["RM-293"].spec == "null"
    assert items["RM-293"].description is None
    assert items["FG-29"].spec is None


def test_h029_resources_and_routing_alternates(hazards: Path) -> None:
    resources = _parse(hazards, "resources", "H029/resources.csv").records
    assert [r.code for r in resources] == ["WC-10", "WC-20", "NA"]
    assert resources[2].name == "Nitriding automat"
    assert resources[0].attributes == {"capacity_hours_per_day": "8"}
    op10, op20 = _parse(hazards, "routing", "H029/routing.csv").records
    assert (op10.step_no, op10.resource, op10.alternate_resource, op10.run_min_per_unit) == (10, "WC-10", None, 60)
    assert (op20.step_no, op20.resource, op20.alternate_resource, op20.run_min_per_unit) == (20, "WC-20", "NA", 30)


def test_h029_item_export_reproduces_every_cell(hazards: Path) -> None:
    source = (hazards / "H029/items.csv").read_bytes()
    items = parse("items", source, "items.csv", member="SUP-A").records
    columns = ("code", "description", "uom", "spec")
    exported = export_items(items, "csv", columns=columns)
    assert exported.startswith(b"\xef\xbb\xbf")
    assert exported.decode("utf-8-sig").replace("\r\n", "\n") == source.decode("utf-8")
    book = openpyxl.load_workbook(io.BytesIO(export_items(items, "xlsx", columns=columns)))
    cells = [[c.value for c in row] for row in book.active.iter_rows()]
    expected = [[v or None for v in rec] for rec in csv.reader(io.StringIO(source.decode()))]
    assert cells == expected
    assert parse("items", export_items(items, "xlsx"), "items.xlsx", member="SUP-A").records == items


def test_h029_resource_export_round_trips(hazards: Path) -> None:
    resources = _parse(hazards, "resources", "H029/resources.csv").records
    for fmt in ("csv", "xlsx"):
        back = parse("resources", export_resources(resources, fmt), f"r.{fmt}", member="SUP-A").records
        assert back == resources


# H035 ---------------------------------------------------------------------------------------------


def test_h035_conversions_items_and_bom_are_exact(hazards: Path) -> None:
    conversions = _parse(hazards, "uom", "H035/uom_conversions.csv").records
    factors = {(c.from_uom, c.to_uom): c.factor for c in conversions}
    assert factors == {
        ("lb", "kg"): Decimal("0.45359237"),
        ("g", "kg"): Decimal("0.001"),
        ("mg", "kg"): Decimal("0.000001"),
        ("L", "mL"): Decimal("1000"),
    }
    assert str(factors[("mg", "kg")]) == "0.000001"
    table = UomTable(conversions)
    assert table.convert(Decimal("2138.484"), "lb", "kg") == Decimal("970.00002576708")
    items = {i.code: i for i in _parse(hazards, "items", "H035/items.csv").records}
    assert len(items) == 7
    assert items["FG-35C"].whole_units and items["FG-35C"].uom == "pcs"
    assert not items["RM-35D"].whole_units and items["RM-35D"].uom == "kg"
    lines = {b.parent: b for b in _parse(hazards, "bom", "H035/bom.csv").records}
    assert (lines["FG-35B"].qty_per, lines["FG-35B"].uom) == (Decimal(350), "g")
    assert (lines["FG-35C"].qty_per, lines["FG-35C"].uom) == (Decimal("0.2"), "L")
    assert (lines["FG-35D"].qty_per, lines["FG-35D"].uom) == (Decimal(5), "mg")
    assert table.convert(lines["FG-35B"].qty_per * 8, "g", "kg") == Decimal("2.8")
    assert table.convert(lines["FG-35D"].qty_per * 1000, "mg", "kg") == Decimal("0.005")


# H038 / H041 --------------------------------------------------------------------------------------


def test_h038_purchase_order_asn_and_receipts_parse(hazards: Path) -> None:
    (po,) = _parse(hazards, "orders", "H038/purchase_order.csv", "LEAD", received_at=NOW, due_date=DUE).records
    assert (po.id, po.buyer, po.seller, po.lines[0].item, po.lines[0].qty) == ("PO-38", "LEAD", "SUP-A", "P-38", 100)
    asns = _parse(hazards, "shipments", "H038/asn.csv", "SUP-A", buyer="LEAD", received_at=NOW).records
    assert [(s.number, s.seller, s.buyer, s.lines[0].qty) for s in asns] == [
        ("ASN-38-1", "SUP-A", "LEAD", 30),
        ("ASN-38-2", "SUP-A", "LEAD", 30),
        ("ASN-38-3", "SUP-A", "LEAD", 40),
    ]
    lots = []
    for n in (1, 2, 3):
        (receipt,) = _parse(hazards, "receipts", f"H038/receipt_{n}.csv", "LEAD", received_at=NOW).records
        assert receipt.number == f"GR-38-{n}" and receipt.buyer == "LEAD"
        lots += [(ln.lot, ln.qty, ln.shipment, ln.order_id, ln.line_no) for ln in receipt.lines]
    assert lots == [
        ("LOT-1", 30, "ASN-38-1", "PO-38", 1),
        ("LOT-2", 20, "ASN-38-2", "PO-38", 1),
        ("LOT-3", 10, "ASN-38-2", "PO-38", 1),
        ("LOT-4", 42, "ASN-38-3", "PO-38", 1),
    ]
    assert sum(q for _, q, *_ in lots) == 102


def test_h041_same_item_twice_stays_separate_lines(hazards: Path) -> None:
    (order,) = _parse(hazards, "orders", "H041/sales_order.csv", "SUP-A", received_at=NOW, due_date=DUE).records
    assert [(ln.line_no, ln.item, ln.attributes["lot"], ln.qty) for ln in order.lines] == [
        (10, "A-41", "LA", 10),
        (20, "A-41", "LA", 5),
        (30, "A-41", "LB", 5),
    ]
    assert sum(ln.qty for ln in order.lines) == 20
    stock = _parse(hazards, "inventory", "H041/stock.csv").records
    assert [(s.item, s.lot, s.location, s.qty) for s in stock] == [
        ("A-41", "LA", "WH-A", 20),
        ("A-41", "LB", "WH-A", 10),
    ]


def test_h041_shipments_duplicate_row_reported_and_invoice_reference_resolved(hazards: Path) -> None:
    result = _parse(
        hazards, "shipments", "H041/shipments.csv", buyer="LEAD", received_at=NOW,
        invoice_lines=(("INV-41", 3, "SO-41", 20),),
    )  # fmt: skip
    assert [(s.number, [(ln.order_id, ln.line_no, ln.qty, ln.lot) for ln in s.lines]) for s in result.records] == [
        ("DN-41-1", [("SO-41", 10, 10, "LA")]),
        ("DN-41-2", [("SO-41", 20, 5, "LA")]),
        ("DN-41-3", [("SO-41", 20, 5, "LA")]),
    ]
    assert any("row 2" in w and "repeats row 1" in w for w in result.warnings)
    error = _rejected(hazards, "shipments", "H041/shipments.csv", buyer="LEAD", received_at=NOW)
    assert [(e.row, e.column) for e in error.errors] == [(4, "ref_id")]


# H042 ---------------------------------------------------------------------------------------------


def test_h042_order_lines_give_exactly_five_errors(hazards: Path) -> None:
    error = _rejected(hazards, "orders", "H042/order_lines.csv", seller="SUP-B", received_at=NOW, due_date=DUE)
    assert [(e.row, e.line, e.column, e.value) for e in error.errors] == [
        (2, 3, "quantity", "-5"),
        (3, 4, "quantity", "0"),
        (4, 5, "pack_size", None),
        (5, 6, "pack_size", "0"),
        (6, 7, "pack_size", "-1"),
    ]
    assert error.errors[2].reason == "pack_size is blank; give a pack size > 0 or leave the pack_size column out"
    kept = preview(
        "orders", (hazards / "H042/order_lines.csv").read_bytes(), "order_lines.csv", member="SUP-A",
        options=ImportOptions(seller="SUP-B", received_at=NOW, due_date=DUE),
    )  # fmt: skip
    assert [(o.id, [ln.line_no for ln in o.lines]) for o in kept.records] == [("PO-42", [1])]


def test_h042_inventory_meaning_must_be_declared(hazards: Path) -> None:
    error = _rejected(hazards, "inventory", "H042/inventory_file.csv")
    assert "snapshot" in error.errors[0].reason and "movement" in error.errors[0].reason
    snapshot = _parse(hazards, "inventory", "H042/inventory_file.csv", inventory_mode="snapshot")
    assert snapshot.mode == "snapshot"
    assert [(p.item, p.location, p.qty) for p in snapshot.records] == [("P-42", "WH-A/B-01", 5)]
    movement = _parse(hazards, "inventory", "H042/inventory_file.csv", inventory_mode="movement", received_at=NOW)
    assert [(m.item, m.location, m.delta) for m in movement.records] == [("P-42", "WH-A/B-01", 5)]
    opening = _parse(hazards, "inventory", "H042/opening_stock.csv")
    assert opening.mode == "snapshot" and opening.records[0].qty == 8


# H043 / H044 --------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["items_bom_quoted.csv", "items_bom_plain.csv", "items_nobom_quoted.csv"])
def test_h043_excel_csv_utf8_with_bom_and_quoted_korean_header(hazards: Path, name: str) -> None:
    data = (hazards / "H043" / name).read_bytes()
    table = read_table(data, name)
    assert table.headers == ("품목코드", "수량")
    assert table.encoding in ("utf-8", "utf-8-sig")
    result = parse("prices", data, name, member="SUP-KR1")
    assert [(p.part_no, p.qty) for p in result.records] == [
        ("A-001", 10), ("A-002", 20), ("B-100", 5), ("가-01", 3), ("C-9", 2),
    ]  # fmt: skip
    assert sum(p.qty for p in result.records) == 40
    assert result.columns == {"part_no": "품목코드", "qty": "수량"}
    assert "\ufeff" not in repr(result) and '"' not in result.records[0].part_no


def test_h044_cp949_with_extended_hangul(hazards: Path) -> None:
    table = read_table((hazards / "H044/items_cp949.csv").read_bytes(), "items_cp949.csv")
    expected = json.loads((hazards / "H044/expected_rows.json").read_text(encoding="utf-8"))
    assert table.encoding == "cp949"
    assert table.headers == ("품목명", "규격", "수량")
    got = [{**row.cells, "수량": int(row.cells["수량"])} for row in table.rows]
    assert got == expected
    assert sum(r["수량"] for r in got) == 188
    assert "\ufffd" not in repr(table)


def test_h044_bad_bytes_rejected_naming_row_line_and_encoding(hazards: Path) -> None:
    with pytest.raises(ImportRejected) as caught:
        read_table((hazards / "H044/items_cp949_badbytes.csv").read_bytes(), "items_cp949_badbytes.csv")
    (error,) = caught.value.errors
    assert (error.row, error.line) == (3, 4)
    assert "cp949" in error.reason and "ff" in error.reason


# H046 ---------------------------------------------------------------------------------------------


def _h046_options(hazards: Path, header: bool) -> ImportOptions:
    mapping = json.loads((hazards / "H046/mapping.json").read_text())
    columns = None if header else tuple(mapping["columns"])
    return ImportOptions(
        delimiter=mapping["delimiter"], decimal=mapping["decimal"], thousands=mapping["thousands"], columns=columns
    )


@pytest.mark.parametrize(
    ("name", "header", "line"), [("supplier_eu.csv", True, 5), ("supplier_eu_noheader.csv", False, 4)]
)
def test_h046_german_numbers_and_dotted_part_numbers(hazards: Path, name: str, header: bool, line: int) -> None:
    data = (hazards / "H046" / name).read_bytes()
    result = preview("prices", data, name, member="SUP-EU1", options=_h046_options(hazards, header))
    (error,) = result.errors
    assert (error.row, error.line, error.column, error.value) == (4, line, "menge_kg", "1 ,")
    rows = [(p.part_no, p.qty, p.unit_price, p.uom, p.currency) for p in result.records]
    assert rows == [
        ("3.03.001.00514", Decimal("1299.99"), Decimal("0.45"), "kg", "EUR"),
        ("4923.600.041", Decimal("1234"), Decimal("12.50"), "kg", "EUR"),
        ("A-77.1", Decimal("2.5"), Decimal("0.08"), "kg", "EUR"),
        ("0815.2", Decimal("10"), Decimal("1000.00"), "kg", "EUR"),
    ]
    with pytest.raises(ImportRejected):
        parse("prices", data, name, member="SUP-EU1", options=_h046_options(hazards, header))


def test_h046_header_less_file_gives_the_same_result(hazards: Path) -> None:
    def run(name: str, header: bool):
        data = (hazards / "H046" / name).read_bytes()
        result = preview("prices", data, name, member="SUP-EU1", options=_h046_options(hazards, header))
        return result.records, [(e.row, e.column, e.value, e.reason) for e in result.errors]

    assert run("supplier_eu.csv", True) == run("supplier_eu_noheader.csv", False)


# H047 ---------------------------------------------------------------------------------------------

H047_CODES = ["00060", "007", "001", "1E3", "0815", "12345678901234567890"]
H047_LOTS = ["000123", "000124", "000125", "000126", "0000000000001", "000127"]


@pytest.mark.parametrize("name", ["codes.csv", "codes.xlsx"])
def test_h047_codes_and_lots_stay_exact(hazards: Path, name: str) -> None:
    data = (hazards / "H047" / name).read_bytes()
    table = read_table(data, name, kind="items")
    assert [r.cells["item_code"] for r in table.rows][:6] == H047_CODES
    assert [r.cells["lot"] for r in table.rows][:6] == H047_LOTS
    result = parse("items", data, name, member="SUP-KR1")
    assert [i.code for i in result.records] == H047_CODES


def test_h047_number_formatted_00000_is_read_as_shown_with_a_warning(hazards: Path) -> None:
    data = (hazards / "H047/codes.xlsx").read_bytes()
    table = read_table(data, "codes.xlsx", kind="items")
    assert table.sheet == "Items"
    assert table.rows[6].cells["item_code"] == "00060" and table.rows[6].line == 8
    assert any(w.startswith("cell A8:") and "'00060'" in w for w in table.warnings)
    result = parse("items", data, "codes.xlsx", member="SUP-KR1")
    assert any("cell A8" in w for w in result.warnings)


def test_h047_exports_keep_the_characters(hazards: Path) -> None:
    table = read_table((hazards / "H047/codes.csv").read_bytes(), "codes.csv")
    rows = [[r.cells[h] for h in table.headers] for r in table.rows]
    text = export_rows(table.headers, rows, "csv").decode("utf-8-sig")
    assert [rec[:2] for rec in csv.reader(io.StringIO(text))][1:] == [
        list(p) for p in zip(H047_CODES, H047_LOTS, strict=False)
    ]
    book = openpyxl.load_workbook(io.BytesIO(export_rows(table.headers, rows, "xlsx", text_columns=table.headers)))
    cells = list(book.active.iter_rows(min_row=2, max_col=2))
    assert [(a.value, b.value) for a, b in cells] == list(zip(H047_CODES, H047_LOTS, strict=False))
    assert all(c.data_type == "s" and c.number_format == "@" for pair in cells for c in pair)


# H048 ---------------------------------------------------------------------------------------------


def test_h048_merged_parent_and_two_row_header(hazards: Path) -> None:
    result = _parse(hazards, "bom", "H048/bom_merged.xlsx", "SUP-KR1")
    table = read_table((hazards / "H048/bom_merged.xlsx").read_bytes(), "bom_merged.xlsx", kind="bom")
    got = [
        [str(row.line), ln.parent, ln.component, str(ln.qty_per), ln.uom, ln.remark or ""]
        for row, ln in zip(table.rows, result.records, strict=True)
    ]
    with (hazards / "H048/expected_bom_lines.csv").open(newline="", encoding="utf-8") as handle:
        expected = list(csv.reader(handle))[1:]
    assert got == expected
    assert len(result.records) == 7 and table.header_line == 3
    assert [ln.remark for ln in result.records] == ["급송 rush", None, "도면 Rev.C", None, None, None, "대체품 가능"]


def test_h048_blank_parent_outside_merge_is_rejected_at_a10(hazards: Path) -> None:
    error = _rejected(hazards, "bom", "H048/bom_blank_parent.xlsx", "SUP-KR1")
    (only,) = error.errors
    assert only.line == 10 and only.row == 7
    assert "cell A10" in only.reason and "parent" in only.reason
