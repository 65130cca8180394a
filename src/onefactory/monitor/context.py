"""Context detector: temporal surprise, first-seen value contexts and range novelty, in [0, 1].

Three views of one series, each looking back only (every score uses past and present
values), combined into a probability-like score, the shape NAB scores:

1. surprise: three exponentially weighted predictors of the value (time scales of 1, ~3
   and ~20 readings) each give a robust error in units of its own mean absolute error;
   their geometric mean (large only when every predictor fails) turns into an anomaly
   likelihood (the mean surprise of the last ``short`` readings against the ``long`` ones
   before them, as Numenta's HTM detector), on a log scale: ``-log10(tail) / 10``;
2. contexts (the idea of NAB's contextOSE): the value is binned in ``levels`` bins of the
   range seen so far; runs of one bin collapse to (bin, log2 run length) symbols; the
   score is the share of the last ``orders`` symbol sequences (lengths 1 .. ``orders``)
   never seen before;
3. range: a value outside the range seen so far by more than ``range_tolerance`` of it
   is a range novelty (as HTM's spatial anomaly); it scores from 0.5 (just outside) to 1
   (``range_full`` of the range or more outside).

Views 1 and 2 are mixed (``likelihood_weight``, ``novelty_weight``); the mix, minus
``habituation`` times its own slow moving average (time scale ``1 / habituation_alpha``
readings), is the score: a series that keeps surprising needs more to alarm than one that
rarely does. After the score reaches ``alarm_level``, or after a range novelty, it is
silenced for the next ``refractory`` readings (one event, one detection); a range novelty
silences further range novelties for ``range_refractory`` readings (a run of new maxima is
one event). The first ``warmup`` readings score 0 (no alarm on a cold start)."""

from __future__ import annotations

import math
from collections import deque

from ._refractory import settle
from ._univariate import SignalDetector

ALPHAS = (1.0, 0.3, 0.05)  # predictor time scales: last value, ~3 and ~20 readings
ERROR_ALPHA = 0.01  # time scale (~100 readings) of each predictor's mean absolute error


def log_score(z: float) -> float:
    """``-log10`` of the Gaussian upper tail of ``z``, divided by 10 and capped to [0, 1].

    Example:
        >>> log_score(0.0) < 0.05, log_score(8.0)
        (True, 1.0)
    """
    if z > 8.0:
        return 1.0
    tail = 0.5 * math.erfc(z / math.sqrt(2.0))
    return min(max(-math.log10(tail) / 10.0, 0.0), 1.0)


class _Predictors:
    """Exponentially weighted means of the value and of each mean's absolute error."""

    __slots__ = ("errors", "level", "means")

    def __init__(self, value: float) -> None:
        self.means = [value] * len(ALPHAS)
        self.errors = [0.0] * len(ALPHAS)
        self.level = value

    def surprise(self, value: float) -> float:
        floor = 1e-3 * (abs(self.level) + 1e-6)
        logs = 0.0
        for mean, error in zip(self.means, self.errors, strict=True):
            logs += math.log(abs(value - mean) / max(error, floor) + 1e-9)
        return math.log1p(min(math.exp(logs / len(ALPHAS)), 30.0))

    def learn(self, value: float) -> None:
        for k, alpha in enumerate(ALPHAS):
            self.errors[k] += ERROR_ALPHA * (abs(value - self.means[k]) - self.errors[k])
            self.means[k] += alpha * (value - self.means[k])
        self.level += ERROR_ALPHA * (value - self.level)


class _Likelihood:
    """Recent surprises and the history of their short means (running sums)."""

    __slots__ = ("history", "recent", "sq", "sum")

    def __init__(self) -> None:
        self.recent: deque[float] = deque()
        self.history: deque[float] = deque()
        self.sum = 0.0
        self.sq = 0.0

    def short_mean(self, surprise: float, short: int) -> float:
        kept = list(self.recent)[-(short - 1) :] if short > 1 else []
        return (sum(kept) + surprise) / (len(kept) + 1)

    def z(self, short_mean: float) -> float:
        n = len(self.history)
        if n == 0:
            return 0.0
        mean = self.sum / n
        var = max(self.sq / n - mean * mean, 0.0) * n / max(n - 1, 1)
        return (short_mean - mean) / max(math.sqrt(var), 1e-6)

    def learn(self, surprise: float, short_mean: float, short: int, long: int) -> None:
        self.recent.append(surprise)
        if len(self.recent) > short:
            self.recent.popleft()
        self.history.append(short_mean)
        self.sum += short_mean
        self.sq += short_mean * short_mean
        if len(self.history) > long:
            old = self.history.popleft()
            self.sum -= old
            self.sq -= old * old


