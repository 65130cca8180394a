"""Request errors show the value as the client sent it, the path to the offending key, and why."""

from __future__ import annotations

import pytest

from support import auth

LINE = {"line_no": 1, "item": "P-1", "qty": "1", "due_date": "2026-07-01"}


def _errors(resp):
    assert resp.status_code == 422, resp.text
    return [(e["field"], e["value"]) for e in resp.json()["errors"]]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"qty": "abc"}, ("body.lines.0.qty", "abc")),
        ({"qty": True}, ("body.lines.0.qty", "true")),
        ({"lot": 123}, ("body.lines.0.lot", "123")),
        ({"lot": {"a": [1, None]}}, ("body.lines.0.lot", '{"a": [1, null]}')),
    ],
)
def test_a_bad_value_is_shown_as_sent_at_its_key(client, change, expected):
    order = {"id": "PO-E1", "seller": "SUP-A", "lines": [{**LINE, **change}]}
    assert _errors(client.post("/api/v1/orders", json=order, headers=auth("LEAD"))) == [expected]


def test_the_reason_of_a_non_text_extra_field_names_the_value(client):
    order = {"id": "PO-E1", "seller": "SUP-A", "lines": [{**LINE, "lot": 123}]}
    resp = client.post("/api/v1/orders", json=order, headers=auth("LEAD"))
    assert resp.json()["detail"] == "body.lines.0.lot: must be a JSON string to keep its exact text, got 123"


def test_a_body_that_is_not_json_says_so(client):
    headers = {**auth("LEAD"), "Content-Type": "application/json"}
    resp = client.post("/api/v1/orders", content=b"not json{", headers=headers)
    assert _errors(resp) == [("body", "not json{")]
    assert resp.json()["detail"] == "body: the body is not valid JSON (Expecting value at character 0)"


@pytest.mark.parametrize(
    ("header", "detail"),
    [
        ("tok-LEAD", "the Authorization header has no scheme: send 'Authorization: Bearer <token>'"),
        ("Basic dXNlcjpwdw==", "Authorization scheme 'Basic' is not supported: send 'Authorization: Bearer <token>'"),
        ("Bearer ", "missing API token (send 'Authorization: Bearer <token>')"),
    ],
)
def test_an_authorization_header_without_bearer_names_the_scheme(client, header, detail):
    resp = client.get("/api/v1/orders", headers={"Authorization": header})
    assert (resp.status_code, resp.json()["detail"]) == (401, detail)
