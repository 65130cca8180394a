"""The defaults docs/reference/alarm-rules.md names are the ones the code uses."""

import re

from onefactory.monitor.rule_config import DEFAULT_CONFIG, rules_from_config
from onefactory.monitor.rules import ThresholdRule

from support import REPO

DOC = REPO / "docs" / "reference" / "alarm-rules.md"
MINIMAL = {"rules": [{"name": "t", "signal": "*", "above": 1.0}]}


def _documented_defaults() -> dict[str, str]:
    """``key = ...  # ... (default X...)`` lines of the doc's TOML example: key -> X."""
    found = re.findall(r"^(\w+) = .*# .*\(default:? ([^;)]+)", DOC.read_text(encoding="utf-8"), re.MULTILINE)
    return {key: value.strip() for key, value in found}


def test_documented_file_defaults_are_the_code_defaults():
    defaults = _documented_defaults()
    rules = rules_from_config(MINIMAL)
    [rule] = rules.rules
    assert defaults == {
        "raise_after": str(rules.raise_after),
        "clear_after": str(rules.clear_after),
        "clear_below": "the limit",
        "severity": rule.severity.value,
    }
    assert isinstance(rule, ThresholdRule) and rule.clear_below == rule.above


def test_documented_built_in_rules_are_default_config():
    text = " ".join(DOC.read_text(encoding="utf-8").split())
    robust, stuck = DEFAULT_CONFIG["rules"]
    assert f"`raise_after = {DEFAULT_CONFIG['raise_after']}`" in text
    assert f"`clear_after = {DEFAULT_CONFIG['clear_after']}`" in text
    assert f"built-in rules: {DEFAULT_CONFIG['clear_after']})" in text
    assert f"over {robust['params']['window']} samples) of {robust['threshold']:g} or more" in text
    assert f"({stuck['params']['min_run']} identical samples in a row)" in text
