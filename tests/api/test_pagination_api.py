"""Paginated routes bound ``offset`` like ``limit``: too large is a 422 naming query.offset."""

import pytest

from support import auth


@pytest.mark.parametrize("route", ["/api/v1/orders", "/api/v1/access-log"])
@pytest.mark.parametrize("offset", ["99999999999999999999", "9223372036854775808", "1000000001"])
def test_an_offset_past_the_bound_is_a_422_problem(client, route, offset):
    resp = client.get(f"{route}?offset={offset}", headers=auth("LEAD"))
    assert resp.status_code == 422
    assert resp.headers["content-type"] == "application/problem+json"
    assert resp.json()["detail"] == "query.offset: Input should be less than or equal to 1000000000"


@pytest.mark.parametrize("route", ["/api/v1/orders", "/api/v1/access-log"])
def test_the_largest_offset_is_an_empty_page(client, route):
    resp = client.get(f"{route}?offset=1000000000", headers=auth("LEAD"))
    assert resp.status_code == 200
    assert (resp.json()["items"], resp.json()["offset"]) == ([], 1000000000)
