"""Reading CSV and XLSX bytes: encodings, delimiters, headers, merged cells, displayed numbers."""

from __future__ import annotations

import io
from datetime import date, datetime

import openpyxl
import pytest

from onefactory.model import ImportRejected
from onefactory.onboard import ImportOptions, read_table

EXTENDED = ["똠얌꿍", "쨰깍", "뷁", "햏", "펲"]


def _xlsx(build) -> bytes:
    book = openpyxl.Workbook()
    build(book.active)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _rejected(data: bytes, name: str, **options: object) -> ImportRejected:
    with pytest.raises(ImportRejected) as caught:
        read_table(data, name, ImportOptions(**options))
    return caught.value


def test_cp949_file_with_hangul_outside_euc_kr_is_detected() -> None:
    text = "품목명,규격,수량\r\n" + "".join(f"{name} 부품,S-{i},{i}\r\n" for i, name in enumerate(EXTENDED, 1))
    data = text.encode("cp949")
    with pytest.raises(UnicodeDecodeError):
        data.decode("euc-kr")
    table = read_table(data, "items.csv")
    assert table.encoding == "cp949"
    assert table.headers == ("품목명", "규격", "수량")
    assert [r.cells["품목명"] for r in table.rows] == [f"{n} 부품" for n in EXTENDED]


def test_utf8_bom_before_quoted_korean_header_is_dropped() -> None:
    data = '\ufeff"품목코드","수량"\r\n"A-001",10\r\n'.encode()
    table = read_table(data, "x.csv")
    assert table.headers == ("품목코드", "수량")
    assert table.rows[0].cells == {"품목코드": "A-001", "수량": "10"}
    assert table.encoding == "utf-8-sig"


def test_utf16_tab_separated_unicode_text_from_excel() -> None:
    data = "품목코드\t수량\r\nA-1\t3\r\n".encode("utf-16")
    table = read_table(data, "x.txt")
    assert (table.encoding, table.delimiter, table.rows[0].cells["품목코드"]) == ("utf-16", "\t", "A-1")


def test_bytes_invalid_everywhere_name_data_row_and_file_line() -> None:
    data = "코드,이름\n".encode("cp949") + b"A,ok\nB,\xff\xfe\nC,fine\n"
    (error,) = _rejected(data, "bad.csv").errors
    assert (error.row, error.line) == (2, 3)
    assert "utf-8" in error.reason and "cp949" in error.reason


def test_bad_bytes_in_a_quoted_multi_line_cell_count_records_not_lines() -> None:
    data = b'code,note\nA,"two\nlines"\nB,\xff\n'
    (error,) = _rejected(data, "bad.csv").errors
    assert (error.row, error.line) == (2, 4)


def test_bad_utf8_after_a_bom_is_refused_not_replaced() -> None:
    (error,) = _rejected(b"\xef\xbb\xbfcode\nA\n\xc3(\n", "bad.csv").errors
    assert (error.row, error.line) == (2, 3)


def test_text_already_holding_replacement_characters_is_refused() -> None:
    (error,) = _rejected("code,name\nA,\ufffd\ufffd\n".encode(), "x.csv").errors
    assert (error.row, error.column) == (1, "name")


def test_semicolon_file_with_quoted_fields_holding_the_delimiter() -> None:
    data = b'part_no;description;qty\n"A;1";"Bolt, M8";"1,5"\nB;"Nut ""M8""";2\n'
    table = read_table(data, "x.csv")
    assert table.delimiter == ";"
    assert [tuple(r.cells.values()) for r in table.rows] == [("A;1", "Bolt, M8", "1,5"), ("B", 'Nut "M8"', "2")]


def test_tab_delimited_and_explicit_delimiter() -> None:
    assert read_table(b"a\tb\n1\t2\n", "x.tsv").rows[0].cells == {"a": "1", "b": "2"}
    table = read_table(b"a|b,c\n1|2,3\n", "x.csv", ImportOptions(delimiter="|"))
    assert table.rows[0].cells == {"a": "1", "b,c": "2,3"}


def test_lf_crlf_and_blank_lines_keep_physical_line_numbers() -> None:
    table = read_table(b"code,qty\r\nA,1\r\n\r\nB,2\nC,3", "x.csv")
    assert [(r.row, r.line, r.cells["code"]) for r in table.rows] == [(1, 2, "A"), (2, 4, "B"), (3, 5, "C")]


def test_header_less_file_with_given_columns() -> None:
    table = read_table(b"A;1\nB;2\n", "x.csv", ImportOptions(columns=("code", "qty")))
    assert table.headers == ("code", "qty")
    assert [(r.row, r.line, r.cells["code"]) for r in table.rows] == [(1, 1, "A"), (2, 2, "B")]


