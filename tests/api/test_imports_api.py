"""Imports over HTTP and the CLI: every row or none, errors that name row and column."""

import subprocess
import sys

import openpyxl
import pytest

from support import auth, seed_items

CP949_ITEMS = "품목코드,품목명,단위\r\n00060,똠얌꿍 소스,EA\r\n1E5,뷁 브래킷,EA\r\nNA,햏 커넥터,EA\r\n".encode("cp949")


def upload(client, kind, data, name, member="SUP-KR1", **form):
    return client.post(f"/api/v1/imports/{kind}", files={"file": (name, data)}, data=form, headers=auth(member))


def test_cp949_item_file_imports_and_exports_exact_codes(client):
    resp = upload(client, "items", CP949_ITEMS, "items.csv")
    assert resp.status_code == 200, resp.text
    assert (resp.json()["stored"], resp.json()["encoding"]) == (3, "cp949")
    items = client.get("/api/v1/members/SUP-KR1/items", headers=auth("SUP-KR1")).json()
    assert [(i["code"], i["name"]) for i in items] == [
        ("00060", "똠얌꿍 소스"),
        ("1E5", "뷁 브래킷"),
        ("NA", "햏 커넥터"),
    ]
    csv_text = client.get("/api/v1/exports/items.csv", headers=auth("SUP-KR1")).content.decode("utf-8-sig")
    assert "00060" in csv_text and "\n1E5," in csv_text.replace("\r\n", "\n")
    xlsx = client.get("/api/v1/exports/items.xlsx", headers=auth("SUP-KR1")).content
    ws = openpyxl.load_workbook(__import__("io").BytesIO(xlsx)).active
    codes = [ws.cell(r, 1) for r in range(2, 5)]
    assert [(c.value, c.number_format) for c in codes] == [("00060", "@"), ("1E5", "@"), ("NA", "@")]


def test_a_bad_row_rejects_the_whole_file_listing_every_error(client):
    upload(client, "items", CP949_ITEMS, "items.csv")
    bad = (
        b"order_id,line,item_code,quantity,pack_size,due_date,seller\n"
        b"PO-1,1,P-1,10,5,2026-07-01,SUP-A\nPO-1,2,P-1,-5,5,2026-07-01,SUP-A\nPO-1,3,P-1,2,0,2026-07-01,SUP-A\n"
    )
    resp = upload(client, "orders", bad, "po.csv", member="LEAD")
    assert resp.status_code == 422
    errors = resp.json()["errors"]
    assert [(e["row"], e["line"], e["column"]) for e in errors] == [(2, 3, "quantity"), (3, 4, "pack_size")]
    assert client.get("/api/v1/orders", headers=auth("LEAD")).json()["total"] == 0


def test_fractional_quantities_of_whole_unit_items_are_row_errors_listed_together(client):
    """Both bad rows in one rejection, each with row, file line, column and cell, beside a
    cell error of another row (whole units used to be checked after parsing, one at a time)."""
    from onefactory.model import Item

    with client.app.state.runtime.store.write() as tx:
        tx.items.put_many([Item(m, "P-EA", "Bracket", "EA", whole_units=True) for m in ("LEAD", "SUP-A")])
    bad = (
        "발주번호,라인,품목코드,발주수량,납기일,공급사\n"
        'PO-E,1,P-EA,"1,5",2026-07-01,SUP-A\nPO-F,1,P-EA,"2,5",2026-07-01,SUP-A\nPO-G,1,P-EA,abc,2026-07-01,SUP-A\n'
    ).encode("cp949")
    resp = upload(client, "orders", bad, "po.csv", member="LEAD", decimal=",")
    assert resp.status_code == 422
    errors = [(e["row"], e["line"], e["column"], e["value"]) for e in resp.json()["errors"]]
    assert errors == [(1, 2, "발주수량", "1,5"), (2, 3, "발주수량", "2,5"), (3, 4, "발주수량", "abc")]
    assert "P-EA is counted in whole EA; 1.5 is not a whole number" in resp.json()["errors"][0]["reason"]
    assert client.get("/api/v1/orders", headers=auth("LEAD")).json()["total"] == 0


def test_unknown_kind_and_templates(client):
    assert upload(client, "invoices", b"a\n1\n", "x.csv").status_code == 422
    tpl = client.get("/api/v1/templates/items.csv?lang=ko")
    assert tpl.status_code == 200
    assert tpl.content.startswith(b"\xef\xbb\xbf") and "품목코드" in tpl.content.decode("utf-8-sig")


