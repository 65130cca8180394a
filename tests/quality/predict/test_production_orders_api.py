"""A supplier registers its lots through the API (``PUT /members/{m}/production-orders``), so
defect-risk training works on data that did not come from the demo loader."""

from __future__ import annotations

from datetime import timedelta

import numpy as np
import pytest

from onefactory.model import Item, ItemKind, Reading, Resource

from support import NOW, auth

MEMBER, LOTS, OPEN = "SUP-KR1", 60, 4
PATH = f"/api/v1/members/{MEMBER}/production-orders"


@pytest.fixture
def master_data(seeded):
    with seeded.write() as tx:
        tx.items.put_many([Item(MEMBER, "BRK-1", "Bracket", kind=ItemKind.MAKE)])
        tx.resources.put_many([Resource(MEMBER, "M1", "Press 1")])
    return seeded


def _lot(i: int) -> dict:
    start = NOW - timedelta(hours=LOTS + 1 - i)
    end = start + timedelta(hours=1)
    return {
        "code": f"L{i:04d}",
        "item": "BRK-1",
        "qty": "100",
        "resource": "M1",
        "start": start.isoformat(),
        "end": end.isoformat(),
    }


def test_lots_put_through_the_api_train_a_model_and_get_a_risk(client, master_data):
    rng = np.random.default_rng(3)
    temps = rng.uniform(54, 68, LOTS)
    assert client.put(PATH, json=[_lot(i) for i in range(LOTS)], headers=auth(MEMBER)).json() == {"stored": LOTS}
    assert client.put(PATH, json=[_lot(i) for i in range(LOTS)], headers=auth(MEMBER)).json() == {"stored": LOTS}
    with master_data.write() as tx:  # the run's telemetry, as the MQTT ingest stores it
        tx.readings.append_many(
            [
                Reading(MEMBER, "M1", "temp_c", NOW - timedelta(hours=LOTS + 1 - i, minutes=-10 * k), float(t))
                for i, t in enumerate(temps)
                for k in range(6)
            ]
        )
    results = [
        {"item": "BRK-1", "lot": f"L{i:04d}", "characteristic": "thickness", "value": "1.3" if t > 63 else "1.0",
         "lsl": "0.9", "usl": "1.1", "at": (NOW - timedelta(hours=LOTS - i)).isoformat()}
        for i, t in enumerate(temps[: LOTS - OPEN])
    ]  # fmt: skip
    assert (
        client.post("/api/v1/quality/inspections", json={"results": results}, headers=auth(MEMBER)).status_code == 201
    )
    trained = client.post("/api/v1/quality/models/train", json={}, headers=auth(MEMBER)).json()
    assert (trained["model"]["n_lots"], trained["model"]["positives"]) == (LOTS - OPEN, int((temps[:-OPEN] > 63).sum()))
    risks = client.get("/api/v1/quality/risk", headers=auth(MEMBER)).json()
    assert sorted(r["lot"] for r in risks) == [f"L{i:04d}" for i in range(LOTS - OPEN, LOTS)]
    listed = client.get(PATH, headers=auth(MEMBER)).json()
    assert len(listed) == LOTS and listed[0]["resource"] == "M1"


START_1 = (NOW - timedelta(hours=LOTS)).isoformat()
"""The start of lot L0001 (see ``_lot``)."""


@pytest.mark.parametrize(
    ("change", "field", "reason"),
    [
        ({"item": "NOPE"}, "[1].item", "item 'NOPE' is not in SUP-KR1's item master"),
        ({"resource": "M9"}, "[1].resource", "resource 'M9' is not one of SUP-KR1's"),
        (
            {"end": (NOW - timedelta(days=9)).isoformat()},
            "[1].end",
            f"end {(NOW - timedelta(days=9)).isoformat()} must be after start {START_1} (a lot runs for a time)",
        ),
        ({"end": START_1}, "[1].end", f"end {START_1} must be after start {START_1} (a lot runs for a time)"),
    ],
)
def test_a_bad_lot_is_refused_naming_it_and_nothing_is_stored(client, master_data, change, field, reason):
    resp = client.put(PATH, json=[_lot(0), {**_lot(1), **change}], headers=auth(MEMBER))
    assert (resp.status_code, resp.json()["field"]) == (422, field)
    assert resp.json()["detail"] == f"order 1 (L0001): {reason}"
    assert client.get(PATH, headers=auth(MEMBER)).json() == []


def test_only_the_member_itself_writes_its_lots(client, master_data):
    assert client.put(PATH, json=[_lot(0)], headers=auth("SUP-A")).status_code == 403
    assert client.put(PATH, json=[_lot(0)], headers={"Authorization": "Bearer tok-LEAD-viewer"}).status_code == 403


def test_a_lot_with_a_naive_start_is_refused_naming_it(client, master_data):
    resp = client.put(PATH, json=[_lot(0), {**_lot(1), "start": "2026-03-01T00:00:00"}], headers=auth(MEMBER))
    assert (resp.status_code, resp.json()["detail"]) == (422, "body.1.start: Input should have timezone info")
    assert client.get(PATH, headers=auth(MEMBER)).json() == []
