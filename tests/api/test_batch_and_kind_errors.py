"""Refused batches and unknown kinds answer problem+json naming the value, never a 500;
the command line answers the same mistakes in one line with exit code 2."""

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from onefactory.cli import main
from onefactory.model import Conflict, Demand
from onefactory.services import access, planning
from onefactory.store import open_store
from onefactory.store.engine import CONSTRAINT_REFUSED

from support import bearer, demo_api, fresh_postgres_store

NOW = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
KINDS = "items, bom, resources, routing, uom, orders, shipments, receipts, inventory, production_report, prices, inspections"


@pytest.fixture(scope="module")
def api():
    with demo_api(NOW) as c:
        yield c


def _order(oid: str) -> dict:
    return {"id": oid, "item": "FG-0002", "qty": 5, "due": "2026-07-01T00:00:00+09:00"}


def test_a_customer_order_id_given_twice_in_one_batch_is_a_422_naming_the_second(api):
    resp = api.post("/api/v1/customer-orders", json=[_order("CO-904/1"), _order("CO-904/1")],
                    headers=bearer("demo-LEAD-planner"))  # fmt: skip
    assert resp.status_code == 422
    assert resp.headers["content-type"] == "application/problem+json"
    assert resp.json()["field"] == "[1].id"
    assert resp.json()["detail"] == "[1]: id 'CO-904/1' is given twice in this batch (first at [0])"
    ok = api.post("/api/v1/customer-orders", json=[_order("CO-904/1"), _order("CO-904/2")],
                  headers=bearer("demo-LEAD-planner"))  # fmt: skip
    assert ok.json() == {"stored": 2}


def test_a_production_order_code_given_twice_is_a_422_naming_it(api):
    run = {"code": "LOT-X", "item": "MD-0001", "qty": 10, "resource": "MODLINE-1",
           "start": "2026-06-02T08:00:00+09:00", "end": "2026-06-02T12:00:00+09:00"}  # fmt: skip
    resp = api.put("/api/v1/members/SEOHAN/production-orders", json=[run, {**run, "qty": 5}, run],
                   headers=bearer("demo-SEOHAN-admin"))  # fmt: skip
    assert resp.status_code == 422
    assert (resp.json()["field"], resp.json()["detail"]) == (
        "[1].code", "[1]: code 'LOT-X' is given twice in this batch (first at [0])")  # fmt: skip


def test_a_characteristic_given_twice_for_the_same_item_is_a_422_naming_it(api):
    spec = {"item": "MD-0001", "code": "BORE-D", "lsl": 9.9, "usl": 10.1}
    same_code_other_item = {**spec, "item": "PT-0001"}
    resp = api.post("/api/v1/quality/characteristics", json=[spec, same_code_other_item, spec],
                    headers=bearer("demo-SEOHAN-admin"))  # fmt: skip
    assert resp.status_code == 422
    assert (resp.json()["field"], resp.json()["detail"]) == (
        "[2].code", "[2]: code 'MD-0001/BORE-D' is given twice in this batch (first at [0])")  # fmt: skip


def _refused_twice(store) -> None:
    from onefactory.model import Item, Member, MemberRole, User, UserRole

    with store.write() as tx:
        tx.members.add(Member("LEAD", "Lead Co.", MemberRole.LEAD, "Asia/Seoul"))
        tx.items.put_many([Item("LEAD", "FG-1", "product")])
    access.create_user(store, User("p", "LEAD", "p", UserRole.PLANNER))
    planner = User("p", "LEAD", "p", UserRole.PLANNER)
    line = Demand("CO-1/1", "LEAD", "FG-1", Decimal(5), NOW, 5, "")
    with pytest.raises(Conflict) as refused:
        planning.add_customer_orders(store, planner, [line, line])
    assert str(refused.value) == CONSTRAINT_REFUSED
    with store.read() as tx:
        assert tx.customer_orders.of() == []


def test_a_constraint_the_database_refuses_is_a_neutral_conflict_on_sqlite():
    _refused_twice(open_store("sqlite://"))


def test_a_constraint_the_database_refuses_is_a_neutral_conflict_on_postgres():
    for store in fresh_postgres_store():
        _refused_twice(store)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_unknown_template_kind_is_a_422_listing_the_known_kinds(api, fmt):
    resp = api.get(f"/api/v1/templates/nope.{fmt}")
    assert resp.status_code == 422
    assert resp.json()["field"] == "kind"
    assert resp.json()["detail"] == f"unknown import kind 'nope'; one of {KINDS}"


def test_the_command_line_answers_an_unknown_kind_in_one_line(tmp_path, capsys):
    assert main(["template", "nope", "-o", str(tmp_path / "x.csv")]) == 2
    assert capsys.readouterr().err == f"error: unknown import kind 'nope'; one of {KINDS}\n"
    assert not (tmp_path / "x.csv").exists()


def test_the_command_line_answers_a_missing_file_in_one_line(tmp_path, capsys):
    missing = tmp_path / "nonexist.csv"
    assert main(["import", "items", str(missing), "--member", "LEAD", "--data-dir", str(tmp_path)]) == 2
    assert capsys.readouterr().err == f"error: {missing}: No such file or directory\n"
    assert main(["template", "items", "-o", str(tmp_path / "no" / "dir" / "x.csv")]) == 2
    assert capsys.readouterr().err == f"error: {tmp_path / 'no' / 'dir' / 'x.csv'}: No such file or directory\n"


def test_a_job_code_given_twice_in_a_schedule_request_is_a_422_naming_it(api):
    job = {"code": "J-1", "steps": [{"options": [{"resource": "MODLINE-1", "minutes": 30}]}]}
    resp = api.post("/api/v1/members/SEOHAN/schedule", json={"jobs": [job, {**job, "code": "J-2"}, job]},
                    headers=bearer("demo-SEOHAN-admin"))  # fmt: skip
    assert resp.status_code == 422
    assert (resp.json()["field"], resp.json()["detail"]) == (
        "jobs[2].code", "jobs[2]: code 'J-1' is given twice in this batch (first at jobs[0])")  # fmt: skip


def test_an_item_or_transfer_given_twice_in_an_mrp_run_is_a_422_naming_it(api):
    item = {"member": "LEAD", "item": "FG-0002", "min_qty": 5}
    resp = api.post("/api/v1/plans/mrp", json={"items": [item, {**item, "min_qty": 9}]},
                    headers=bearer("demo-LEAD-planner"))  # fmt: skip
    assert resp.status_code == 422
    assert (resp.json()["field"], resp.json()["detail"]) == (
        "items[1].item", "items[1]: item 'LEAD/FG-0002' is given twice in this batch (first at items[0])")  # fmt: skip
    hop = {"supplier": "SEOHAN", "customer": "LEAD", "days": 1}
    resp = api.post("/api/v1/plans/mrp", json={"transfer_days": [hop, {**hop, "days": 2}]},
                    headers=bearer("demo-LEAD-planner"))  # fmt: skip
    assert resp.status_code == 422
    assert resp.json()["field"] == "transfer_days[1].customer"
    assert resp.json()["detail"] == (
        "transfer_days[1]: customer 'SEOHAN->LEAD' is given twice in this batch (first at transfer_days[0])")


def test_the_command_line_answers_a_bad_setting_in_one_line(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("ONEFACTORY_PORT", "abc")
    assert main(["db", "upgrade", "--data-dir", str(tmp_path)]) == 2
    assert capsys.readouterr().err == (
        "error: bad setting: port: Input should be a valid integer, unable to parse string as an integer (got 'abc')\n"
    )
