"""Fixed sentences the engines and services write as data (chart and capability notes, model
warnings, alarm messages, disruption, escalation and quality notices), shown in the page language.

The engines stay plain: they return English text, which the API and webhooks pass on as it
is. Each sentence here is a pattern whose named groups become the parameters of a
catalogue message (``i18n``); a group naming a catalogued value (a severity, an alarm
kind, an escalation role, an SPC rule's text) is translated too. Any other text (a
user's words, a sentence from a newer version) is shown as it is, so texts stored
before a sentence was catalogued still render.

Example:
    >>> translate("ko", "trial limits from 12 points; they are held once 20 points exist")
    '시험 관리한계: 12점으로 계산했습니다. 20점이 모이면 고정됩니다'
    >>> translate("ko", "no usable feature; predicting the base rate 0.000")
    '쓸 수 있는 특성이 없습니다. 기준 불량률 0.000으로 예측합니다'
    >>> translate("ko", "PO-1 at risk: major alarm on PRESS-1 (robust-z)")
    'PO-1 위험: PRESS-1의 중대 알람 (이상값 (로버스트 z 점수))'
    >>> translate("ko", "anything else")
    'anything else'
"""

from __future__ import annotations

import re
from datetime import datetime, tzinfo

from onefactory.quality.spc import RULE_TEXT

from .i18n import MESSAGES, text
from .times import format_when

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


_RULE = r"\((?P<rule>[^()]+)\)"
_KIND = r"\((?P<kind>[^()]+)\)"
_SPC = (
    r"(?P<item>\S+) (?P<code>.+?) \((?P<chart>[a-z_]+), (?P<series>[^)]+)\) at lot (?P<lot>\S+): "
    r"(?P<value>[^;]+); (?P<rule_text>[^;]+) \((?P<rule>[a-z]+-\d+)\); "
    r"limits (?P<lcl>\S+) \.\. (?P<ucl>\S+), center (?P<center>[^;\s]+)"
)
TEXTS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), key)
    for pattern, key in (
        (r"(?P<signal>\S+) (?P<value>\S+) > (?P<limit>\S+) " + _RULE, "text.above"),
        (r"(?P<signal>\S+) (?P<value>\S+) < (?P<limit>\S+) " + _RULE, "text.below"),
        (r"machine (?P<resource>\S+) anomalous \(score (?P<score>\S+) >= (?P<threshold>\S+), (?P<rule>[^()]+)\)",
         "text.machine"),
        (r"(?P<signal>\S+) (?P<value>\S+) anomalous \(score (?P<score>\S+) >= (?P<threshold>\S+), (?P<rule>[^()]+)\)",
         "text.anomalous"),
        (
            r"series limit (?P<limit>\d+) reached for member (?P<member>\S+): new series such as (?P<series>\S+) "
            r"are refused and counted \(a serial number in the resource or signal name\?\)",
            "text.series_limit",
        ),
        (_SPC, "text.spc"),
        (_SPC + r"; (?P<signals>\d+) signals in this batch", "text.spc_many"),
        (r"SPC signal on (?P<item>\S+) (?P<code>.+?): (?P<rule_text>[^:]+) \(lot (?P<lot>\S+)\)", "text.spc_subject"),
        (r"another member's order", "text.foreign_order"),
        (r"(?P<field>\w+) must be a number, got (?P<value>.+)", "text.not_a_number"),
        (r"(?P<order>\S+) at risk: (?P<severity>\S+) alarm on (?P<resource>\S+) " + _KIND, "text.at_risk"),
        (r"(?P<order>\S+) at risk: (?P<severity>\S+) alarm at a supplier 1 tier below", "text.at_risk_below_1"),
        (r"(?P<order>\S+) at risk: (?P<severity>\S+) alarm at a supplier (?P<depth>\d+) tiers below",
         "text.at_risk_below"),
        (r"alarm (?P<alarm>\S+) " + _KIND + r" on (?P<member>[^/\s]+)/(?P<resource>\S+); (?P<mo>\S+) makes "
         r"(?P<item>\S+) for it", "text.risk_reason"),
        (r"served by (?P<below>\S+), which is at risk from supplier alarm (?P<alarm>\S+)", "text.risk_reason_below"),
        (
            r"Escalation to (?P<role>.+?): (?P<severity>\S+) alarm on (?P<resource>\S+) " + _KIND
            + r", no (?P<waited>acknowledgement|clearing) after (?P<minutes>\S+) min",
            "text.escalation",
        ),
    )
)  # fmt: skip
"""Alarm messages (the rules' ``describe``, the series limit, SPC), notice subjects and bodies, the
foreign-order placeholder and form errors."""

