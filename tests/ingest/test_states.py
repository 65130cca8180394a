"""MachineStates: the last known state per machine, stale after a lost link, never a guessed default."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from onefactory.ingest import MachineStates
from onefactory.model import InvalidData

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
TOPIC = "plant/P1/line/L01/M001/state"


def test_the_machine_is_the_whole_path_before_the_state_level():
    states = MachineStates("plant/+/line/#")
    states.update_one(TOPIC, b'{"state": "RUNNING"}', NOW)
    states.update_one("plant/P1/line/L02/M001/state", b'{"state": "IDLE"}', NOW)
    assert sorted(states.snapshot()) == ["plant/P1/line/L01/M001", "plant/P1/line/L02/M001"]
    assert states.handles(TOPIC) and not states.handles("plant/P1/line/L01/M001/temp")
    assert not states.handles("of/SUP-A/S1/M-1/state")


def test_the_newest_state_wins_and_an_older_one_is_ignored():
    states = MachineStates()
    states.update_one(TOPIC, b'{"state": "RUNNING", "ts": "2026-03-02T09:00:05Z"}', NOW)
    states.update_one(TOPIC, b'{"state": "STOPPED", "ts": "2026-03-02T09:00:01Z"}', NOW)
    status = states.snapshot()["plant/P1/line/L01/M001"]
    assert (status.state, status.updated_at) == ("RUNNING", NOW + timedelta(seconds=5))


def test_a_lost_link_makes_every_state_unknown_and_keeps_the_last_one():
    states = MachineStates()
    states.update_one(TOPIC, b'{"state": "IDLE"}', NOW)
    assert states.mark_stale() == 1
    status = states.snapshot()["plant/P1/line/L01/M001"]
    assert (status.state, status.last_state, status.updated_at, status.current) == ("UNKNOWN", "IDLE", NOW, False)
    states.update_one(TOPIC, b'{"state": "IDLE"}', NOW)  # the retained state again
    assert states.counts() == {"IDLE": 1}


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        (b"RUNNING", "payload"),
        (b'{"state": ""}', "state"),
        (b'{"state": 0}', "state"),
        (b"[1]", "state"),
        (b'{"state": "UNKNOWN"}', "state"),
        (b'{"state": "IDLE", "ts": "yesterday"}', "ts"),
    ],
)
def test_a_bad_state_message_is_refused_naming_the_field(payload, field):
    with pytest.raises(InvalidData) as caught:
        MachineStates().update_one(TOPIC, payload, NOW)
    assert caught.value.field == field
