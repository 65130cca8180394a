"""Import answers count what changed: a row that changes nothing is ``already_stored``, as for master data."""

from datetime import UTC, datetime

import pytest

from support import bearer, demo_api

NOW = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
LEAD, SEOHAN = bearer("demo-LEAD-admin"), bearer("demo-SEOHAN-admin")


@pytest.fixture(scope="module")
def api():
    with demo_api(NOW) as c:
        yield c


def _load(api, kind, text, who, **form):
    resp = api.post(f"/api/v1/imports/{kind}", files={"file": (f"{kind}.csv", text.encode())}, data=form, headers=who)
    assert resp.status_code == 200, resp.text
    return resp.json()


def test_an_order_file_imported_again_unchanged_counts_as_already_stored(api):
    po = "order_id,line,item_code,quantity,due_date,seller\nPO-R1,1,MD-0001,4,2026-07-01,SEOHAN\nPO-R2,1,MD-0001,6,2026-07-02,SEOHAN\n"
    first = _load(api, "orders", po, LEAD)
    assert (first["stored"], first["already_stored"]) == (2, 0)
    again = _load(api, "orders", po, LEAD)
    assert (again["stored"], again["already_stored"], again["notes"]) == (0, 2, [])
    changed = _load(api, "orders", po.replace(",6,", ",7,"), LEAD)
    assert (changed["stored"], changed["already_stored"]) == (1, 1)
    assert api.get("/api/v1/orders/PO-R2", headers=LEAD).json()["lines"][0]["qty"] == "7"


def test_a_stock_count_equal_to_the_stock_is_no_movement(api):
    pos = api.get("/api/v1/members/SEOHAN/stock", headers=SEOHAN).json()[0]
    row = f"{pos['item']},{pos['location']},{pos['lot'] or ''},{{}}\n"
    head = "item,location,lot,on_hand\n"
    same = _load(api, "inventory", head + row.format(pos["qty"]), SEOHAN, inventory_mode="snapshot")
    assert (same["stored"], same["already_stored"], same["notes"]) == (0, 1, [])
    more = _load(api, "inventory", head + row.format(int(float(pos["qty"])) + 5), SEOHAN, inventory_mode="snapshot")
    assert (more["stored"], more["already_stored"]) == (1, 0)
    assert more["notes"] == [f"{pos['location'] or '-'} {pos['item']} lot {pos['lot'] or '-'}: adjustment +5"]
