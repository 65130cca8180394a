"""Telemetry in: topics, the pure codec, and MQTT adapters.

- ``topics``: ``Topic``/``IngestTopic`` value objects, wildcard matching, ``safe_level``.
- ``codec`` (pure): ``decode`` / ``decode_lenient`` / ``encode``; payload rules and
  the bad-data policy are in its docstring (helpers: ``_json``, ``_times``,
  ``_values``, ``_samples``).
- ``broker``: ``EmbeddedBroker``, amqtt in its own thread (plugins: ``_broker_plugins``);
  ``denials``: ``DeniedPublishes``, the publishes its ACL refused, per user and topic prefix.
- ``mqtt``: ``TelemetrySubscriber`` on paho-mqtt; ``publisher``: ``Publisher``, ``publish_many``, ``packet_bytes``
  (both also importable from ``mqtt``).
- ``states`` (pure): ``MachineStates``, the last known state per machine from state
  topics (``TelemetrySubscriber(states=...)`` feeds it and marks it stale on a lost link).
- ``urls``: ``BrokerUrl``. ``replay``: a recorded series replayed as live telemetry.
- ``opcua``: ``OpcUaCollector`` on asyncua, one session per member's server (helpers:
  ``_opcua_session``, the value and time policy in ``_opcua_values``, the callback
  worker ``_handover``); ``opcua_config``: ``OpcUaConfig``/``OpcUaNode`` and ``load_config``.
"""

from .broker import EmbeddedBroker
from .codec import (
    DecodeOptions,
    DecodeResult,
    InvalidMessage,
    Rejection,
    decode,
    decode_lenient,
    encode,
    encode_value,
    ingest_topic,
    natural_key,
    resource_topic,
)
from .denials import DeniedPublishes
from .mqtt import Publisher, SubscriberStats, TelemetrySubscriber, publish_many
from .opcua import CollectorStats, DataGap, OpcUaCollector
from .opcua_config import OpcUaConfig, OpcUaNode, load_config, parse_config
from .publisher import packet_bytes
from .replay import ReplayHandle, Step, load_series_csv, replay_series, schedule
from .states import MachineStates, MachineStatus
from .topics import IngestTopic, Topic, parse_topic, safe_level, topic_matches
from .urls import BrokerUrl

__all__ = [
    "BrokerUrl",
    "CollectorStats",
    "DataGap",
    "DecodeOptions",
    "DecodeResult",
    "DeniedPublishes",
    "EmbeddedBroker",
    "IngestTopic",
    "InvalidMessage",
    "MachineStates",
    "MachineStatus",
    "OpcUaCollector",
    "OpcUaConfig",
    "OpcUaNode",
    "Publisher",
    "Rejection",
    "ReplayHandle",
    "Step",
    "SubscriberStats",
    "TelemetrySubscriber",
    "Topic",
    "decode",
    "decode_lenient",
    "encode",
    "encode_value",
    "ingest_topic",
    "load_config",
    "load_series_csv",
    "natural_key",
    "packet_bytes",
    "parse_config",
    "parse_topic",
    "publish_many",
    "replay_series",
    "resource_topic",
    "safe_level",
    "schedule",
    "topic_matches",
]
