"""Topic value objects, wildcard matching and safe levels."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from onefactory.ingest import IngestTopic, Topic, parse_topic, safe_level, topic_matches
from onefactory.model import InvalidData

level_text = st.text(min_size=1, max_size=20).filter(
    lambda s: not any(c in s for c in "+#/\0") and s != "_" and s[:0] < "\ud800"
)
levels = st.text(st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="+#/"), min_size=1, max_size=12)


def test_levels_are_exact_strings():
    t = Topic.parse("of/00012/007/000123/1E5")
    assert (t.member, t.site, t.resource, t.signal) == ("00012", "007", "000123", "1E5")
    assert str(t) == "of/00012/007/000123/1E5"


def test_four_levels_mean_multi_signal():
    t = Topic.parse("of/A/S/M1")
    assert t.is_multi and str(t) == "of/A/S/M1/_"


def test_prefix_is_configurable():
    t = Topic.parse("acme/A/S/M1/temp", prefix="acme")
    assert t.prefix == "acme" and str(t) == "acme/A/S/M1/temp"
    with pytest.raises(InvalidData, match="must start with 'of'"):
        Topic.parse("acme/A/S/M1/temp")


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("of/A//M1/t", "level 3"),
        ("of/A/S+/M1/t", "level 3"),
        ("of/A/S/#/t", "level 4"),
        ("of/A/S/M\x001/t", "level 4"),
        (b"of/A/S/M\xff/t", "not UTF-8"),
    ],
)
def test_invalid_levels_are_refused_naming_the_level(text, named):
    with pytest.raises(InvalidData, match=named):
        Topic.parse(text)


def test_wrong_level_count_is_refused():
    with pytest.raises(InvalidData, match="6 levels"):
        Topic.parse("of/A/S/M/t/x")


def test_ingest_topic():
    t = parse_topic("of/SUP-KR1/ingest")
    assert isinstance(t, IngestTopic) and t.member == "SUP-KR1" and str(t) == "of/SUP-KR1/ingest"


@pytest.mark.parametrize(
    ("topic", "pattern", "expected"),
    [
        ("of/A/S/M/t", "of/#", True),
        ("of/A/S/M/t", "#", True),
        ("of/A/S/M/t", "of/+/S/+/t", True),
        ("of/A/S/M/t", "of/+/S/+", False),
        ("of/A/S/M/t", "of/B/#", False),
        ("of/A", "of/A/#", True),
        ("of/A/S", "of/+", False),
        ("of/A/S/M/t", "of/A/S/M/t", True),
    ],
)
def test_wildcard_matching(topic, pattern, expected):
    assert topic_matches(topic, pattern) is expected
    if topic.count("/") == 4:
        assert Topic.parse(topic).matches(pattern) is expected


@given(levels, levels, levels, levels | st.just("_"))
def test_parse_str_round_trip(member, site, resource, signal):
    t = Topic(member, site, resource, signal)
    assert Topic.parse(str(t)) == t


@given(st.text(min_size=1, max_size=300))
def test_safe_level_always_gives_a_valid_level(text):
    level = safe_level(text)
    Topic("A", "S", level, "t")  # does not raise
    assert len(level.encode("utf-8")) <= 128


@given(st.text(min_size=1, max_size=40), st.text(min_size=1, max_size=40))
def test_safe_level_keeps_distinct_texts_distinct(a, b):
    if a != b:
        assert safe_level(a) != safe_level(b)


def test_safe_level_examples():
    assert safe_level("Press\t1") == "Press%091"
    assert safe_level("Press\x001") == "Press%001"
    assert safe_level("Press#1") == "Press%231"
    assert safe_level("Press+1") == "Press%2B1"
    assert safe_level("Press\n3") == "Press%0A3"
    assert safe_level("a/b") == "a%2Fb"
    assert safe_level("Press-2") == "Press-2"
    assert safe_level("프레스-5") == "프레스-5"
    assert safe_level("_") == "%5F"
    with pytest.raises(InvalidData, match="empty"):
        safe_level("")