def test_cli_import_reports_rows_and_exit_codes(tmp_path):
    good, bad = tmp_path / "items.csv", tmp_path / "bad.csv"
    good.write_bytes(CP949_ITEMS)
    bad.write_bytes("품목코드,품목명\n,이름없음\n".encode())
    env_args = ["--data-dir", str(tmp_path / "var")]
    run = [sys.executable, "-m", "onefactory"]
    upgrade = subprocess.run([*run, "db", "upgrade", *env_args], check=True, capture_output=True, text=True)
    make = subprocess.run(
        [*run, "import", "items", str(good), "--member", "SUP-KR1", *env_args], capture_output=True, text=True
    )
    assert make.returncode == 2 and "no member 'SUP-KR1'" in make.stderr
    assert "alembic" not in upgrade.stderr + make.stderr  # migration INFO lines are not printed
    from onefactory.model import Member, MemberRole
    from onefactory.store import open_store

    store = open_store(f"sqlite:///{tmp_path / 'var' / 'onefactory.db'}")
    with store.write() as tx:
        tx.members.add(Member("SUP-KR1", "KR1", MemberRole.TIER2))
    store.dispose()
    ok = subprocess.run(
        [*run, "import", "items", str(good), "--member", "SUP-KR1", *env_args], capture_output=True, text=True
    )
    assert ok.returncode == 0, ok.stderr
    assert '"stored": 3' in ok.stdout
    no = subprocess.run(
        [*run, "import", "items", str(bad), "--member", "SUP-KR1", *env_args], capture_output=True, text=True
    )
    assert no.returncode == 2
    assert "rejected, nothing stored; 1 error(s)" in no.stderr and "row 1 (file line 2)" in no.stderr


def test_an_order_file_without_seller_or_due_date_takes_them_from_the_form(client):
    seed_items(client.app.state.runtime.store, "LEAD", "P-2")
    body = b"order_id,line,item_code,quantity\nPO-F1,1,P-1,10\nPO-F1,2,P-2,4\n"
    refused = upload(client, "orders", body, "po.csv", member="LEAD")
    assert refused.status_code == 422 and "no default due date" in refused.text
    resp = upload(client, "orders", body, "po.csv", member="LEAD", seller="SUP-A", due_date="2026-07-01")
    assert resp.status_code == 200, resp.text
    order = client.get("/api/v1/orders/PO-F1", headers=auth("LEAD")).json()
    assert order["seller"] == "SUP-A"
    assert [(ln["item"], ln["qty"], ln["due_date"]) for ln in order["lines"]] == [
        ("P-1", "10", "2026-07-01"),
        ("P-2", "4", "2026-07-01"),
    ]


def test_a_partial_items_file_over_http_keeps_the_stored_fields(client):
    full = b"item_code,item_name,uom,lead_time_days,description\nPT-0004,Coil,KG,33.75,copper coil\n"
    assert upload(client, "items", full, "items.csv").status_code == 200
    resp = upload(client, "items", b"item_code,item_name\nPT-0004,Renamed part\n", "items.csv")
    assert resp.status_code == 200, resp.text
    assert resp.json()["notes"] == [
        "1 of 1 rows match a stored record: fields left absent or blank kept their stored values"
    ]
    items = client.get("/api/v1/members/SUP-KR1/items", headers=auth("SUP-KR1")).json()
    assert [(i["code"], i["name"], i["uom"], i["lead_time_days"], i["description"]) for i in items] == [
        ("PT-0004", "Renamed part", "KG", "33.75", "copper coil")
    ]


def test_a_headers_only_upload_warns_that_no_rows_were_found(client):
    resp = upload(client, "items", b"item_code,item_name\n", "items.csv")
    assert resp.status_code == 200, resp.text
    assert (resp.json()["stored"], resp.json()["warnings"]) == (
        0,
        ["0 data rows found: the file has headers only, so nothing is imported"],
    )


QC = (
    "품목코드,로트번호,검사항목,측정값,검사일시,규격하한,규격상한\n"
    + "".join(f"P-1,L{i},bore,{10 + i / 100},2026-05-30 {9 + i:02d}:00,9.4,10.6\n" for i in range(5))
    + "P-1,L1,bore,10.01,2026-05-30 10:00,9.4,10.6\n"
).encode("cp949")
"""Six rows, the last one repeating row 2 exactly; local times without an offset."""


def test_reimporting_an_inspection_file_changes_nothing(client, seeded):
    from onefactory.model import Item

    with seeded.write() as tx:
        tx.items.put_many([Item("SUP-A", "P-1")])
    first = upload(client, "inspections", QC, "qc.csv", member="SUP-A", timezone="Asia/Seoul").json()
    assert (first["stored"], first["already_stored"], first["duplicates"]) == (5, 0, 1)
    assert first["warnings"][0] == "row 6 repeats row 2 exactly; stored once"
    again = upload(client, "inspections", QC, "qc.csv", member="SUP-A").json()
    assert (again["stored"], again["already_stored"], again["duplicates"]) == (0, 5, 1)
    chart = client.get("/api/v1/members/SUP-A/quality/charts/P-1/bore", headers=auth("SUP-A")).json()
    assert chart["results"] == 5 and chart["series"][0]["points"][0]["at"] == "2026-05-30T00:00:00Z"


def test_cli_import_messages_name_the_command_line_flags(tmp_path, capsys):
    from onefactory.cli import main
    from onefactory.model import Member, MemberRole
    from onefactory.store import open_store

    data_dir = tmp_path / "var"
    data_dir.mkdir()
    store = open_store(f"sqlite:///{data_dir / 'onefactory.db'}")
    with store.write() as tx:
        tx.members.add(Member("LEAD", "Lead", MemberRole.LEAD))
    store.dispose()
    orders = tmp_path / "po.csv"
    orders.write_bytes(b"order_id,line,item_code,quantity,seller\nPO-F1,1,P-1,10,SUP-A\n")
    assert main(["import", "orders", str(orders), "--member", "LEAD", "--data-dir", str(data_dir)]) == 2
    err = capsys.readouterr().err
    assert "no default due date (--due-date)" in err and "options." not in err


