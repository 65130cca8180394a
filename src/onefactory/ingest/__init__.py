"""Telemetry in: topics, the pure codec, and MQTT adapters.

- ``topics``: ``Topic``/``IngestTopic`` value objects, wildcard matching, ``safe_level``.
- ``codec`` (pure): ``decode`` / ``decode_lenient`` / ``encode``; payload rules and
  the bad-data policy are in its docstring (helpers: ``_json``, ``_times``,
  ``_values``, ``_samples``).
- ``broker``: ``EmbeddedBroker``, amqtt in its own thread (plugins: ``_broker_plugins``).
- ``mqtt``: ``TelemetrySubscriber`` on paho-mqtt; ``publisher``: ``Publisher``, ``publish_many``, ``packet_bytes``
  (both also importable from ``mqtt``).
- ``states`` (pure): ``MachineStates``, the last known state per machine from state
  topics (``TelemetrySubscriber(states=...)`` feeds it and marks it stale on a lost link).
- ``urls``: ``BrokerUrl``. ``replay``: a recorded series replayed as live telemetry.
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
from .mqtt import Publisher, SubscriberStats, TelemetrySubscriber, publish_many
from .publisher import packet_bytes
from .replay import ReplayHandle, Step, load_series_csv, replay_series, schedule
from .states import MachineStates, MachineStatus
from .topics import IngestTopic, Topic, parse_topic, safe_level, topic_matches
from .urls import BrokerUrl

__all__ = [
    "BrokerUrl",
    "DecodeOptions",
    "DecodeResult",
    "EmbeddedBroker",
    "IngestTopic",
    "InvalidMessage",
    "MachineStates",
    "MachineStatus",
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
    "load_series_csv",
    "natural_key",
    "packet_bytes",
    "parse_topic",
    "publish_many",
    "replay_series",
    "resource_topic",
    "safe_level",
    "schedule",
    "topic_matches",
]
