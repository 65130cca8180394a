"""What an OPC UA collector reads: the server endpoint and each node's place in the cluster.

The file format (JSON or TOML, same keys; ``docs/reference/opcua.md`` has a full
example) is a top level with ``endpoint``, optional ``sampling_interval_ms`` and
defaults ``member``, ``site``, ``resource`` (alias ``device``), and a list
``nodes``. Each node has ``node_id`` and ``signal`` (alias ``channel``), may
override ``member``/``site``/``resource``, and may declare ``type``: ``boolean``
(or ``bool``) for a boolean channel; ``number`` (the default) or an OPC UA
numeric type name (``double``, ``int32``, ``uint32``, ...) for a numeric one.

Node ids are kept as written; their syntax is checked by the collector when it
subscribes, so one bad node id is reported and the other nodes still subscribe.

Example:
    >>> config = parse_config({"endpoint": "opc.tcp://127.0.0.1:4840/", "member": "SUP-KR1",
    ...     "device": "M-231", "nodes": [{"node_id": "ns=2;s=Temp", "channel": "temp", "type": "double"}]})
    >>> node = config.nodes[0]
    >>> (node.member, node.resource, node.signal, node.kind, config.sampling_interval_ms)
    ('SUP-KR1', 'M-231', 'temp', 'number', 500.0)
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from onefactory.model import InvalidData

from ._values import SignalType

__all__ = ["OpcUaConfig", "OpcUaNode", "load_config", "parse_config"]

_BOOLEAN = {"boolean", "bool"}
_NUMBER = (
    {"number", "numeric", "float", "double", "int", "integer"}
    | {f"{sign}int{bits}" for sign in ("", "u") for bits in (8, 16, 32, 64)}
    | {"sbyte", "byte"}
)


@dataclass(frozen=True, slots=True)
class OpcUaNode:
    """One OPC UA variable and the member/site/resource/signal its values are readings of."""

    node_id: str
    member: str
    resource: str
    signal: str
    site: str = ""
    kind: SignalType = "number"

    def __post_init__(self) -> None:
        for name in ("node_id", "member", "resource", "signal"):
            if not str(getattr(self, name)).strip():
                raise InvalidData(f"OPC UA node {self.node_id!r}: {name} must not be empty", field=name)
        if self.kind not in ("number", "boolean"):
            raise InvalidData(f"OPC UA node {self.node_id!r}: kind must be number or boolean, got {self.kind!r}")

    @property
    def topic(self) -> str:
        """The MQTT-style topic of this node's readings, used to file its rejections under the member."""
        return "/".join(("of", self.member, self.site, self.resource, self.signal))


@dataclass(frozen=True, slots=True)
class OpcUaConfig:
    """One server's endpoint (``opc.tcp://host:port/path``) and the nodes to subscribe to there."""

    endpoint: str
    nodes: tuple[OpcUaNode, ...]
    sampling_interval_ms: float = 500.0

    def __post_init__(self) -> None:
        if not self.endpoint.startswith("opc.tcp://"):
            raise InvalidData(f"OPC UA endpoint must start with opc.tcp://, got {self.endpoint!r}", field="endpoint")
        if not self.nodes:
            raise InvalidData(f"OPC UA config for {self.endpoint} lists no nodes", field="nodes")
        if not self.sampling_interval_ms > 0:
            raise InvalidData(f"sampling_interval_ms must be > 0, got {self.sampling_interval_ms}")
        ids = [node.node_id for node in self.nodes]
        if twice := sorted({i for i in ids if ids.count(i) > 1}):
            raise InvalidData(f"OPC UA node ids listed more than once: {', '.join(twice)}", field="nodes")

    @property
    def safe_endpoint(self) -> str:
        """The endpoint with its password masked, for logs and errors."""
        parts = urlsplit(self.endpoint)
        if parts.password is None:
            return self.endpoint
        return parts._replace(netloc=f"{parts.username}:***@{parts.netloc.rpartition('@')[2]}").geturl()


def _kind(raw: Any, where: str) -> SignalType:
    name = str(raw).strip().lower()
    if name in _BOOLEAN:
        return "boolean"
    if name in _NUMBER:
        return "number"
    raise InvalidData(f"{where}: type {raw!r} is not boolean or a number type (double, int32, ...)", field="type")


def _pick(entry: Mapping[str, Any], defaults: Mapping[str, Any], *keys: str) -> str:
    for source in (entry, defaults):
        for key in keys:
            if source.get(key) not in (None, ""):
                return str(source[key])
    return ""


def _node(entry: Any, defaults: Mapping[str, Any], where: str) -> OpcUaNode:
    if not isinstance(entry, Mapping):
        raise InvalidData(f"{where}: expected a table with node_id and signal, got {entry!r}", field="nodes")
    node_id = str(entry.get("node_id") or "")
    where = f"{where} ({node_id})" if node_id else where
    values = {
        "member": _pick(entry, defaults, "member"),
        "resource": _pick(entry, defaults, "resource", "device"),
        "signal": _pick(entry, {}, "signal", "channel"),
    }
    if missing := [name for name, value in {"node_id": node_id, **values}.items() if not value]:
        raise InvalidData(f"{where}: missing {', '.join(missing)}", field=missing[0])
    kind = _kind(entry.get("type", "number"), where)
    return OpcUaNode(node_id, site=_pick(entry, defaults, "site"), kind=kind, **values)


def parse_config(data: Mapping[str, Any], source: str = "OPC UA config") -> OpcUaConfig:
    """Build an ``OpcUaConfig`` from parsed JSON/TOML; ``InvalidData`` names the entry at fault."""
    if not isinstance(data.get("endpoint"), str):
        raise InvalidData(f"{source}: 'endpoint' (opc.tcp://host:port/path) is missing", field="endpoint")
    entries = data.get("nodes")
    if not isinstance(entries, list):
        raise InvalidData(f"{source}: 'nodes' must be a list of nodes", field="nodes")
    nodes = tuple(_node(entry, data, f"{source}: nodes[{i}]") for i, entry in enumerate(entries))
    try:
        interval = float(data.get("sampling_interval_ms", 500.0))
    except (TypeError, ValueError):
        raise InvalidData(f"{source}: sampling_interval_ms must be a number of milliseconds") from None
    return OpcUaConfig(data["endpoint"], nodes, interval)


def load_config(path: str | Path) -> OpcUaConfig:
    """Read an OPC UA collector config from a ``.json`` or ``.toml`` file."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text) if path.suffix.lower() == ".toml" else json.loads(text)
    except OSError as exc:
        raise InvalidData(f"cannot read OPC UA config {path}: {exc.strerror or exc}") from exc
    except (ValueError, tomllib.TOMLDecodeError) as exc:
        raise InvalidData(f"OPC UA config {path} is not valid {path.suffix.lstrip('.') or 'JSON'}: {exc}") from exc
    if not isinstance(data, Mapping):
        raise InvalidData(f"OPC UA config {path} must hold a table/object at the top level")
    return parse_config(data, source=str(path))
