"""The quality API: results in, charts and capability out, notices with evidence acknowledged and closed."""

from __future__ import annotations

import pytest

from support import auth

BASE = [9.92, 9.868, 9.975, 10.042, 10.114, 10.011, 9.945, 9.922, 10.075, 10.163, 10.027, 9.877, 9.904, 10.16,
        10.02, 9.827, 9.992, 9.884, 9.937, 9.951, 9.929, 10.055, 9.994, 9.941, 10.041]  # fmt: skip
ORDER = {
    "id": "PO-Q1",
    "seller": "SUP-A",
    "lines": [{"line_no": 1, "item": "P-1", "qty": "100", "due_date": "2026-07-01", "lot": "L25"}],
}


def result(i: int, value: float) -> dict:
    return {"item": "P-1", "lot": f"L{i}", "characteristic": "bore", "value": str(value),
            "at": f"2026-05-{1 + i // 24:02d}T{i % 24:02d}:00:00+09:00", "lsl": "9.4", "usl": "10.6"}  # fmt: skip


def add_item(client, code: str = "P-1") -> None:
    """SUP-A's item master gets ``code``, through the items import."""
    data = f"품목코드,품목명\n{code},Housing\n".encode("cp949")
    files = {"file": ("items.csv", data, "text/csv")}
    assert client.post("/api/v1/imports/items", files=files, headers=auth("SUP-A")).json()["stored"] == 1


@pytest.fixture
def shifted(client):
    """SUP-A defines bore of its item P-1, records 25 in-control values, then a jump on lot L25 of LEAD's order."""
    add_item(client)
    assert client.post("/api/v1/orders", json=ORDER, headers=auth("LEAD")).status_code == 201
    spec = [{"item": "P-1", "code": "bore", "chart": "i_mr", "lsl": "9.4", "usl": "10.6", "unit": "mm"}]
    assert client.post("/api/v1/quality/characteristics", json=spec, headers=auth("SUP-A")).json() == {
        "stored": 1,
        "warnings": [],
    }
    calm = client.post("/api/v1/quality/inspections", json={"results": [result(i, v) for i, v in enumerate(BASE)]},
                       headers=auth("SUP-A"))  # fmt: skip
    assert calm.status_code == 201 and calm.json()["signals"] == []
    jump = client.post("/api/v1/quality/inspections", json={"results": [result(25, 10.5)]}, headers=auth("SUP-A"))
    assert jump.status_code == 201
    return jump.json()


def test_a_jump_gives_signals_an_alarm_and_a_notice(shifted, client):
    assert [(s["series"], s["rule"], s["index"], s["lot"]) for s in shifted["signals"]] == [
        ("x", "nelson-1", 25, "L25"),
        ("mr", "nelson-1", 25, "L25"),
    ]
    assert len(shifted["alarms"]) == 1 and len(shifted["notices"]) == 1
    alarms = client.get("/api/v1/members/SUP-A/alarms", headers=auth("SUP-A")).json()
    assert [(a["id"], a["kind"], a["signal"]) for a in alarms] == [(shifted["alarms"][0], "spc", "bore")]


def test_chart_has_limits_points_signals_and_capability(shifted, client):
    chart = client.get("/api/v1/members/SUP-A/quality/charts/P-1/bore", headers=auth("SUP-A")).json()
    center = sum(BASE[:20]) / 20
    mr_bar = sum(abs(a - b) for a, b in zip(BASE[1:20], BASE[:19], strict=True)) / 19
    x, mr = chart["series"]
    assert (chart["chart"], chart["results"], chart["baseline_points"]) == ("i_mr", 26, 20)
    assert (x["name"], len(x["points"]), mr["name"], len(mr["points"])) == ("x", 26, "mr", 25)
    assert x["center"] == pytest.approx(center)
    assert x["points"][0]["ucl"] == pytest.approx(center + 3 * mr_bar / 1.128)
    assert mr["points"][0]["ucl"] == pytest.approx(3.267 * mr_bar)
    assert [(s["series"], s["rule"], s["index"]) for s in chart["signals"]] == [
        ("x", "nelson-1", 25),
        ("mr", "nelson-1", 25),
    ]
    cap = client.get("/api/v1/members/SUP-A/quality/capability/P-1/bore", headers=auth("SUP-A")).json()["capability"]
    assert cap["cp"]["value"] == pytest.approx(1.2 / (6 * mr_bar / 1.128))
    assert cap["cp"]["low"] < cap["cp"]["value"] < cap["cp"]["high"]
    assert set(cap) >= {"cpk", "pp", "ppk", "note", "confidence"}


