"""The quiet periods shared by the range-novelty detectors (context, resonance): after a
value outside the range seen so far, and after an alarm, a series stays quiet for a while,
since NAB-style scoring counts only the first detection in a window."""

from __future__ import annotations

from typing import Protocol


class Quiet(Protocol):
    """A series' countdowns: readings left before a score, or a new range novelty, may alarm."""

    quiet: int
    range_quiet: int


def settle(state: Quiet, *, outside: bool, alarming: bool, refractory: int, range_refractory: int) -> None:
    """Advance the countdowns by one reading: a range novelty restarts both, an alarm the
    main one; otherwise they count down."""
    if outside:
        state.quiet = max(state.quiet, refractory)
        state.range_quiet = range_refractory
        return
    state.range_quiet = max(state.range_quiet - 1, 0)
    if state.quiet > 0:
        state.quiet -= 1
    elif alarming:
        state.quiet = refractory
