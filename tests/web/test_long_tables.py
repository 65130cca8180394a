"""Long tables on pages show one window of rows at a time, with the total and links to the others."""

import re
from datetime import UTC, datetime, timedelta

import pytest

from support import bearer, demo_api

NOW = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
LINES = 450


@pytest.fixture(scope="module")
def api():
    with demo_api(NOW) as c:
        lines = [{"line_no": n, "item": "MD-0001", "qty": 1, "due_date": "2026-07-01"} for n in range(1, LINES + 1)]
        order = {"id": "PO-BIG", "seller": "SEOHAN", "lines": lines}
        assert c.post("/api/v1/orders", json=order, headers=bearer("demo-LEAD-admin")).status_code == 201
        yield c


def _mrp_later(api, minutes: int):
    """An MRP run after the demo's own (made at NOW): the page shows the newest run, and two
    runs at one fixed clock reading tie."""
    api.app.state.runtime.clock = lambda: NOW + timedelta(minutes=minutes)
    try:
        return api.post(
            "/api/v1/plans/mrp", json={"start": "2026-06-01", "buckets": 8}, headers=bearer("demo-LEAD-planner")
        )
    finally:
        api.app.state.runtime.clock = lambda: NOW


def _rows(html: str) -> list[int]:
    return [int(n) for n in re.findall(r'<tr id="line-(\d+)">', html)]


def test_an_order_page_shows_200_lines_with_the_total_and_the_next_window(api):
    api.cookies.set("onefactory_token", "demo-SEOHAN-admin")
    html = api.get("/orders/PO-BIG", params={"lang": "en"}).text
    assert _rows(html) == list(range(1, 201))
    assert html.count('data-action="confirm"') == 200
    assert html.count('<nav class="pager" data-pager="lines" data-total="450" data-shown="200">') == 2
    assert "Rows 1–200 of 450" in html
    assert 'href="/orders/PO-BIG?lang=en&amp;lines=2" rel="next"' in html
    last = api.get("/orders/PO-BIG", params={"lines": 3}).text
    assert _rows(last) == list(range(401, 451))
    assert 'data-shown="50"' in last and 'rel="next"' not in last.split('data-pager="lines"')[1].split("</nav>")[0]
    assert _rows(api.get("/orders/PO-BIG", params={"lines": 99}).text) == list(range(401, 451))
    assert _rows(api.get("/orders/PO-BIG", params={"lines": "x"}).text) == list(range(1, 201))


def _confirm(api, action: str, line_no: int, version: int):
    csrf = re.search(r'name="csrf" value="(\w+)"', api.get("/orders/PO-BIG").text).group(1)
    form = {"csrf": csrf, "action": "confirm", "line_no": line_no, "version": version}
    return api.post(action, data=form, follow_redirects=False)


def test_a_line_action_on_a_later_window_comes_back_to_that_window(api):
    api.cookies.set("onefactory_token", "demo-SEOHAN-admin")
    html = api.get("/orders/PO-BIG", params={"lines": 2, "done": "confirm"}).text
    assert set(re.findall(r'<form method="post" action="([^"]*)" class="action">', html)) == {"/orders/PO-BIG?lines=2"}
    version = int(re.search(r'<span id="order-version">(\d+)</span>', html).group(1))
    done = _confirm(api, "/orders/PO-BIG?lines=2", 250, version)
    assert (done.status_code, done.headers["location"]) == (303, "/orders/PO-BIG?lines=2&done=confirm")
    back = api.get(done.headers["location"]).text
    assert _rows(back) == list(range(201, 401))
    assert back.count('data-action="confirm"') == 199  # line 250 is confirmed, the others still proposed
    stale = _confirm(api, "/orders/PO-BIG?lines=2", 251, version)  # refused pages show the window too
    assert stale.status_code == 409 and _rows(stale.text) == list(range(201, 401))


def test_a_short_order_has_no_pager(api):
    api.cookies.set("onefactory_token", "demo-LEAD-admin")
    html = api.get("/orders/PO-LEAD-0001").text
    assert 'data-pager="lines"' not in html and len(_rows(html)) >= 1


def test_the_mrp_page_shows_200_pegging_trees_of_more(api):
    demands = [{"id": f"CO-T{n:03d}/1", "item": "FG-0002", "qty": 1, "due": "2026-07-01T00:00:00+09:00"}
               for n in range(250)]  # fmt: skip
    assert api.post("/api/v1/customer-orders", json=demands, headers=bearer("demo-LEAD-planner")).status_code == 201
    run = _mrp_later(api, minutes=1)
    assert run.status_code == 201, run.text
    trees = api.get(f"/api/v1/plans/mrp/{run.json()['id']}/pegging", headers=bearer("demo-LEAD-planner")).json()
    total = sum(1 for nodes in trees.values() if nodes)
    assert total > 600
    api.cookies.set("onefactory_token", "demo-LEAD-planner")
    html = api.get("/mrp").text
    assert f'data-pager="trees" data-total="{total}" data-shown="200"' in html
    assert html.count("<details open><summary><strong>") == 200
    last = -(-total // 200)
    rest = api.get("/mrp", params={"trees": last}).text
    assert rest.count("<details open><summary><strong>") == total - (last - 1) * 200


def test_an_mrp_order_row_names_10_of_its_demands_and_counts_the_rest(api):
    run = _mrp_later(api, minutes=2)
    pegged = sorted(len(o["pegged_to"]) for rows in run.json()["orders_by_member"].values() for o in rows)
    api.cookies.set("onefactory_token", "demo-LEAD-planner")
    html = api.get("/mrp", params={"lang": "en"}).text
    cells = re.findall(r"<td>((?:(?!</td>).)*?)</td>\n  </tr>", html, re.S)
    shown = sorted(c.count('<a href="/mrp?order=') + int(re.search(r'data-more="(\d+)"', c).group(1) if "data-more" in c else 0)
                   for c in cells)  # fmt: skip
    assert shown == pegged
    assert max(pegged) > 10
    assert max(c.count('<a href="/mrp?order=') for c in cells) == 10
    assert f"and {max(pegged) - 10} more" in html


def test_a_plan_page_shows_200_demands_with_the_total(api):
    demands = [{"id": f"CO-P{n:03d}/1", "item": "FG-0002", "qty": 1, "due": "2026-07-01T00:00:00+09:00"}
               for n in range(250)]  # fmt: skip
    assert api.post("/api/v1/customer-orders", json=demands, headers=bearer("demo-LEAD-planner")).status_code == 201
    plan = api.post("/api/v1/plans", json={"time_limit_s": 20}, headers=bearer("demo-LEAD-planner"))
    assert plan.status_code == 201, plan.text
    total = len(api.get(f"/api/v1/plans/{plan.json()['id']}", headers=bearer("demo-LEAD-planner")).json()["fulfilment"])
    assert total >= 250
    api.cookies.set("onefactory_token", "demo-LEAD-planner")
    html = api.get(f"/plans/{plan.json()['id']}").text
    assert html.count('<details class="peg"') == 200
    assert f'data-pager="demands" data-total="{total}" data-shown="200"' in html
    last = -(-total // 200)
    rest = api.get(f"/plans/{plan.json()['id']}", params={"demands": last}).text
    assert rest.count('<details class="peg"') == total - (last - 1) * 200
