"""The OPC UA collector's config files and its pure value/time policy (no server needed)."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta, timezone

import pytest

from onefactory.config import Settings
from onefactory.ingest import OpcUaConfig, OpcUaNode, load_config, parse_config
from onefactory.ingest._opcua_values import Sample, sample_time, sample_value
from onefactory.model import InvalidData
from onefactory.platform import Platform

from support import REPO

RECEIVED = datetime(2026, 3, 2, 5, 0, 30, tzinfo=UTC)
KST = timezone(timedelta(hours=9))


def test_h023_node_file_loads_as_is(shared):
    config = load_config(shared / "hazards" / "H023" / "nodes.json")
    assert config.endpoint == "opc.tcp://127.0.0.1:4841/h023/" and config.sampling_interval_ms == 500
    assert config.nodes == (
        OpcUaNode("ns=2;s=Line1.M231.Temp", "SUP-KR1", "M-231", "temp"),
        OpcUaNode("ns=2;s=Line1.M231.Counter", "SUP-KR1", "M-231", "counter"),
    )


def test_toml_and_json_files_with_per_node_overrides_give_the_same_config(tmp_path):
    toml = """endpoint = "opc.tcp://10.0.0.5:4840/press"
member = "SUP-A"
site = "S1"
resource = "PRESS-7"
sampling_interval_ms = 250

[[nodes]]
node_id = "ns=3;i=1001"
signal = "temp_c"

