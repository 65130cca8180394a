"""Templates and exports: headers that read back, text cells that keep leading zeros, exact numbers."""

from __future__ import annotations

import io
from decimal import Decimal

import openpyxl
import pytest

from onefactory.model import Item, ItemKind, Resource
from onefactory.onboard import (
    KINDS,
    export_items,
    export_resources,
    export_rows,
    fields,
    parse,
    read_table,
    resolve,
    template,
    template_fields,
)

ITEMS = [
    Item("M", "00060", name="하우징", uom="EA", spec="NA", description=None),
    Item("M", "1E3", name="", uom="kg", kind=ItemKind.MAKE, lead_time_days=Decimal("0.5"), whole_units=False),
    Item("M", "12345678901234567890", name="N/A", pack_size=Decimal("100")),
]


def _sheet(data: bytes):
    return openpyxl.load_workbook(io.BytesIO(data)).active


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_every_template_header_reads_back_to_its_fields(kind: str, lang: str, fmt: str) -> None:
    table = read_table(template(kind, fmt, lang), f"t.{fmt}", kind=kind)
    columns = resolve(table.headers, kind)
    assert sorted(columns.columns) == sorted(template_fields(kind))
    assert not columns.extra and not columns.missing and table.rows == ()


def test_csv_template_has_a_bom_and_korean_header() -> None:
    data = template("orders", "csv", "ko")
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.decode("utf-8-sig").startswith("발주번호,순번,품목코드,발주수량,납기일")


def test_xlsx_template_formats_code_columns_as_text() -> None:
    sheet = _sheet(template("items", "xlsx", "en"))
    text_columns = {f.en for f in fields("items") if f.text}
    for cell in sheet[1]:
        expected = "@" if cell.value in text_columns else "General"
        assert sheet.column_dimensions[cell.column_letter].number_format == expected


def test_inventory_templates_state_snapshot_or_movement() -> None:
    assert "재고수량" in template("inventory", "csv", "ko").decode("utf-8-sig")
    assert "delta" in template("inventory", "csv", "en", inventory_mode="movement").decode("utf-8-sig")


@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_items_round_trip_exactly(lang: str, fmt: str) -> None:
    data = export_items(ITEMS, fmt, lang=lang)
    assert parse("items", data, f"items.{fmt}", member="M").records == tuple(ITEMS)


def test_xlsx_export_keeps_codes_as_text_and_blanks_blank() -> None:
    sheet = _sheet(export_items(ITEMS, "xlsx"))
    codes = [row[0] for row in sheet.iter_rows(min_row=2)]
    assert [(c.value, c.data_type, c.number_format) for c in codes] == [
        ("00060", "s", "@"), ("1E3", "s", "@"), ("12345678901234567890", "s", "@"),
    ]  # fmt: skip
    header = [c.value for c in sheet[1]]
    first = dict(zip(header, [c.value for c in sheet[2]], strict=True))
    assert first["spec"] == "NA" and first["description"] is None


def test_numbers_too_long_for_excel_are_written_as_text() -> None:
    sheet = _sheet(export_rows(["a", "b", "c"], [[Decimal("9007199254740993"), Decimal("0.000001"), 7]], "xlsx"))
    a, b, c = sheet[2]
    assert (a.value, a.data_type) == ("9007199254740993", "s")
    assert (b.value, c.value) == (0.000001, 7)
    assert read_table(export_rows(["a"], [[Decimal("0.000001")]], "xlsx"), "x.xlsx").rows[0].cells == {"a": "0.000001"}


def test_resources_round_trip_with_attributes() -> None:
    resources = [
        Resource("M", "NA", "Nitriding", calendar="MON-FRI", attributes={"capa": "8", "note": "00"}),
        Resource("M", "WC-10", "선반", parallel_units=3, capacity_per_hour=Decimal("12.5")),
    ]
    for fmt in ("csv", "xlsx"):
        back = parse("resources", export_resources(resources, fmt, lang="ko"), f"r.{fmt}", member="M").records
        assert back[0] == resources[0]
        assert back[1] == resources[1]


def test_unknown_format_and_language_are_refused() -> None:
    with pytest.raises(ValueError, match="format"):
        export_rows(["a"], [], "ods")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="lang"):
        template("items", "csv", "de")  # type: ignore[arg-type]