def test_customer_reads_evidence_acknowledges_and_closes(shifted, client):
    [note] = client.get("/api/v1/quality/notices", headers=auth("LEAD")).json()
    assert (note["id"], note["sender"], note["status"]) == (shifted["notices"][0], "SUP-A", "open")
    full = client.get(f"/api/v1/quality/notices/{note['id']}", headers=auth("LEAD")).json()
    evidence = full["evidence"]
    assert (evidence["chart"], evidence["rule"], evidence["flagged"]) == ("i_mr", "nelson-1", [25])
    assert evidence["points"][-1]["lot"] == "L25" and evidence["points"][-1]["value"] == pytest.approx(10.5)
    assert evidence["lcl"] < evidence["center"] < evidence["ucl"] < 10.5
    ack = client.post(f"/api/v1/quality/notices/{note['id']}/acknowledge", headers=auth("LEAD"))
    assert ack.json()["status"] == "acknowledged"
    assert client.post(f"/api/v1/quality/notices/{note['id']}/close", headers=auth("LEAD")).json()["status"] == "closed"
    assert client.post(f"/api/v1/quality/notices/{note['id']}/close", headers=auth("SUP-B")).status_code == 404


def test_a_closed_quality_notice_stays_closed(shifted, client):
    note_id = shifted["notices"][0]
    closed = client.post(f"/api/v1/quality/notices/{note_id}/close", headers=auth("LEAD")).json()
    assert (closed["status"], closed["closed_by"], closed["acknowledged_by"]) == ("closed", "lead-admin", None)
    again = client.post(f"/api/v1/quality/notices/{note_id}/acknowledge", headers=auth("LEAD"))
    assert (again.status_code, again.json()["detail"]) == (
        409,
        f"notification {note_id} is closed; it cannot be acknowledged again",
    )
    assert client.get(f"/api/v1/quality/notices/{note_id}", headers=auth("LEAD")).json()["status"] == "closed"


def test_others_need_a_quality_grant_and_their_reads_are_logged(shifted, client):
    path = "/api/v1/members/SUP-A/quality/charts/P-1/bore"
    assert client.get(path, headers=auth("SUP-B")).status_code == 403
    assert client.get(f"/api/v1/quality/notices/{shifted['notices'][0]}", headers=auth("SUP-B")).status_code == 403
    client.post("/api/v1/grants", json={"grantee": "SUP-B", "scope": "quality"}, headers=auth("SUP-A"))
    assert client.get(path, headers=auth("SUP-B")).status_code == 200
    log = client.get("/api/v1/access-log", headers=auth("SUP-A")).json()
    assert [(e["reader_member"], e["resource"]) for e in log["items"]] == [("SUP-B", "control chart P-1/bore")]


def test_bad_results_are_refused_naming_the_field(client):
    bad = {"results": [{**result(0, 10.0), "value": None}]}
    resp = client.post("/api/v1/quality/inspections", json=bad, headers=auth("SUP-A"))
    assert resp.status_code == 422 and "value" in resp.text
    naive = {"results": [{**result(0, 10.0), "at": "2026-05-01T09:00:00"}]}
    assert client.post("/api/v1/quality/inspections", json=naive, headers=auth("SUP-A")).status_code == 422
    spec = [{"item": "P-1", "code": "bore", "chart": "xbar_r", "subgroup_size": 1}]
    resp = client.post("/api/v1/quality/characteristics", json=spec, headers=auth("SUP-A"))
    assert resp.status_code == 422 and "subgroup" in resp.text


def test_reposting_a_batch_stores_nothing_more(client):
    add_item(client)
    batch = {"results": [result(i, v) for i, v in enumerate(BASE[:6])]}
    first = client.post("/api/v1/quality/inspections", json=batch, headers=auth("SUP-A")).json()
    again = client.post("/api/v1/quality/inspections", json=batch, headers=auth("SUP-A")).json()
    assert (first["stored"], first["already_stored"], first["duplicates"]) == (6, 0, 0)
    assert (again["stored"], again["already_stored"], again["duplicates"]) == (0, 6, 0)
    chart = client.get("/api/v1/members/SUP-A/quality/charts/P-1/bore", headers=auth("SUP-A")).json()
    assert (chart["results"], len(chart["series"][0]["points"])) == (6, 6)