BINDING: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), key)
    for pattern, key in (
        (r"(?P<code>\S+) of (?P<member>\S+) is full in (?P<buckets>\d+) bucket\(s\) from (?P<when>\S+) "
         r"\((?P<unit>[^()]+)\)", "binding.text.resource"),
        (r"(?P<item>\S+) at (?P<member>\S+) is bought with (?P<days>\S+) days lead time: "
         r"new supply arrives from (?P<when>\S+)", "binding.text.bought"),
        (r"(?P<item>\S+) at (?P<member>\S+) is moved from (?P<supplier>\S+) with (?P<days>\S+) days lead time: "
         r"new supply arrives from (?P<when>\S+)", "binding.text.moved"),
        (r"(?P<item>\S+) at (?P<member>\S+): existing supply of (?P<total>\S+) \((?P<refs>.*)\) is used up",
         "binding.text.material"),
        (r"routing of (?P<item>\S+) at (?P<member>\S+) is valid only from (?P<when>\S+)", "binding.text.routing"),
        (r"(?P<supply>\S+) (?P<ref>\S+) of (?P<item>\S+) at (?P<member>\S+) arrives (?P<when>\S+), "
         r"after (?P<demand>\S+) is due", "binding.text.supply"),
    )
)  # fmt: skip
"""The planners' binding-constraint details; a ``when`` group (an ISO time) is shown in the viewer's zone."""

CATALOGUED = {
    "severity": "severity.",
    "kind": "alarm_kind.",
    "role": "escalation_role.",
    "waited": "text.waited.",
    "field": "field.",
}
"""Groups whose value is itself a catalogue key (after this prefix)."""
RULE_OF_TEXT = {sentence: rule for rule, sentence in RULE_TEXT.items()}


ALL_PATTERNS = PATTERNS + TEXTS + BINDING
"""Every pattern ``translate`` tries, in order."""


def translate(lang: str, sentence: str, zone: tzinfo | None = None) -> str:
    """``sentence`` in ``lang`` when it is a catalogued fixed sentence, else unchanged; with ``zone``,
    an ISO time in a ``when`` group is shown in that zone ('2026-03-09 14:05 KST')."""
    for pattern, key in ALL_PATTERNS:
        found = pattern.fullmatch(sentence)
        if found:
            return text(lang, key, **_values(lang, _local(found.groupdict(), zone)))
    return sentence


def _local(groups: dict[str, str], zone: tzinfo | None) -> dict[str, str]:
    when = groups.get("when")
    if zone is None or when is None:
        return groups
    try:
        moment = datetime.fromisoformat(when)
    except ValueError:
        return groups
    return {**groups, "when": format_when(moment, zone) if moment.tzinfo else when}


def _values(lang: str, groups: dict[str, str]) -> dict[str, str]:
    """The groups, with catalogued values in ``lang`` (English keeps the engines' own words)."""
    if lang == "en":
        return groups
    out = dict(groups)
    for name, prefix in CATALOGUED.items():
        if name in out and prefix + out[name] in MESSAGES["en"]:
            out[name] = text(lang, prefix + out[name])
    rule = RULE_OF_TEXT.get(out.get("rule_text", ""))
    if rule is not None:
        out["rule_text"] = text(lang, f"rule.{rule}")
    return out
