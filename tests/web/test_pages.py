"""Every dashboard page over a seeded in-memory cluster, through FastAPI's TestClient."""

from __future__ import annotations

import re

import pytest

PAGES = ["/", "/orders", "/orders/PO-1001", "/inventory", "/telemetry", "/alarms", "/sharing"]


def form_fields(html: str, action: str) -> dict[str, str]:
    """Hidden fields of the first form whose submit button is ``action``."""
    for form in re.findall(r"<form[^>]*>.*?</form>", html, re.S):
        if f'data-action="{action}"' in form:
            return dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', form))
    raise AssertionError(f"no {action} button on the page")


@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize("path", PAGES)
def test_every_page_renders_in_both_languages(login, path: str, lang: str) -> None:
    response = login("LEAD").get(path, params={"lang": lang})
    assert response.status_code == 200, response.text
    assert f'<html lang="{lang}">' in response.text
    assert response.cookies.get("onefactory_lang") == lang


@pytest.mark.parametrize("path", PAGES)
def test_pages_redirect_to_login_without_a_cookie(login, path: str) -> None:
    response = login(None).get(path)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/login?next=")


def test_a_wrong_token_cookie_also_redirects(login) -> None:
    client = login(None)
    client.cookies.set("onefactory_token", "nope")
    assert client.get("/orders").status_code == 303


def test_login_sets_an_httponly_cookie_and_goes_on(login) -> None:
    client = login(None)
    response = client.post("/login", data={"token": "tok-supa-admin", "next": "/orders"})
    assert response.status_code == 303
    assert response.headers["location"] == "/orders"
    cookie = response.headers["set-cookie"]
    assert "onefactory_token=tok-supa-admin" in cookie
    assert "HttpOnly" in cookie
    assert "samesite=lax" in cookie.lower()
    assert client.get("/orders").status_code == 200


def test_login_refuses_a_bad_token_and_foreign_next(login) -> None:
    client = login(None)
    assert client.post("/login", data={"token": "bad"}).status_code == 401
    response = client.post("/login", data={"token": "tok-lead-admin", "next": "//evil.example/x"})
    assert response.headers["location"] == "/"


def test_logout_forgets_the_cookie(login) -> None:
    client = login("LEAD")
    response = client.post("/logout")
    assert response.status_code == 303
    assert 'onefactory_token=""' in response.headers["set-cookie"]


def test_login_lists_demo_accounts_when_registered(app, login) -> None:
    assert "demo-LEAD-admin" not in login(None).get("/login").text
    app.state.demo_accounts = [("demo-LEAD-admin", "LEAD · admin")]
    html = login(None).get("/login").text
    assert 'value="demo-LEAD-admin"' in html
    assert "LEAD · admin" in html


def test_language_follows_accept_language_then_the_cookie(login) -> None:
    assert "주문" in login("LEAD", lang="ko-KR,ko;q=0.9").get("/orders").text
    english = login("LEAD", lang="en-US,en;q=0.9,ko;q=0.5")
    assert ">Orders<" in english.get("/orders").text
    english.cookies.set("onefactory_lang", "ko")
    assert '<html lang="ko">' in english.get("/orders").text


def test_member_names_follow_the_language(login) -> None:
    client = login("LEAD")
    assert "한빛모터스" in client.get("/", params={"lang": "ko"}).text
    assert "Hanbit Motors" in client.get("/", params={"lang": "en"}).text


def test_overview_shows_links_and_statuses(login) -> None:
    html = login("SUP-B").get("/").text
    assert '<svg class="diagram"' in html
    assert "SUP-B" in html and "Proposed" in html


def test_orders_list_shows_our_orders_only(login) -> None:
    assert "PO-1001" in login("LEAD").get("/orders").text
    assert "PO-2001" not in login("LEAD").get("/orders").text
    html = login("SUP-A").get("/orders").text
    assert "PO-1001" in html and "PO-2001" in html


def test_a_supplier_cannot_open_another_suppliers_order(login) -> None:
    response = login("SUP-B").get("/orders/PO-1001")
    assert response.status_code == 404
    assert "Not found." in response.text
    assert 'id="line-1"' not in response.text and "P-100" not in response.text


def test_order_page_shows_tiers_below_as_far_as_shared(login) -> None:
    lead = login("LEAD").get("/orders/PO-1001").text
    assert "SUP-B" in lead and "not shared with you" in lead and "/orders/PO-2001" not in lead
    supplier = login("SUP-A").get("/orders/PO-1001").text
    assert 'href="/orders/PO-2001"' in supplier


