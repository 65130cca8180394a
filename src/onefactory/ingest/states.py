"""Machine states from MQTT state topics: the last known state per machine, and when it went stale.

Machines publish their state, usually retained, on topics such as
``plant/P1/line/L01/M001/state`` with ``{"state": "RUNNING", "ts": ...}``. The
machine is the topic up to the level before ``state_level`` (the whole path, since
``M001`` repeats across lines). ``MachineStates`` keeps one ``MachineStatus`` per
machine; ``update_one`` applies a message (the newest wins, a repeat changes
nothing), and ``mark_stale`` is called when the link to the broker is lost:
every state is then unknown (``state`` is ``UNKNOWN``) while the last known state
and its time are kept. A state received again, retained or fresh, makes the
machine current. Nothing defaults to IDLE or STOPPED. Safe across threads.

Example:
    >>> from datetime import datetime, UTC
    >>> now = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    >>> states = MachineStates("plant/+/line/#")
    >>> states.update_one("plant/P1/line/L01/M001/state", b'{"state": "RUNNING"}', now).state
    'RUNNING'
    >>> states.mark_stale(), states.counts()
    (1, {'UNKNOWN': 1})
"""

from __future__ import annotations

import json
import threading
from collections import Counter
from dataclasses import dataclass, replace
from datetime import datetime

from onefactory.model import InvalidData

from ._times import TimeRefused, read_time
from .topics import topic_matches

UNKNOWN = "UNKNOWN"


@dataclass(frozen=True, slots=True)
class MachineStatus:
    """The last state a machine reported, when, and whether it is still current."""

    machine: str
    last_state: str
    updated_at: datetime
    current: bool = True

    @property
    def state(self) -> str:
        """``last_state`` while current, else ``UNKNOWN`` (never a guessed IDLE or STOPPED)."""
        return self.last_state if self.current else UNKNOWN


def read_state(payload: bytes, received_at: datetime) -> tuple[str, datetime]:
    """The state text and its time (``ts``, else ``received_at``) of one state message; InvalidData if bad."""
    try:
        document = json.loads(payload.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise InvalidData("state message is not JSON text", field="payload") from None
    state = document.get("state") if isinstance(document, dict) else None
    if not isinstance(state, str) or not state.strip() or state.strip().upper() == UNKNOWN:
        raise InvalidData(f"state must be a non-empty text, got {state!r}", field="state")
    try:
        at = read_time(document["ts"]) if document.get("ts") is not None else received_at
    except TimeRefused as exc:
        raise InvalidData(f"state time: {exc}", field="ts") from None
    return state.strip(), at


class MachineStates:
    """Last known state per machine from topics matching ``topic_filter`` (see module doc)."""

    def __init__(self, topic_filter: str = "plant/+/line/#", state_level: str = "state") -> None:
        self.topic_filter = topic_filter
        self.state_level = state_level
        self._machines: dict[str, MachineStatus] = {}
        self._lock = threading.Lock()

    def handles(self, topic: str) -> bool:
        """True if ``topic`` is a state topic of this tracker."""
        return topic_matches(topic, self.topic_filter) and topic.rsplit("/", 1)[-1] == self.state_level

    def update_one(self, topic: str, payload: bytes, received_at: datetime) -> MachineStatus:
        """Apply one state message and return the machine's status; one older than the state held is ignored."""
        state, at = read_state(payload, received_at)
        machine = topic.rsplit("/", 1)[0]
        with self._lock:
            held = self._machines.get(machine)
            if held is None or at >= held.updated_at:
                held = self._machines[machine] = MachineStatus(machine, state, at)
        return held

    def mark_stale(self) -> int:
        """The broker link was lost: every state becomes unknown; return how many machines."""
        with self._lock:
            self._machines = {k: replace(v, current=False) for k, v in self._machines.items()}
            return len(self._machines)

    def snapshot(self) -> dict[str, MachineStatus]:
        """A copy of every machine's status, by machine."""
        with self._lock:
            return dict(self._machines)

    def counts(self) -> dict[str, int]:
        """Machines per shown state (``UNKNOWN`` for stale ones)."""
        return dict(Counter(status.state for status in self.snapshot().values()))