[[nodes]]
node_id = "ns=3;s=Door"
signal = "door_open"
type = "boolean"
resource = "CELL-2"
"""
    (tmp_path / "a.toml").write_text(toml, encoding="utf-8")
    data = {
        "endpoint": "opc.tcp://10.0.0.5:4840/press",
        "member": "SUP-A",
        "site": "S1",
        "device": "PRESS-7",
        "sampling_interval_ms": 250,
        "nodes": [
            {"node_id": "ns=3;i=1001", "channel": "temp_c", "type": "Double"},
            {"node_id": "ns=3;s=Door", "channel": "door_open", "type": "bool", "device": "CELL-2"},
        ],
    }
    (tmp_path / "a.json").write_text(json.dumps(data), encoding="utf-8")
    from_toml, from_json = load_config(tmp_path / "a.toml"), load_config(tmp_path / "a.json")
    assert from_toml == from_json
    assert from_toml.nodes[1] == OpcUaNode("ns=3;s=Door", "SUP-A", "CELL-2", "door_open", "S1", "boolean")
    assert from_toml.nodes[0].topic == "of/SUP-A/S1/PRESS-7/temp_c"


def test_the_documented_example_config_loads():
    doc = (REPO / "docs" / "reference" / "opcua.md").read_text(encoding="utf-8")
    example = doc.split("```json\n", 1)[1].split("```", 1)[0]
    config = parse_config(json.loads(example))
    assert len(config.nodes) == 3 and {n.kind for n in config.nodes} == {"number", "boolean"}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"nodes": []}, "'endpoint' (opc.tcp://host:port/path) is missing"),
        (
            {"endpoint": "http://x", "member": "M", "resource": "R", "nodes": [{"node_id": "i=1", "signal": "s"}]},
            "must start with opc.tcp://",
        ),
        ({"endpoint": "opc.tcp://h:1", "nodes": []}, "lists no nodes"),
        (
            {"endpoint": "opc.tcp://h:1", "member": "M", "nodes": [{"node_id": "ns=2;s=A", "signal": "s"}]},
            "nodes[0] (ns=2;s=A): missing resource",
        ),
        (
            {"endpoint": "opc.tcp://h:1", "member": "M", "resource": "R", "nodes": [{"node_id": "ns=2;s=A"}]},
            "nodes[0] (ns=2;s=A): missing signal",
        ),
        (
            {
                "endpoint": "opc.tcp://h:1",
                "member": "M",
                "resource": "R",
                "nodes": [{"node_id": "ns=2;s=A", "signal": "s", "type": "text"}],
            },
            "nodes[0] (ns=2;s=A): type 'text' is not boolean or a number type",
        ),
        (
            {
                "endpoint": "opc.tcp://h:1",
                "member": "M",
                "resource": "R",
                "nodes": [{"node_id": "ns=2;s=A", "signal": "s"}, {"node_id": "ns=2;s=A", "signal": "t"}],
            },
            "listed more than once: ns=2;s=A",
        ),
    ],
)
def test_a_bad_config_is_refused_naming_the_entry(data, message):
    with pytest.raises(InvalidData) as caught:
        parse_config(data)
    assert message in str(caught.value)


def test_an_unreadable_file_is_refused_naming_it(tmp_path):
    (tmp_path / "bad.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(InvalidData, match="bad.json is not valid json"):
        load_config(tmp_path / "bad.json")
    with pytest.raises(InvalidData, match="cannot read OPC UA config .*missing.toml"):
        load_config(tmp_path / "missing.toml")


@pytest.mark.parametrize(
    ("sample", "kind", "expected"),
    [
        (Sample(21.5, "Double"), "number", 21.5),
        (Sample(7, "Int16"), "number", 7.0),
        (Sample(2**53, "UInt64"), "number", float(2**53)),
        (Sample("100.00", "String"), "number", 100.0),
        (Sample(True, "Boolean"), "boolean", 1.0),
        (Sample(False, "Boolean"), "boolean", 0.0),
        (Sample(float("-inf"), "Double"), "number", "non-finite value -inf (Double)"),
        (Sample(1.7e308, "Double"), "number", "value 1.7e+308 (Double) is beyond the reading limit of ±1e+300"),
        (Sample(-1e300, "Double"), "number", -1e300),
        (Sample("NaN", "String"), "number", "non-finite value 'NaN'"),
        (Sample(2**53 + 1, "UInt64"), "number", "UInt64 9007199254740993 cannot be kept exactly"),
        (Sample(True, "Boolean"), "number", "type mismatch: numeric channel, server sent Boolean true"),
        (Sample(1, "Int32"), "boolean", "type mismatch: boolean channel, server sent Int32 1"),
        (Sample(None, "Null"), "number", "value is null (Null)"),
        (Sample([1.0, 2.0], "Double"), "number", "expected one value, got an array of 2 Double"),
        (Sample(b"\x01", "ByteString"), "number", "type mismatch: numeric channel, server sent ByteString"),
        (Sample(20.0, "Double", "UncertainLastUsableValue"), "number", "status UncertainLastUsableValue, not Good"),
    ],
)
def test_sample_values_follow_the_codecs_policy(sample, kind, expected):
    if isinstance(expected, float):
        assert sample_value(sample, kind) == expected
    else:
        with pytest.raises(ValueError, match="^" + re.escape(expected)):
            sample_value(sample, kind)


def test_time_is_source_then_server_then_received_and_always_utc():
    source, server = datetime(2026, 3, 2, 14, 0, tzinfo=KST), datetime(2026, 3, 2, 5, 0, 10)
    assert sample_time(Sample(1.0, "Double", source_ts=source, server_ts=server), RECEIVED) == RECEIVED.replace(
        second=0
    )
    assert sample_time(Sample(1.0, "Double", server_ts=server), RECEIVED) == server.replace(tzinfo=UTC)
    assert sample_time(Sample(1.0, "Double", source_ts=datetime(1601, 1, 1)), RECEIVED) == RECEIVED  # OPC UA null
    assert sample_time(Sample(1.0, "Double"), RECEIVED) == RECEIVED


def test_a_source_time_far_ahead_of_receipt_is_refused():
    with pytest.raises(ValueError, match="ahead of receipt"):
        sample_time(Sample(1.0, "Double", source_ts=RECEIVED + timedelta(days=2)), RECEIVED)


def test_config_types_refuse_empty_fields():
    with pytest.raises(InvalidData, match="signal must not be empty"):
        OpcUaNode("ns=2;s=A", "M", "R", " ")
    with pytest.raises(InvalidData, match="sampling_interval_ms must be > 0"):
        OpcUaConfig("opc.tcp://h:1", (OpcUaNode("ns=2;s=A", "M", "R", "s"),), 0)


def test_up_with_a_bad_mapping_file_stops_before_anything_starts(tmp_path):
    (tmp_path / "opcua.json").write_text('{"endpoint": "opc.tcp://h:1/", "nodes": [{"node_id": "ns=2;s=A"}]}')
    platform = Platform(Settings(data_dir=tmp_path / "var", telemetry=False, opcua_config=tmp_path / "opcua.json"))
    with pytest.raises(InvalidData, match=r"nodes\[0\] \(ns=2;s=A\): missing member, resource, signal"):
        platform.start()
    assert not (tmp_path / "var").exists()  # no store was opened
