"""The platform process's garbage-collector set-up (decision 0010)."""

import gc

from onefactory.runtime import GC_THRESHOLDS, steady_collector


def test_steady_collector_freezes_what_exists_and_raises_the_thresholds():
    before = gc.get_threshold()
    try:
        steady_collector()
        assert gc.get_threshold() == GC_THRESHOLDS == (20_000, 20, 20)
        assert gc.get_freeze_count() > 1000  # start-up objects no longer walked by collections
        made = [[i] for i in range(100)]  # objects made afterwards are collected as usual
        assert all(gc.is_tracked(x) for x in made) and gc.get_count()[0] > 0
    finally:
        gc.unfreeze()
        gc.set_threshold(*before)
