"""The quality page shows predicted risk per open lot with drivers and recommendations (ko/en)."""

import re

from support import auth


def _page(client, member, lang):
    client.cookies.set("onefactory_token", f"tok-{member}")
    resp = client.get(f"/quality?lang={lang}")
    assert resp.status_code == 200, resp.text
    return resp.text


def test_open_lots_are_listed_with_risk_drivers_and_advice(client, lots):
    body = {"controls": [{"parameter": "temp_c.mean", "low": 55.0, "high": 60.0}]}
    assert client.post("/api/v1/quality/models/train", json=body, headers=auth("SUP-KR1")).status_code == 201
    html = _page(client, "SUP-KR1", "en")
    block = html[html.index('id="predicted-risk"') :]
    assert "Predicted defect risk of open lots" in block and "trained on 160 inspected lots" in block
    assert len(re.findall(r"<code>L01[67]\d</code>", block)) == 12
    hot = block[block.index("<code>L0171</code>") :].split("</tr>")[0]
    assert "at risk" in hot and "temp_c." in hot and "temp_c.mean:" in hot and "<svg" in hot
    assert "진행 중 로트의 예측 불량 위험" in _page(client, "SUP-KR1", "ko")


def test_without_a_model_the_block_says_how_to_train_one(client, lots):
    html = _page(client, "SUP-KR1", "en")
    assert "No defect-risk model in service yet" in html


def test_a_flagged_lot_no_allowed_change_helps_says_so_instead_of_a_dash(client, lots):
    """A control the risk does not depend on within its range gives no advice; a flagged lot then
    says that no allowed change lowers its risk (an empty cell read as "not computed")."""
    body = {"controls": [{"parameter": "temp_c.mean", "low": 10.0, "high": 10.5}]}
    assert client.post("/api/v1/quality/models/train", json=body, headers=auth("SUP-KR1")).status_code == 201
    risks = client.get("/api/v1/quality/risk", headers=auth("SUP-KR1")).json()
    flagged_without = [r["lot"] for r in risks if r["flagged"] and not r["recommendations"]]
    assert flagged_without, risks
    html = _page(client, "SUP-KR1", "en")
    row = html[html.index(f"<code>{flagged_without[0]}</code>") :].split("</tr>")[0]
    assert "no change within the allowed ranges lowers the predicted risk" in row
    ko = _page(client, "SUP-KR1", "ko")
    assert "허용 범위 안의 어떤 변경도 예측 위험을 낮추지 못합니다" in ko[ko.index(f"<code>{flagged_without[0]}</code>") :]