class _Contexts:
    """Range seen so far, the last symbols (bin, log2 run length) and the sequences seen."""

    __slots__ = ("high", "last_bin", "low", "run", "seen", "symbols")

    def __init__(self, value: float) -> None:
        self.low = self.high = value
        self.last_bin: int | None = None
        self.run = 0
        self.symbols: list[tuple[int, int]] = []
        self.seen: set[tuple[tuple[int, int], ...]] = set()

    def bin_of(self, value: float, levels: int) -> int:
        spread = self.high - self.low
        raw = int((value - self.low) / spread * levels) if spread > 0 else 0
        return min(max(raw, -1), levels)

    def next_symbols(self, value: float, levels: int, orders: int) -> list[tuple[int, int]]:
        q = self.bin_of(value, levels)
        if q == self.last_bin:
            return [*self.symbols[:-1], (q, min(int(math.log2(self.run + 2)), 8))]
        return [*self.symbols, (q, 0)][-orders:]

    def novelty(self, symbols: list[tuple[int, int]], orders: int) -> float:
        new = sum(tuple(symbols[-k:]) not in self.seen for k in range(1, len(symbols) + 1))
        return new / orders

    def excess(self, value: float) -> float:
        """How far ``value`` lies outside the range seen so far, as a share of that range."""
        beyond = max(value - self.high, self.low - value, 0.0)
        spread = self.high - self.low
        if beyond == 0.0:
            return 0.0
        return beyond / spread if spread > 0 else math.inf

    def learn(self, value: float, symbols: list[tuple[int, int]], levels: int) -> None:
        q = self.bin_of(value, levels)
        self.run = self.run + 1 if q == self.last_bin else 0
        self.last_bin = q
        self.symbols = symbols
        self.seen.update(tuple(symbols[-k:]) for k in range(1, len(symbols) + 1))
        self.low, self.high = min(self.low, value), max(self.high, value)


class _Series:
    __slots__ = ("contexts", "count", "habit", "likelihood", "pending", "predictors", "quiet", "range_quiet")

    def __init__(self) -> None:
        self.predictors: _Predictors | None = None
        self.contexts: _Contexts | None = None
        self.likelihood = _Likelihood()
        self.habit = 0.0
        self.quiet = 0
        self.range_quiet = 0
        self.count = 0
        self.pending: tuple[float, _Step] | None = None


class _Step:
    """What scoring one value found; learning the same value commits it."""

    __slots__ = ("mixed", "outside", "range_score", "score", "short_mean", "surprise", "symbols")

    def __init__(self, surprise: float, short_mean: float, symbols: list[tuple[int, int]]) -> None:
        self.surprise = surprise
        self.short_mean = short_mean
        self.symbols = symbols
        self.mixed = 0.0
        self.score = 0.0
        self.outside = False
        self.range_score = 0.0


class ContextDetector(SignalDetector[_Series]):
    """Surprise likelihood + first-seen contexts + range novelty per signal (NAB-style scores).

    Example:
        >>> import random
        >>> rng = random.Random(1)
        >>> det = ContextDetector()
        >>> for _ in range(600):
        ...     det.learn_one({"temp_c": rng.gauss(60.0, 0.2)})
        >>> det.score_one({"temp_c": 60.1}) < 0.3, det.score_one({"temp_c": 90.0})
        (True, 1.0)
    """

    def __init__(
        self,
        short: int = 10,
        long: int = 2000,
        levels: int = 8,
        orders: int = 8,
        likelihood_weight: float = 0.3,
        novelty_weight: float = 0.6,
        habituation: float = 0.5,
        habituation_alpha: float = 0.0003,
        alarm_level: float = 0.3,
        refractory: int = 100,
        range_tolerance: float = 0.0,
        range_full: float = 0.1,
        range_refractory: int = 20,
        warmup: int = 100,
    ) -> None:
        self.short = short
        self.long = long
        self.levels = levels
        self.orders = orders
        self.likelihood_weight = likelihood_weight
        self.novelty_weight = novelty_weight
        self.habituation = habituation
        self.habituation_alpha = habituation_alpha
        self.alarm_level = alarm_level
        self.refractory = refractory
        self.range_tolerance = range_tolerance
        self.range_full = range_full
        self.range_refractory = range_refractory
        self.warmup = warmup
        self.min_samples = 1

    def _new_state(self) -> _Series:
        return _Series()

    def _count(self, state: _Series) -> int:
        return state.count

    def _step(self, state: _Series, value: float) -> _Step:
        if state.pending is not None and state.pending[0] == value:
            return state.pending[1]
        predictors, contexts = state.predictors, state.contexts
        if predictors is None or contexts is None:
            predictors, contexts = _Predictors(value), _Contexts(value)
        surprise = predictors.surprise(value)
        step = _Step(surprise, state.likelihood.short_mean(surprise, self.short), [])
        step.symbols = contexts.next_symbols(value, self.levels, self.orders)
        if state.count >= self.warmup:
            likelihood = log_score(state.likelihood.z(step.short_mean))
            novelty = contexts.novelty(step.symbols, self.orders) if state.count >= 1.5 * self.warmup else 0.0
            step.mixed = self.likelihood_weight * likelihood + self.novelty_weight * novelty
            step.score = step.mixed - self.habituation * state.habit
            excess = contexts.excess(value)
            step.outside = excess > self.range_tolerance and state.range_quiet <= 0
            step.range_score = min(0.5 + 0.5 * excess / max(self.range_full, 1e-12), 1.0)
        state.pending = (value, step)
        return step

    def _score(self, state: _Series, value: float) -> float:
        step = self._step(state, value)
        return max(0.0 if state.quiet > 0 else step.score, step.range_score if step.outside else 0.0)

    def _learn(self, state: _Series, value: float) -> None:
        step = self._step(state, value)
        alarming = state.count >= self.warmup and step.score >= self.alarm_level
        settle(
            state,
            outside=step.outside,
            alarming=alarming,
            refractory=self.refractory,
            range_refractory=self.range_refractory,
        )
        state.habit += self.habituation_alpha * (step.mixed - state.habit)
        if state.predictors is None or state.contexts is None:
            state.predictors, state.contexts = _Predictors(value), _Contexts(value)
        state.predictors.learn(value)
        state.likelihood.learn(step.surprise, step.short_mean, self.short, self.long)
        state.contexts.learn(value, step.symbols, self.levels)
        state.count += 1
        state.pending = None
