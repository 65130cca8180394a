"""The MRP page: run from the form, planned orders per member, pegging tree per customer order."""

from __future__ import annotations

import re

import pytest


def csrf(html: str) -> str:
    form = re.search(r'<form method="post" action="/mrp/run".*?</form>', html, re.S)
    assert form, "no MRP run form"
    found = re.search(r'name="csrf" value="([^"]*)"', form.group(0))
    assert found
    return found.group(1)


def run(client) -> None:
    page = client.get("/mrp")
    response = client.post("/mrp/run", data={"csrf": csrf(page.text), "start": "2026-03-02", "buckets": "8"})
    assert response.status_code == 303, response.text
    assert response.headers["location"] == "/mrp"


@pytest.mark.parametrize(
    ("lang", "title", "empty"),
    [("ko", "자재소요계획", "아직 실행한"), ("en", "Material requirements", "No MRP run yet")],
)
def test_the_page_renders_before_any_run_in_both_languages(login, lang, title, empty):
    response = login("LEAD").get("/mrp", params={"lang": lang})
    assert response.status_code == 200
    assert title in response.text
    assert empty in response.text


def test_the_lead_runs_mrp_and_a_supplier_sees_its_orders_and_pegging(login):
    run(login("LEAD"))
    lead = login("LEAD").get("/mrp").text
    assert "No planned orders you may see." in lead
    supplier = login("SUP-A").get("/mrp", params={"lang": "ko"}).text
    rows = re.findall(r"<tr[^>]*>\s*<td>([^<]+)</td><td class=\"num\">([^<]+)</td>", supplier)
    assert rows == [("P-200", "50 EA")]
    assert "고객 주문별 페깅 트리" in supplier
    assert re.search(r"<summary><strong>PO-1001/2</strong></summary>", supplier)
    assert "<strong>P-200</strong> · SUP-A\n    · 50 · 계획 오더" in supplier
    other = login("SUP-B").get("/mrp", params={"order": "PO-2001/1"}).text
    assert re.findall(r"<tr[^>]*>\s*<td>([^<]+)</td>", other) == ["P-100"]
    assert "P-200" not in other
    assert "SUP-A" not in other.split("<main>")[1]


def test_a_supplier_cannot_run_mrp_from_the_form(login):
    client = login("SUP-A")
    response = client.post("/mrp/run", data={"csrf": csrf(client.get("/mrp").text)})
    assert response.status_code == 403
    assert "planner of the lead firm" in response.text


def test_a_form_without_its_token_is_refused(login):
    assert login("LEAD").post("/mrp/run", data={"csrf": "x"}).status_code == 403