def test_buyer_sees_no_confirm_button(login) -> None:
    html = login("LEAD").get("/orders/PO-1001").text
    assert 'data-action="confirm"' not in html
    assert 'data-action="cancel"' in html


def test_seller_confirms_a_line_through_the_form(login) -> None:
    client = login("SUP-A")
    fields = form_fields(client.get("/orders/PO-1001").text, "confirm")
    response = client.post("/orders/PO-1001", data=fields)
    assert response.status_code == 303
    html = client.get(response.headers["location"]).text
    assert re.search(r'id="line-1">.*?s-confirmed', html, re.S)
    assert "Done: Confirm." in html


def test_a_stale_version_is_a_conflict_not_a_change(login) -> None:
    client = login("SUP-A")
    fields = form_fields(client.get("/orders/PO-1001").text, "confirm")
    assert client.post("/orders/PO-1001", data=fields).status_code == 303
    fields["line_no"] = "2"
    response = client.post("/orders/PO-1001", data=fields)
    assert response.status_code == 409
    assert re.search(r'id="line-2">.*?s-proposed', response.text, re.S)


def test_a_form_without_its_token_is_refused(login) -> None:
    client = login("SUP-A")
    fields = form_fields(client.get("/orders/PO-1001").text, "confirm")
    fields["csrf"] = "forged"
    assert client.post("/orders/PO-1001", data=fields).status_code == 403


def test_reject_without_reason_is_shown_as_invalid(login) -> None:
    client = login("SUP-A")
    fields = form_fields(client.get("/orders/PO-1001").text, "reject")
    response = client.post("/orders/PO-1001", data=fields)
    assert response.status_code == 422
    assert "reason" in response.text


def test_stock_of_others_only_under_a_grant(login) -> None:
    lead = login("LEAD").get("/inventory").text
    assert 'id="stock-SUP-B"' in lead and "BLANK-9" in lead
    assert 'id="stock-SUP-A"' not in lead
    supplier = login("SUP-A").get("/inventory").text
    assert 'id="stock-SUP-A"' in supplier and "BLANK-9" not in supplier


def test_stock_read_is_logged_for_the_owner(login) -> None:
    login("LEAD").get("/inventory")
    html = login("SUP-B").get("/sharing").text
    assert "lead-admin" in html and "grant:" in html


def test_telemetry_lists_granted_signals(login) -> None:
    html = login("LEAD").get("/telemetry").text
    assert 'data-member="SUP-A"' in html and 'data-signal="temp_c"' in html
    assert 'data-member="SUP-A"' not in login("SUP-B").get("/telemetry").text


def test_telemetry_api_accepts_the_cookie(login) -> None:
    rows = login("LEAD").get("/api/v1/members/SUP-A/telemetry/PRESS-1", params={"signal": "temp_c"}).json()
    assert len(rows) == 40


def test_alarms_of_our_member(login) -> None:
    assert "temp_c above 80" in login("SUP-A").get("/alarms").text
    assert "temp_c above 80" not in login("SUP-B").get("/alarms").text
    assert "temp_c above 80" in login("LEAD").get("/alarms").text  # SUP-A shares telemetry with LEAD


def test_admin_gives_and_revokes_a_grant(login) -> None:
    client = login("SUP-A")
    csrf = re.search(r'name="csrf" value="(\w+)"', client.get("/sharing").text).group(1)
    response = client.post("/sharing/grants", data={"grantee": "SUP-B", "scope": "inventory", "csrf": csrf})
    assert response.status_code == 303
    assert "BLANK-9" not in login("SUP-A").get("/inventory").text
    assert 'id="stock-SUP-A"' in login("SUP-B").get("/inventory").text
    html = client.get("/sharing").text
    grant_id = re.search(r"/sharing/grants/(g-\w+)/revoke", html).group(1)
    assert client.post(f"/sharing/grants/{grant_id}/revoke", data={"csrf": csrf}).status_code == 303
    assert 'id="stock-SUP-A"' not in login("SUP-B").get("/inventory").text


def test_static_files_are_served_locally(login) -> None:
    client = login(None)
    assert client.get("/static/style.css").status_code == 200
    assert "fetch(" in client.get("/static/charts.js").text
