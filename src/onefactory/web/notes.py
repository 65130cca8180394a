"""Fixed sentences the engines write as data (chart and capability notes, model warnings),
shown in the page language.

The engines stay plain: they return English text. Each sentence here is a pattern
whose named groups become the parameters of a catalogue message (``i18n``); any
other text is shown as it is.

Example:
    >>> translate("ko", "trial limits from 12 points; they are held once 20 points exist")
    '시험 관리한계: 12점으로 계산했습니다. 20점이 모이면 고정됩니다'
    >>> translate("ko", "no usable feature; predicting the base rate 0.000")
    '쓸 수 있는 특성이 없습니다. 기준 불량률 0.000으로 예측합니다'
    >>> translate("ko", "anything else")
    'anything else'
"""

from __future__ import annotations

import re

from .i18n import text

PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), key)
    for pattern, key in (
        (r"trial limits from (?P<count>\d+) points; they are held once (?P<baseline>\d+) points exist", "note.trial"),
        (
            r"no variation in the baseline: limits equal the center line and any other value is a signal",
            "note.no_variation",
        ),
        (r"no spread in the data \(sigma is 0\): capability indices are undefined", "note.no_spread"),
        (r"one specification limit only: Cp and Pp need both; Cpk and Ppk are one-sided", "note.one_limit"),
        (r"no usable feature; predicting the base rate (?P<rate>[\d.]+)", "note.no_feature"),
        (r"only one class in training window; predicting the base rate (?P<rate>[\d.]+)", "note.one_class"),
        (r"model trained on one class; every lot gets the base rate (?P<rate>[\d.]+)", "note.one_class_model"),
        (r"imbalanced window: (?P<failed>\d+) failed of (?P<lots>\d+) lots", "note.imbalanced"),
        (
            r"no failed lot in the time-ordered validation slices; probabilities not calibrated",
            "note.not_calibrated",
        ),
        (r"feature (?P<feature>'[^']*') has no values in the training window; dropped", "note.feature_dropped"),
        (r"feature (?P<feature>'[^']*') missing at prediction time; treated as missing", "note.feature_missing"),
        (
            r"only (?P<failed>\d+) failed lot\(s\) in the training window \(need (?P<need>\d+)\); not put in service",
            "note.too_few_failed",
        ),
    )
)


def translate(lang: str, sentence: str) -> str:
    """``sentence`` in ``lang`` when it is a catalogued fixed sentence, else unchanged."""
    for pattern, key in PATTERNS:
        found = pattern.fullmatch(sentence)
        if found:
            return text(lang, key, **found.groupdict())
    return sentence
