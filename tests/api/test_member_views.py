"""What a member sees of others: one grant per grantee and scope, supply links of its own
orders only, and an access log that holds reads by other members only."""

from datetime import UTC, datetime

import pytest

from onefactory.model import RiskMark

from support import bearer, demo_api

NOW = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
SEOHAN, LEAD, GAON = bearer("demo-SEOHAN-admin"), bearer("demo-LEAD-admin"), bearer("demo-GAON-admin")


@pytest.fixture
def api():
    with demo_api(NOW) as c:
        yield c


def _lead_items(api) -> int:
    return api.get("/api/v1/members/SEOHAN/items", headers=LEAD).status_code


def test_an_identical_active_grant_is_a_409_naming_the_one_in_force_and_one_revoke_ends_access(api):
    assert _lead_items(api) == 403
    first = api.post("/api/v1/grants", json={"grantee": "LEAD", "scope": "items"}, headers=SEOHAN)
    assert first.status_code == 201
    gid = first.json()["id"]
    again = api.post("/api/v1/grants", json={"grantee": "LEAD", "scope": "items"}, headers=SEOHAN)
    assert again.status_code == 409
    assert again.json()["detail"] == f"SEOHAN already grants items to LEAD by grant {gid}; revoke that one to end it"
    assert _lead_items(api) == 200
    assert api.delete(f"/api/v1/grants/{gid}", headers=SEOHAN).status_code == 200
    assert _lead_items(api) == 403
    items_grants = [g for g in api.get("/api/v1/grants", headers=SEOHAN).json() if g["scope"] == "items"]
    assert [(g["id"], g["revoked_at"] is not None) for g in items_grants] == [(gid, True)]
    renewed = api.post("/api/v1/grants", json={"grantee": "LEAD", "scope": "items"}, headers=SEOHAN)
    assert renewed.status_code == 201 and renewed.json()["id"] != gid


def test_a_supplier_sees_only_the_links_and_lines_of_orders_it_is_party_to(api):
    gaon = api.get("/api/v1/cluster", headers=GAON).json()
    assert gaon["links"] == [{"supplier": "GAON", "customer": "SEOHAN", "open_lines": 1}]
    assert gaon["order_lines_by_status"] == {"in_production": 1}
    assert len(gaon["members"]) == 16
    lead = api.get("/api/v1/cluster", headers=LEAD).json()
    assert len(lead["links"]) == 14
    assert sum(lead["order_lines_by_status"].values()) == 15
    assert {"supplier": "SEOHAN", "customer": "LEAD", "open_lines": 2} in lead["links"]


def test_the_overview_page_of_a_supplier_draws_only_its_own_links(api):
    api.cookies.set("onefactory_token", "demo-GAON-admin")
    html = api.get("/").text
    assert "GAON → SEOHAN: 1" in html
    assert html.count("</title></path>") == 1
    assert "SEOHAN → LEAD" not in html
    api.cookies.set("onefactory_token", "demo-LEAD-admin")
    html = api.get("/").text
    assert html.count("</title></path>") == 14
    assert "SEOHAN → LEAD: 2" in html


def test_a_members_reads_of_its_own_alarms_are_never_in_its_access_log(api):
    order = next(o for o in api.get("/api/v1/orders", headers=SEOHAN).json()["items"]
                 if (o["seller"], o["buyer"]) == ("SEOHAN", "LEAD"))["id"]  # fmt: skip
    with api.store.write() as tx:
        tx.risks.add_new([RiskMark(order, "al-demo-02", "LEAD", "SEOHAN", "pump vibration", NOW)])
    before = api.get("/api/v1/access-log", headers=SEOHAN).json()["total"]
    assert len(api.get(f"/api/v1/orders/{order}/alarms", headers=SEOHAN).json()) == 1
    api.cookies.set("onefactory_token", "demo-SEOHAN-admin")
    assert api.get("/alarms").status_code == 200
    assert api.get(f"/orders/{order}").status_code == 200
    assert api.get("/api/v1/access-log", headers=SEOHAN).json()["total"] == before
    assert len(api.get(f"/api/v1/orders/{order}/alarms", headers=LEAD).json()) == 1
    log = api.get("/api/v1/access-log", headers=SEOHAN).json()
    assert log["total"] == before + 1
    assert (log["items"][0]["reader_member"], log["items"][0]["basis"]) == ("LEAD", f"order-at-risk:{order}")
