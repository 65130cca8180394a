"""One way to make a HiGHS instance: quietly, with logging off before any other call.

HiGHS 1.16 writes its copyright banner to the process's stdout (the C-level file
descriptor, not ``sys.stdout``) the first time an instance is created in a process, before
``output_flag`` can be set. Every planner builds its instance here so that the banner
never lands in the middle of ``onefactory up``'s console or a benchmark's JSON."""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Iterator
from typing import Any

from onefactory.model import SolverUnavailable

_FIRST = threading.Lock()


def new_highs() -> tuple[Any, Any]:
    """``(highspy, instance)`` with ``output_flag`` off; refuses clearly if highspy is missing."""
    try:
        import highspy
    except ImportError as exc:  # pragma: no cover - highspy is a dependency
        raise SolverUnavailable("highspy is not installed (pip install 'onefactory[solver]')") from exc
    with _FIRST, _quiet_stdout():
        highs = highspy.Highs()
    highs.setOptionValue("output_flag", False)
    return highspy, highs


@contextlib.contextmanager
def _quiet_stdout() -> Iterator[None]:
    saved = os.dup(1)
    try:
        with open(os.devnull, "w") as null:
            os.dup2(null.fileno(), 1)
            yield
    finally:
        os.dup2(saved, 1)
        os.close(saved)
