"""One asyncua client session for the OPC UA collector: connect, subscribe, close.

Everything here runs on the collector's event loop. Each session is a fresh
``asyncua.Client`` with asyncua's own reconnect switched off: the collector
reconnects by opening a new session and creating the subscription once on it,
so a server that restarted never holds duplicated monitored items.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from typing import Any

from asyncua import Client, ua
from asyncua.common.subscription import DataChangeNotif

from ._opcua_values import Sample
from .opcua_config import OpcUaConfig, OpcUaNode

logger = logging.getLogger(__name__)
SESSION_TIMEOUT_MS = 60_000  # a session the collector lost is dropped by the server after this
QUEUE_SIZE = 10  # samples the server keeps per node between two publish responses

OnSample = Callable[[OpcUaNode, Sample], None]
OnLost = Callable[[str], None]


@dataclass(slots=True)
class Subscribed:
    """The outcome of subscribing: node ids (as the server writes them) mapped to nodes, and refusals."""

    nodes: dict[str, OpcUaNode] = field(default_factory=dict)
    refused: dict[str, str] = field(default_factory=dict)  # node id as configured -> reason


class _Handler:
    """asyncua subscription callbacks, translated to plain samples and a loss signal."""

    def __init__(self, nodes: dict[str, OpcUaNode], on_sample: OnSample, on_lost: OnLost) -> None:
        self.nodes = nodes
        self.on_sample = on_sample
        self.on_lost = on_lost

    def datachange_notification(self, node: Any, val: Any, data: DataChangeNotif) -> None:
        configured = self.nodes.get(node.nodeid.to_string())
        if configured is not None:
            self.on_sample(configured, sample_of(data))

    def status_change_notification(self, status: ua.StatusChangeNotification) -> None:
        self.on_lost(f"subscription status {status.Status.name}")


def sample_of(data: DataChangeNotif) -> Sample:
    """The plain sample inside an asyncua data-change notification."""
    value = data.monitored_item.Value
    variant = value.Value
    kind = variant.VariantType.name if variant is not None else "Null"
    status = value.StatusCode.name if value.StatusCode is not None else "Good"
    raw = variant.Value if variant is not None else None
    return Sample(raw, kind, status, value.SourceTimestamp, value.ServerTimestamp)


async def connect(endpoint: str, timeout_s: float, watchdog_s: float, on_lost: OnLost) -> Client:
    """A connected client whose loss (socket closed, watchdog probe failed) calls ``on_lost``."""
    client = Client(endpoint, timeout=timeout_s, watchdog_intervall=watchdog_s, auto_reconnect=False)
    client.session_timeout = SESSION_TIMEOUT_MS

    async def lost(exc: Exception) -> None:
        on_lost(f"connection lost: {exc!r}")

    client.connection_lost_callback = lost
    await client.connect()
    return client


def _parse(nodes: tuple[OpcUaNode, ...], result: Subscribed) -> dict[str, tuple[ua.NodeId, OpcUaNode]]:
    parsed: dict[str, tuple[ua.NodeId, OpcUaNode]] = {}
    for node in nodes:
        try:
            node_id = ua.NodeId.from_string(node.node_id)
        except ua.UaError:
            result.refused[node.node_id] = f"node id {node.node_id!r} is not valid OPC UA syntax (e.g. ns=2;s=Name)"
            continue
        parsed[node_id.to_string()] = (node_id, node)
    return parsed


async def subscribe(client: Client, config: OpcUaConfig, on_sample: OnSample, on_lost: OnLost) -> Subscribed:
    """Create one subscription with one monitored item per valid node; refused nodes are listed."""
    result = Subscribed()
    parsed = _parse(config.nodes, result)
    handler = _Handler(result.nodes, on_sample, on_lost)
    subscription = await client.create_subscription(config.sampling_interval_ms, handler)
    if not parsed:
        return result
    result.nodes.update({key: node for key, (_, node) in parsed.items()})  # first values may come at once
    handles = [client.get_node(node_id) for node_id, _ in parsed.values()]
    outcomes = await subscription.subscribe_data_change(
        handles, queuesize=QUEUE_SIZE, sampling_interval=config.sampling_interval_ms
    )
    for (key, (_, node)), outcome in zip(parsed.items(), outcomes, strict=True):
        if isinstance(outcome, ua.StatusCode):
            result.refused[node.node_id] = f"server refused node {node.node_id}: {outcome.name} ({outcome.doc})"
            del result.nodes[key]
    return result


async def close(client: Client, timeout_s: float) -> None:
    """Close the session if the server still answers; a lost link is simply dropped."""
    try:
        await asyncio.wait_for(client.disconnect(), timeout_s)
    except Exception as exc:  # the session is gone either way; nothing to hand back
        logger.debug("closing OPC UA session to %s: %r", client.server_url.geturl(), exc)
    protocol = client.uaclient.protocol  # asyncua skips this once its watchdog marked the client disconnected,
    if protocol is not None:  # which would leave a silent link's socket open
        protocol.disconnect_socket()


async def first_of(*waits: Coroutine[Any, Any, Any]) -> None:
    """Return when the first of ``waits`` finishes; cancel the others."""
    tasks = [asyncio.ensure_future(w) for w in waits]
    try:
        await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for task in tasks:
            task.cancel()
