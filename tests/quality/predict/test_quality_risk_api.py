"""The defect-risk API: train, list versions, lot risk with drivers and recommendations, visibility."""

from support import auth

CONTROLS = [{"parameter": "temp_c.mean", "low": 55.0, "high": 60.0}]


def _train(client):
    resp = client.post(
        "/api/v1/quality/models/train", json={"window": 500, "controls": CONTROLS}, headers=auth("SUP-KR1")
    )
    assert resp.status_code == 201, resp.text
    return resp.json()


def test_train_then_read_the_risk_of_a_hot_open_lot(client, lots):
    trained = _train(client)
    assert trained["in_service"] is True
    model = trained["model"]
    assert (model["status"], model["n_lots"], model["member"]) == ("active", 160, "SUP-KR1")
    assert "temp_c.mean" in model["features"] and 0 < model["positives"] < 160
    listed = client.get("/api/v1/quality/models", headers=auth("SUP-KR1")).json()
    assert [m["id"] for m in listed] == [model["id"]]

    risk = client.get("/api/v1/quality/lots/L0171/risk", headers=auth("SUP-KR1")).json()
    assert risk["model_id"] == model["id"] and risk["lot"] == "L0171"
    assert risk["risk"] > 0.5 and risk["flagged"] is True
    assert risk["drivers"][0]["feature"].startswith("temp_c.") and risk["drivers"][0]["contribution"] > 0
    advice = risk["recommendations"]
    assert advice and advice[0]["parameter"] == "temp_c.mean"
    assert 55.0 <= advice[0]["suggested"] <= 60.0
    assert advice[0]["risk_after"] < advice[0]["risk_before"] and advice[0]["effect"] < 0

    open_lots = client.get("/api/v1/quality/risk", headers=auth("SUP-KR1")).json()
    assert len(open_lots) == 12 and open_lots[0]["risk"] == max(r["risk"] for r in open_lots)


def test_a_customer_reads_lot_risk_only_under_a_quality_grant_and_is_logged(client, lots):
    _train(client)
    path = "/api/v1/quality/lots/L0171/risk?member=SUP-KR1"
    assert client.get(path, headers=auth("SUP-A")).status_code == 403
    assert client.get("/api/v1/quality/models?member=SUP-KR1", headers=auth("SUP-A")).status_code == 403
    grant = client.post("/api/v1/grants", json={"grantee": "SUP-A", "scope": "quality"}, headers=auth("SUP-KR1"))
    assert grant.status_code == 201, grant.text
    assert client.get(path, headers=auth("SUP-A")).status_code == 200
    assert client.get(path, headers=auth("SUP-B")).status_code == 403
    log = client.get("/api/v1/access-log", headers=auth("SUP-KR1")).json()["items"]
    assert [(e["reader_member"], e["resource"]) for e in log] == [("SUP-A", "quality risk of lot L0171")]


def test_training_needs_write_rights_and_valid_ranges(client, lots):
    viewer = {"Authorization": "Bearer tok-LEAD-viewer"}
    assert client.post("/api/v1/quality/models/train", json={}, headers=viewer).status_code == 403
    bad = client.post(
        "/api/v1/quality/models/train",
        json={"controls": [{"parameter": "temp_c.mean", "low": 9, "high": 1}]},
        headers=auth("SUP-KR1"),
    )
    assert bad.status_code == 422 and "temp_c.mean" in bad.text


def test_training_for_an_item_missing_from_the_item_master_names_the_item(client, lots):
    resp = client.post("/api/v1/quality/models/train", json={"item": "NOPE"}, headers=auth("SUP-KR1"))
    assert (resp.status_code, resp.json()["field"]) == (422, "item")
    assert resp.json()["detail"] == "SUP-KR1 has no item 'NOPE' in its item master"


def test_unknown_lot_and_missing_model_are_404(client, lots):
    assert client.get("/api/v1/quality/lots/L0001/risk", headers=auth("SUP-KR1")).status_code == 404
    _train(client)
    resp = client.get("/api/v1/quality/lots/NOPE/risk", headers=auth("SUP-KR1"))
    assert resp.status_code == 404 and "NOPE" in resp.text


def test_drift_of_recent_lots_is_reported(client, lots):
    _train(client)
    body = client.get("/api/v1/quality/drift", headers=auth("SUP-KR1")).json()
    assert {f["feature"] for f in body["features"]} >= {"temp_c.mean", "pressure_bar.mean"}
    assert isinstance(body["retrain"], bool) and body["score"] is not None


def test_drifted_process_triggers_a_retrain(client, lots):
    from datetime import timedelta

    from onefactory.model import Reading, User
    from onefactory.services import quality_risk

    from support import NOW

    _train(client)
    admin = User("sup-kr1-admin", "SUP-KR1", "Admin", "member-admin")
    report, outcome = quality_risk.retrain_if_drifted(lots, admin, NOW, recent=40)
    assert not report.retrain and outcome is None
    with lots.write() as tx:  # pressure of the newest 40 lots jumps from 5 to 9 bar
        start = NOW - timedelta(hours=41)
        tx.readings.append_many(
            [Reading("SUP-KR1", "M1", "pressure_bar", start + timedelta(minutes=5 * k), 9.0) for k in range(40 * 12)]
        )
    report, outcome = quality_risk.retrain_if_drifted(lots, admin, NOW, window=500, recent=40)
    assert report.retrain and any("pressure_bar" in r for r in report.reasons)
    assert outcome is not None and outcome.version.controls[0].parameter == "temp_c.mean"


def test_a_control_that_is_not_a_feature_is_named_in_the_model_warnings(client, lots):
    controls = [*CONTROLS, {"parameter": "nope", "low": 0, "high": 1}]
    resp = client.post("/api/v1/quality/models/train", json={"controls": controls}, headers=auth("SUP-KR1"))
    warnings = resp.json()["model"]["warnings"]
    assert [w for w in warnings if "control" in w] == [
        "control 'nope' is not a lot feature (lot features are <signal>.mean, .std, .min, .max, .slope or .last); no advice on it"
    ]
