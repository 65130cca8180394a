"""Where a failure prediction goes wrong, by failure mode: the AI4I mode columns are read only
after prediction, to count the missed failures and false alarms of each mode, never as inputs.

>>> modes = mode_names(pd.DataFrame({"TWF": [1, 0, 0, 0], "OSF": [1, 1, 0, 0]}), ("TWF", "OSF"))
>>> modes.tolist()
['TWF+OSF', 'OSF', 'none', 'none']
>>> errors_by_mode(modes, np.array([1, 1, 0, 0]), np.array([0, 1, 1, 0]))
{'missed': {'TWF+OSF': 1}, 'false_alarms': {'none': 1}}
"""

from __future__ import annotations

from collections import Counter

import numpy as np
import pandas as pd

NO_MODE = "none"


def mode_names(raw: pd.DataFrame, columns: tuple[str, ...]) -> np.ndarray:
    """Each row's flagged mode columns joined by ``+`` (in ``columns`` order), or ``none``."""
    flagged = raw[list(columns)].to_numpy(dtype=int) == 1
    return np.array(["+".join(c for c, on in zip(columns, row, strict=True) if on) or NO_MODE for row in flagged])


def errors_by_mode(modes: np.ndarray, truth: np.ndarray, predicted: np.ndarray) -> dict[str, dict[str, int]]:
    """Counts, per mode name, of failures not flagged and of flagged rows that did not fail."""
    truth, predicted = np.asarray(truth, dtype=int), np.asarray(predicted, dtype=int)
    if not modes.size == truth.size == predicted.size:
        raise ValueError(f"{modes.size} mode names for {truth.size} labels and {predicted.size} predictions")
    missed = Counter(modes[(truth == 1) & (predicted == 0)].tolist())
    false_alarms = Counter(modes[(truth == 0) & (predicted == 1)].tolist())
    return {"missed": dict(sorted(missed.items())), "false_alarms": dict(sorted(false_alarms.items()))}