def test_every_kind_reads_naive_times_in_the_members_time_zone(client):
    """SUP-EU1 is in Europe/Berlin: a production report without a timezone option is read there."""
    report = b"local_time,resource,good_qty\n2026-10-25 02:30,LINE-1,10\n2026-10-25 02:30,LINE-1,12\n"
    resp = upload(client, "production_report", report, "report.csv", member="SUP-EU1")
    assert resp.status_code == 200, resp.text
    assert resp.json()["stored"] == 2  # the repeated autumn hour exists in Berlin, not in Seoul


def test_an_inspections_file_lists_every_bad_row_in_one_rejection(client):
    upload(client, "items", CP949_ITEMS, "items.csv")
    bad = (
        "품목코드,로트번호,검사항목,측정값,불량수,시료수,검사일시,규격하한,규격상한\n"
        "00060,L1,bore,1o.0,,,2026-05-30 09:00,9.4,10.6\n"
        "00060,L2,bore,10.0,,,2026-05-30 10:00,12,8\n"
        "00060,L3,bore,10.0,,,2026-12-32 11:00,9.4,10.6\n"
        "NOPE,L4,bore,10.0,,,2026-05-30 12:00,9.4,10.6\n"
        "00060,L5,line_test,,9,5,2026-05-30 13:00,,\n"
    ).encode("cp949")
    resp = upload(client, "inspections", bad, "qc.csv")
    assert resp.status_code == 422
    errors = resp.json()["errors"]
    assert [(e["row"], e["line"], e["column"], e["value"]) for e in errors] == [
        (1, 2, "측정값", "1o.0"),
        (2, 3, "규격하한", "규격하한=12, 규격상한=8"),
        (3, 4, "검사일시", "2026-12-32 11:00"),
        (4, 5, "품목코드", "NOPE"),
        (5, 6, "불량수", "불량수=9, 시료수=5"),
    ]
    assert errors[3]["reason"] == "SUP-KR1 has no item 'NOPE' in its item master (add the item first)"


def _undeclared(header: str) -> str:
    return (
        f"the file does not say whether {header!r} is counted stock or a change: declare it with "
        "{flag} snapshot (counted on-hand, replaces stock) or movement (added to stock), or name "
        "the column as the template does: on_hand/재고수량 or delta/증감수량"
    )


@pytest.mark.parametrize("header", ["qty", "quantity", "Quantity", "수량"])
def test_an_inventory_file_whose_quantity_meaning_is_not_declared_is_refused(client, seeded, header):
    seed_items(seeded, "SUP-A", "P-1")
    data = f"item,{header}\nP-1,10\n".encode()
    resp = upload(client, "inventory", data, "stock.csv", member="SUP-A")
    assert resp.status_code == 422
    errors = [(e["row"], e["line"], e["column"], e["reason"]) for e in resp.json()["errors"]]
    assert errors == [(0, 1, "inventory_mode", _undeclared(header).format(flag="options.inventory_mode"))]
    assert client.get("/api/v1/members/SUP-A/stock", headers=auth("SUP-A")).json() == []
    declared = upload(client, "inventory", data, "stock.csv", member="SUP-A", inventory_mode="snapshot")
    assert (declared.status_code, declared.json()["stored"]) == (200, 1)


def test_the_cli_says_to_declare_the_inventory_mode_with_its_flag():
    from onefactory.cli import flag_words

    assert flag_words(_undeclared("qty").format(flag="options.inventory_mode")) == _undeclared("qty").format(
        flag="--inventory-mode"
    )


def test_reuploading_an_order_that_changes_a_confirmed_line_is_a_row_error(client):
    upload(client, "items", CP949_ITEMS, "items.csv", member="LEAD")
    first = (
        b"order_id,line,item_code,quantity,due_date,seller\n"
        b"PO-9,1,P-1,10,2026-07-01,SUP-A\nPO-9,2,P-1,4,2026-07-01,SUP-A\n"
    )
    assert upload(client, "orders", first, "po.csv", member="LEAD").status_code == 200
    confirmed = client.post("/api/v1/orders/PO-9/lines/2/confirm", json={}, headers=auth("SUP-A"))
    assert confirmed.status_code == 200, confirmed.text
    changed = first.replace(b"PO-9,2,P-1,4", b"PO-9,2,P-1,6")
    resp = upload(client, "orders", changed, "po.csv", member="LEAD")
    assert resp.status_code == 422
    assert [(e["row"], e["line"], e["column"], e["reason"]) for e in resp.json()["errors"]] == [
        (1, 2, "line", "order PO-9 line 2 is confirmed; change it with a change request, not by re-uploading")
    ]
    assert client.get("/api/v1/orders/PO-9", headers=auth("LEAD")).json()["lines"][1]["qty"] == "4"