def test_only_empty_cells_are_blank() -> None:
    table = read_table(b"a,b,c,d,e,f,g\nNA,NULL,N/A,None,#N/A,null,\n", "x.csv")
    assert list(table.rows[0].cells.values()) == ["NA", "NULL", "N/A", "None", "#N/A", "null", None]


def test_row_with_more_cells_than_the_header_is_refused() -> None:
    (error,) = _rejected(b"a,b\n1,2\n3,4,5\n", "x.csv").errors
    assert (error.row, error.line) == (2, 3)


def test_broken_quoting_is_refused() -> None:
    with pytest.raises(ImportRejected):
        read_table(b'a,b\n"x"y,2\n', "x.csv")


def test_old_xls_and_broken_xlsx_are_refused() -> None:
    assert "xls" in _rejected(b"\xd0\xcf\x11\xe0", "old.xls").errors[0].reason
    assert "xlsx" in _rejected(b"PK\x03\x04garbage", "x.xlsx").errors[0].reason


def test_xlsx_text_codes_displayed_numbers_and_dates() -> None:
    def build(ws) -> None:
        ws.append(["item_code", "lot", "due_date", "at", "qty"])
        ws.append(["00060", "000123", date(2026, 6, 12), datetime(2026, 3, 29, 2, 30), 0.5])
        ws.append([60, 7, datetime(2026, 6, 13), None, 2])
        ws["A3"].number_format = "00000"
        ws["B3"].number_format = "@"

    table = read_table(_xlsx(build), "x.xlsx", kind="items")
    first, second = (r.cells for r in table.rows)
    assert first == {"item_code": "00060", "lot": "000123", "due_date": "2026-06-12", "at": "2026-03-29 02:30:00",
                     "qty": "0.5"}  # fmt: skip
    assert second == {"item_code": "00060", "lot": "7", "due_date": "2026-06-13 00:00:00", "at": None, "qty": "2"}
    assert table.warnings == ("cell A3: number 60 shown as '00060' by its format 00000; read as the displayed text",)


def test_xlsx_numbers_follow_the_decimal_comma_option() -> None:
    table = read_table(_xlsx(lambda ws: (ws.append(["part_no", "qty"]), ws.append(["A", 1299.99]))), "x.xlsx",
                       ImportOptions(decimal=","))  # fmt: skip
    assert table.rows[0].cells["qty"] == "1299,99"


def test_xlsx_merged_range_fills_only_its_own_cells() -> None:
    def build(ws) -> None:
        ws.append(["parent", "component", "qty", "remark"])
        for row in (["P1", "C1", 1, "first"], [None, "C2", 1, None], [None, "C3", 1, None], [None, "C4", 1, "x"]):
            ws.append(row)
        ws.merge_cells("A2:A3")

    table = read_table(_xlsx(build), "bom.xlsx", kind="bom")
    assert [r.cells["parent"] for r in table.rows] == ["P1", "P1", None, None]
    assert [r.cells["remark"] for r in table.rows] == ["first", None, None, "x"]


def test_xlsx_header_found_below_title_spacer_and_group_rows() -> None:
    def build(ws) -> None:
        ws.append(["BOM 2026-03", None, None, None])
        ws.append([None, None, None, None])
        ws.append(["모품목", "자품목", None, "비고"])
        ws.append(["품목코드", "품목코드", "수량", None])
        ws.append(["FG-1", "RM-1", 2, None])
        ws.merge_cells("A1:D1")
        ws.merge_cells("B3:C3")

    table = read_table(_xlsx(build), "bom.xlsx", kind="bom")
    assert table.header_line == 4
    assert [(r.line, list(r.cells.values())) for r in table.rows] == [(5, ["FG-1", "RM-1", "2", None])]


def test_xlsx_sheet_is_chosen_by_its_header_or_by_name() -> None:
    book = openpyxl.Workbook()
    book.active.title = "작성방법"
    book.active.append(["이 시트는 설명입니다"])
    items = book.create_sheet("품목")
    items.append(["품목코드", "품목명"])
    items.append(["A-1", "볼트"])
    buffer = io.BytesIO()
    book.save(buffer)
    assert read_table(buffer.getvalue(), "x.xlsx", kind="items").sheet == "품목"
    assert read_table(buffer.getvalue(), "x.xlsx", ImportOptions(sheet="작성방법")).sheet == "작성방법"
    assert "no sheet" in _rejected(buffer.getvalue(), "x.xlsx", sheet="BOM").errors[0].reason