def test_an_unknown_item_is_refused_and_nothing_is_stored(client):
    add_item(client)
    batch = {"results": [result(0, 10.0), {**result(1, 10.1), "item": "NO-ITEM"}]}
    resp = client.post("/api/v1/quality/inspections", json=batch, headers=auth("SUP-A"))
    assert (resp.status_code, resp.json()["field"]) == (422, "results[1].item")
    assert resp.json()["detail"] == "results[1]: SUP-A has no item 'NO-ITEM' in its item master (add the item first)"
    assert client.get("/api/v1/members/SUP-A/quality/characteristics", headers=auth("SUP-A")).json() == []
    spec = {"item": "NO-ITEM", "code": "bore"}
    refused = client.post("/api/v1/quality/characteristics", json=spec, headers=auth("SUP-A"))
    assert (refused.status_code, refused.json()["detail"]) == (422, "SUP-A has no item 'NO-ITEM' in its item master")


def test_a_value_or_limit_too_large_to_chart_is_refused_and_the_chart_stays_readable(client):
    """A stored 1e400 made the chart and capability of its characteristic fail for good."""
    add_item(client)
    assert (
        client.post(
            "/api/v1/quality/inspections", json={"results": [result(0, 10.0)]}, headers=auth("SUP-A")
        ).status_code
        == 201
    )
    for field, value in (("value", "1e400"), ("usl", "1e400"), ("lsl", "-1e16")):
        batch = {"results": [result(1, 10.1), {**result(2, 10.2), field: value}]}
        resp = client.post("/api/v1/quality/inspections", json=batch, headers=auth("SUP-A"))
        assert (resp.status_code, resp.json()["field"]) == (422, f"results[1].{field}")
        assert f"{field} must be a finite number of at most 1e15 in size" in resp.json()["detail"]
    listed = client.get("/api/v1/members/SUP-A/quality/characteristics", headers=auth("SUP-A")).json()
    assert [c["results"] for c in listed] == [1]


def test_limits_in_the_wrong_order_are_refused_naming_the_result(client):
    add_item(client)
    batch = {"results": [result(0, 10.0), {**result(1, 10.1), "lsl": "12", "usl": "8"}]}
    resp = client.post("/api/v1/quality/inspections", json=batch, headers=auth("SUP-A"))
    assert (resp.status_code, resp.json()["field"]) == (422, "results[1].lsl")
    assert resp.json()["detail"] == "results[1]: lsl 12 must be below usl 8"


def test_a_batch_error_names_the_result_by_its_index(client):
    add_item(client)
    counted = {"item": "P-1", "lot": "L1", "characteristic": "scratch", "defects": 2, "at": "2026-05-01T09:00:00+09:00"}
    batch = {"results": [{**counted, "sample_size": 50}, counted]}
    resp = client.post("/api/v1/quality/inspections", json=batch, headers=auth("SUP-A"))
    assert (resp.status_code, resp.json()["field"]) == (422, "results[1].sample_size")
    assert resp.json()["detail"] == "results[1]: a defect count needs its sample_size"


