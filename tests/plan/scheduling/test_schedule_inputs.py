"""Shop scheduling input in the demo: naive times, durations beyond the bound, a resource kept
down that the shop lacks and a job code given twice are a 422 naming them; a due on a whole
minute is echoed as given even when the clock has seconds."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from support import bearer, demo_api

NOW = datetime(2026, 12, 4, 10, 31, 8, 131718, tzinfo=UTC)
URL, SEOHAN = "/api/v1/members/SEOHAN/schedule", bearer("demo-SEOHAN-admin")


@pytest.fixture(scope="module")
def api():
    with demo_api(NOW) as c:
        yield c


def job(code: str, minutes: int = 90, **times: str) -> dict:
    return {"code": code, "steps": [{"options": [{"resource": "MODLINE-1", "minutes": minutes}]}], **times}


@pytest.mark.parametrize(
    ("body", "field", "reason"),
    [
        ({"jobs": [job("J1")], "down_until": {"MODLINE-1": "2026-12-04T15:00:00"}},
         "body.down_until.MODLINE-1", "Input should have timezone info"),
        ({"jobs": [job("J1", due="2026-12-04T11:00:00")]}, "body.jobs.0.due", "Input should have timezone info"),
        ({"jobs": [job("J1", release="2026-12-04T11:00:00")]},
         "body.jobs.0.release", "Input should have timezone info"),
        ({"jobs": [job("J1", minutes=99999999999)]},
         "body.jobs.0.steps.0.options.0.minutes", "Input should be less than or equal to 5256000"),
        ({"jobs": [job("J1")], "machines": {"MODLINE-1": 10**12}},
         "body.machines.MODLINE-1", "Input should be less than or equal to 1000"),
    ],
)  # fmt: skip
def test_naive_times_and_endless_steps_are_refused_naming_the_field(api, body, field, reason):
    answer = api.post(URL, json=body, headers=SEOHAN)
    assert answer.status_code == 422
    assert [(e["field"], e["reason"]) for e in answer.json()["errors"]] == [(field, reason)]


def test_an_unknown_resource_kept_down_and_a_repeated_job_code_are_named(api):
    down = {"jobs": [job("J1")], "down_until": {"NOPE-9": "2026-12-04T15:00:00Z", "MODLINE-1": "2026-12-04T15:00Z"}}
    answer = api.post(URL, json=down, headers=SEOHAN)
    assert (answer.status_code, answer.json()["field"]) == (422, "down_until")
    assert answer.json()["detail"] == "down_until names unknown resource(s) of SEOHAN: NOPE-9"
    twice = api.post(URL, json={"jobs": [job("J1"), job("J2"), job("J1")]}, headers=SEOHAN)
    assert (twice.status_code, twice.json()["field"]) == (422, "jobs[2].code")  # the API names the element
    assert twice.json()["detail"] == "jobs[2]: code 'J1' is given twice in this batch (first at jobs[0])"


def test_a_due_on_a_whole_minute_is_echoed_as_given_and_the_origin_has_an_offset(api):
    answer = api.post(URL, json={"jobs": [job("J1", due="2026-12-04T11:00:00Z")]}, headers=SEOHAN)
    assert answer.status_code == 200
    body = answer.json()
    assert body["origin"] == "2026-12-04T10:32:00Z"  # the clock's next whole minute: nothing starts before now
    assert [(s["start"], s["end"]) for s in body["steps"]] == [("2026-12-04T10:32:00Z", "2026-12-04T12:02:00Z")]
    assert [(x["due"], x["minutes_late"]) for x in body["late"]] == [("2026-12-04T11:00:00Z", 62)]