def test_one_refusal_lists_every_bad_result_and_nothing_is_stored(client):
    """It stopped at the first bad result, so a sender fixed one result per round trip (as imports once did)."""
    add_item(client)
    counted = {"item": "P-1", "lot": "L9", "characteristic": "scratch", "at": "2026-05-01T09:00:00+09:00"}
    batch = {"results": [
        result(0, 10.0),
        {**result(1, 10.1), "lsl": "12", "usl": "8"},
        {**result(2, 10.2), "item": "NO-ITEM"},
        {**counted, "defects": 9, "sample_size": 5},
        {**counted, "defects": 2},
        {**result(5, 10.3), "item": "NO-ITEM"},
    ]}  # fmt: skip
    resp = client.post("/api/v1/quality/inspections", json=batch, headers=auth("SUP-A"))
    assert (resp.status_code, resp.json()["type"]) == (422, "https://onefactory.dev/problems/batch-rejected")
    missing = "SUP-A has no item 'NO-ITEM' in its item master (add the item first)"
    too_many = "defects 9 exceed sample_size 5: a sample of 5 units has at most 5 defective units"
    assert resp.json()["errors"] == [
        {"index": 1, "field": "results[1].lsl", "reason": "lsl 12 must be below usl 8", "value": None},
        {"index": 2, "field": "results[2].item", "reason": missing, "value": "NO-ITEM"},
        {"index": 3, "field": "results[3].defects", "reason": too_many, "value": "9/5"},
        {
            "index": 4,
            "field": "results[4].sample_size",
            "reason": "a defect count needs its sample_size",
            "value": None,
        },
        {"index": 5, "field": "results[5].item", "reason": missing, "value": "NO-ITEM"},
    ]
    assert resp.json()["field"] == "results[1].lsl"
    assert resp.json()["detail"].startswith("5 errors: results[1]: lsl 12 must be below usl 8; results[2]: SUP-A")
    assert client.get("/api/v1/members/SUP-A/quality/characteristics", headers=auth("SUP-A")).json() == []
    fixed = [r for i, r in enumerate(batch["results"]) if i in (0, 1)]
    fixed[1] = result(1, 10.1)
    stored = client.post("/api/v1/quality/inspections", json={"results": fixed}, headers=auth("SUP-A")).json()
    assert (stored["stored"], stored["already_stored"]) == (2, 0)  # the good result was not kept from the refusal


def test_lots_that_are_not_production_orders_are_stored_with_a_warning(client, seeded):
    from datetime import timedelta

    from onefactory.model import ProductionOrder

    from support import NOW

    add_item(client)
    with seeded.write() as tx:
        tx.production.put_many([ProductionOrder("SUP-A", "L0", "P-1", 10, None, NOW, NOW + timedelta(hours=8))])
    batch = {"results": [result(i, v) for i, v in enumerate(BASE[:3])]}
    resp = client.post("/api/v1/quality/inspections", json=batch, headers=auth("SUP-A")).json()
    assert resp["stored"] == 3
    assert resp["warnings"] == [
        "characteristic 'bore' of item P-1 is not defined: charted on i_mr with default settings"
        " (define it to set its chart and limits)",
        "lots that are not known production orders (stored anyway): L1, L2",
    ]


def test_characteristics_take_one_object_or_a_list(client):
    add_item(client)
    one = {"item": "P-1", "code": "bore", "lsl": "9.4", "usl": "10.6"}
    assert client.post("/api/v1/quality/characteristics", json=one, headers=auth("SUP-A")).json() == {
        "stored": 1,
        "warnings": [],
    }
    two = [{**one, "code": "width"}, {**one, "code": "depth"}]
    assert client.post("/api/v1/quality/characteristics", json=two, headers=auth("SUP-A")).json() == {
        "stored": 2,
        "warnings": [],
    }
    listed = client.get("/api/v1/members/SUP-A/quality/characteristics", headers=auth("SUP-A")).json()
    assert [c["code"] for c in listed] == ["bore", "depth", "width"]
    body = client.get("/openapi.json").json()["paths"]["/api/v1/quality/characteristics"]["post"]["requestBody"]
    schema = body["content"]["application/json"]["schema"]
    assert schema["description"] == "One characteristic as an object, or several as a list of such objects."
    assert [s.get("type", s.get("$ref")) for s in schema["anyOf"]] == ["#/components/schemas/CharacteristicIn", "array"]


LINE_TEST = {"item": "P-1", "lot": "T2-001", "characteristic": "line_test", "defects": 0, "sample_size": 5,
             "at": "2026-05-31T00:56:00Z"}  # fmt: skip


def np_chart(client) -> None:
    """SUP-A charts line_test of P-1 on an np chart of samples of 5."""
    add_item(client)
    spec = [{"item": "P-1", "code": "line_test", "chart": "np", "subgroup_size": 5}]
    assert client.post("/api/v1/quality/characteristics", json=spec, headers=auth("SUP-A")).json() == {
        "stored": 1,
        "warnings": [],
    }


def test_an_exact_repeat_on_an_np_chart_is_stored_once(client):
    np_chart(client)
    batch = {"results": [LINE_TEST, LINE_TEST, {**LINE_TEST, "defects": 1}]}
    body = client.post("/api/v1/quality/inspections", json=batch, headers=auth("SUP-A")).json()
    assert (body["stored"], body["already_stored"], body["duplicates"]) == (2, 0, 1)
    assert body["warnings"][0] == "results[1] repeats results[0] exactly; stored once"


def test_more_defects_than_the_sample_are_refused_naming_the_result(client):
    np_chart(client)
    batch = {"results": [LINE_TEST, {**LINE_TEST, "lot": "T2-002", "defects": 9}]}
    resp = client.post("/api/v1/quality/inspections", json=batch, headers=auth("SUP-A"))
    assert (resp.status_code, resp.json()["field"]) == (422, "results[1].defects")
    assert resp.json()["detail"] == (
        "results[1]: defects 9 exceed sample_size 5: a sample of 5 units has at most 5 defective units"
    )
    assert client.get("/api/v1/members/SUP-A/quality/signals", headers=auth("SUP-A")).json() == []


def test_an_spc_alarm_is_placed_on_its_item_and_characteristic_and_the_resource_that_made_its_lot(
    shifted, client, seeded
):
    """Its item showed in the resource column; the resource is the one that made the lot, when known."""
    from datetime import timedelta

    from alarm_cluster import admin
    from onefactory.model import ProductionOrder
    from onefactory.services import alarm_views
    from onefactory.services.alarm_views import Place

    from support import NOW

    assert [r.place for r in alarm_views.visible_alarms(seeded, admin("SUP-A"), NOW)] == [
        Place(resource="", signal="", item="P-1", characteristic="bore")
    ]  # lot L25 is no production order: the resource is not known
    with seeded.write() as tx:
        tx.production.put_many([ProductionOrder("SUP-A", "L25", "P-1", 10, "PRESS-9", NOW, NOW + timedelta(hours=8))])
    assert [r.place for r in alarm_views.visible_alarms(seeded, admin("SUP-A"), NOW)] == [
        Place(resource="PRESS-9", signal="", item="P-1", characteristic="bore")
    ]
    listed = client.get("/api/v1/alarms", headers=auth("SUP-A")).json()
    assert [(a["resource"], a["signal"], a["item"], a["characteristic"]) for a in listed] == [
        ("P-1", "bore", "P-1", "bore")  # the API keeps the stored fields and adds the item and characteristic
    ]


def test_a_redefinition_keeps_the_limits_it_leaves_out_and_refuses_a_chart_that_does_not_fit(shifted, client):
    post = lambda body: client.post("/api/v1/quality/characteristics", json=body, headers=auth("SUP-A"))  # noqa: E731
    wrong = post({"item": "P-1", "code": "bore", "chart": "p"})
    assert (wrong.status_code, wrong.json()["field"]) == (422, "[0].chart")
    assert wrong.json()["detail"] == (
        "chart 'p' does not fit P-1/bore: its stored results are measured values (use i_mr, xbar_r or xbar_s)"
    )
    again = post({"item": "P-1", "code": "bore", "rules": "western-electric"})
    assert again.json() == {
        "stored": 1,
        "warnings": [
            "P-1/bore: lsl 9.4, usl 10.6, unit mm kept from the stored definition (send a limit as null to clear it)"
        ],
    }
    cleared = post({"item": "P-1", "code": "bore", "usl": None})
    assert cleared.json()["warnings"][1] == "P-1/bore: usl 10.6 cleared"
    specs = client.get("/api/v1/members/SUP-A/quality/characteristics", headers=auth("SUP-A")).json()
    assert [(c["chart"], c["lsl"], c["usl"], c["rules"]) for c in specs] == [("i_mr", "9.4", None, "western-electric")]


def test_a_result_that_does_not_fit_the_chart_is_refused_and_an_undefined_one_is_warned(shifted, client):
    count = {"item": "P-1", "lot": "L30", "characteristic": "bore", "defects": 2, "sample_size": 5,
             "at": "2026-05-03T00:00:00+09:00"}  # fmt: skip
    refused = client.post("/api/v1/quality/inspections", json={"results": [count]}, headers=auth("SUP-A"))
    assert refused.status_code == 422
    assert [(e["field"], e["reason"], e["value"]) for e in refused.json()["errors"]] == [
        ("results[0].value", "P-1/bore is on an i_mr chart of measured values; send a value", "defects 2")
    ]
    new = client.post("/api/v1/quality/inspections", json={"results": [{**count, "characteristic": "ng"}]},
                      headers=auth("SUP-A"))  # fmt: skip
    assert (new.status_code, new.json()["stored"]) == (201, 1)
    assert new.json()["warnings"] == [
        "characteristic 'ng' of item P-1 is not defined: charted on p with default settings"
        " (define it to set its chart and limits)",
        "lots that are not known production orders (stored anyway): L30",
    ]


def test_readings_beyond_an_xbar_subgroup_are_a_422_naming_the_lot_size_and_count(client):
    add_item(client)
    spec = {"item": "P-1", "code": "len", "chart": "xbar_r", "subgroup_size": 3}
    assert client.post("/api/v1/quality/characteristics", json=spec, headers=auth("SUP-A")).status_code == 201
    reading = {"item": "P-1", "lot": "M099", "characteristic": "len", "at": "2026-05-31T00:00:00Z"}
    batch = {"results": [{**reading, "value": f"5.0{i}"} for i in range(5)]}
    resp = client.post("/api/v1/quality/inspections", json=batch, headers=auth("SUP-A"))
    assert resp.status_code == 422
    reason = ("lot M099 at 2026-05-31T00:00:00+00:00 has {} readings of P-1/len, more than the subgroup size 3"
              " of its xbar_r chart (send at most 3 per lot and time)")  # fmt: skip
    assert resp.json()["errors"] == [
        {"index": 3, "field": "results[3].value", "reason": reason.format(4), "value": "5.03"},
        {"index": 4, "field": "results[4].value", "reason": reason.format(5), "value": "5.04"},
    ]
    assert client.get("/api/v1/members/SUP-A/quality/characteristics", headers=auth("SUP-A")).json()[0]["results"] == 0


def test_inspection_times_far_ahead_or_before_1990_are_a_422_naming_the_field(client):
    add_item(client)
    batch = {
        "results": [
            {**result(0, 10.0), "at": "2099-01-01T00:00:00Z"},
            {**result(1, 10.0), "at": "1900-01-01T00:00:00Z"},
        ]
    }
    resp = client.post("/api/v1/quality/inspections", json=batch, headers=auth("SUP-A"))
    assert resp.status_code == 422
    assert [(e["field"], e["value"], e["reason"]) for e in resp.json()["errors"]] == [
        ("results[0].at", "2099-01-01T00:00:00+00:00",
         "inspection time 2099-01-01T00:00:00+00:00 is 26511.6 days ahead of receipt (limit 24 h)"),
        ("results[1].at", "1900-01-01T00:00:00+00:00", "inspection time 1900-01-01T00:00:00+00:00 is before 1990-01-01"),
    ]  # fmt: skip


def test_codes_with_a_slash_are_a_422_for_characteristics_lots_and_production_orders(client):
    add_item(client)
    spec = [{"item": "P-1", "code": "a/b"}]
    resp = client.post("/api/v1/quality/characteristics", json=spec, headers=auth("SUP-A"))
    assert (resp.status_code, resp.json()["field"], resp.json()["detail"]) == (
        422, "[0].code", "[0]: characteristic code 'a/b' cannot be part of a web address: it contains '/'")  # fmt: skip
    batch = {"results": [{**result(0, 10.0), "lot": "a/b"}, {**result(1, 10.0), "characteristic": "a/b"}]}
    resp = client.post("/api/v1/quality/inspections", json=batch, headers=auth("SUP-A"))
    assert [(e["field"], e["reason"]) for e in resp.json()["errors"]] == [
        ("results[0].lot", "lot 'a/b' cannot be part of a web address: it contains '/'"),
        ("results[1].characteristic", "characteristic code 'a/b' cannot be part of a web address: it contains '/'"),
    ]
    run = {"code": "a/b", "item": "P-1", "qty": 10, "start": "2026-06-02T08:00:00+09:00",
           "end": "2026-06-02T12:00:00+09:00"}  # fmt: skip
    resp = client.put("/api/v1/members/SUP-A/production-orders", json=[run], headers=auth("SUP-A"))
    assert (resp.status_code, resp.json()["field"], resp.json()["detail"]) == (
        422, "[0].code", "[0]: production order code 'a/b' cannot be part of a web address: it contains '/'")  # fmt: skip
