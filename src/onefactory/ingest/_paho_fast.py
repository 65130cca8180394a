"""A paho client for a busy subscriber: it reads the broker's stream in large chunks, hands
plain publish packets to its owner, and acknowledges in batches (``FastClient``).

paho reads every packet with three or four ``recv`` calls (the command byte, each byte of the
remaining length, then the body) and waits in ``select`` before each packet. Every one of
those system calls gives the interpreter lock away, and in a process where other threads
decode and store, the network thread then waits for it back: the subscriber's link ran at
a fraction of a bare client's speed. ``FastClient`` reads up to ``READ_SIZE`` bytes per
``recv`` and serves paho's small reads from them; ``pending()`` tells paho that bytes are
waiting (paho's own path for TLS sockets, which buffer the same way), and ``loop_read``
handles every packet already buffered before paho selects again. The bytes and their order
are the socket's; only the number of system calls changes.

Plain TCP only: a TLS or WebSocket connection keeps paho's own socket.

``on_publish_packet``, when set, receives each QoS 0 or 1 PUBLISH without MQTT 5 properties
as ``(topic bytes, payload, mid, qos)``. paho builds an ``MQTTMessage`` for every message (with
a ``threading.Condition`` for its publish state), parses an MQTT 5 message's properties into a
``Properties`` object even when there are none, and matches the topic against per-topic
callbacks; together that was about a third of the network thread's time per message. Anything
else (QoS 2, properties such as a topic alias, an empty topic) takes paho's own path to
``on_message``. The owner must not register per-topic callbacks (``message_callback_add``),
which this path does not consult.

``on_read_end``, when set, is called after every read of the socket, once its packets were
handled, so an owner can hand on a chunk's messages together.

``ack_many`` acknowledges many QoS 1 messages at once. paho's ``ack`` queues one PUBACK per
message and wakes its network loop for each (a write to its wake-up socket from the calling
thread, then one ``send`` per packet on the network thread); ``ack_many`` queues the same
PUBACK packets back to back as one write and wakes the loop once. The broker reads the
same packets from the stream.
"""

from __future__ import annotations

import socket
import struct
from collections.abc import Callable, Sequence
from typing import Any

import paho.mqtt.client as paho

READ_SIZE = 64 * 1024
_PUBACK = struct.Struct("!BBH")  # fixed header (PUBACK, remaining length 2), packet id: MQTT 3.1.1 and 5
_HOOKS = ("_create_socket", "loop_read", "_packet_queue", "_handle_publish")
AVAILABLE = all(callable(getattr(paho.Client, hook, None)) for hook in _HOOKS)
"""Whether this paho has the hooks ``FastClient`` overrides or calls (paho 2.x); without them the
subscriber uses a plain ``paho.Client``, so a paho release that renames one costs speed only."""
OnPublishPacket = Callable[[bytes, bytes, int, int], None]


class _ChunkedSocket:
    """A non-blocking socket whose ``recv`` is served from chunks of up to ``READ_SIZE`` bytes."""

    def __init__(self, sock: socket.socket) -> None:
        self._sock = sock
        self._chunk = b""
        self._at = 0

    def recv(self, size: int) -> bytes:
        """Up to ``size`` bytes: from the current chunk, else from a new one (BlockingIOError
        when the socket has none, ``b""`` when the broker closed the link)."""
        if self._at >= len(self._chunk):
            self._chunk, self._at = self._sock.recv(max(size, READ_SIZE)), 0
        data = self._chunk[self._at : self._at + size]
        self._at += len(data)
        return data

    def pending(self) -> int:
        """Bytes received and not yet read."""
        return len(self._chunk) - self._at

    def send(self, data: bytes | bytearray) -> int:
        return self._sock.send(data)

    def fileno(self) -> int:
        return self._sock.fileno()

    def close(self) -> None:
        self._sock.close()

    def setblocking(self, flag: bool) -> None:
        self._sock.setblocking(flag)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._sock, name)


class FastClient(paho.Client):
    """``paho.Client`` with chunked reads on plain TCP, plain publish packets and batched
    acknowledgements (see module doc)."""

    on_publish_packet: OnPublishPacket | None = None
    on_read_end: Callable[[], None] | None = None
    """Called after each ``loop_read``, once the packets of the chunk were handled: a subscriber
    that gathers the chunk's messages hands them on together here."""

    def _create_socket(self) -> Any:
        sock = super()._create_socket()
        return _ChunkedSocket(sock) if isinstance(sock, socket.socket) and not self._ssl else sock

    def loop_read(self, max_packets: int = 1) -> paho.MQTTErrorCode:
        """Read packets until none is left in the chunk (paho reads one per ``select``), then
        call ``on_read_end``."""
        try:
            rc = super().loop_read(max_packets)
            while rc == paho.MQTTErrorCode.MQTT_ERR_SUCCESS and isinstance(self._sock, _ChunkedSocket):
                if not self._sock.pending():
                    break
                rc = super().loop_read(max_packets)
            return rc
        finally:
            if self.on_read_end is not None:
                self.on_read_end()

    def ack_many(self, mids: Sequence[int]) -> None:
        """Acknowledge the QoS 1 messages ``mids`` (manual acknowledgement) in one write."""
        if mids:
            packet = b"".join([_PUBACK.pack(paho.PUBACK, 2, mid) for mid in mids])
            self._packet_queue(paho.PUBACK, packet, 0, 1)

    def _handle_publish(self) -> paho.MQTTErrorCode:
        """Hand a plain QoS 0/1 PUBLISH to ``on_publish_packet``; anything else to paho."""
        deliver = self.on_publish_packet
        parts = self._plain_publish() if deliver is not None else None
        if deliver is None or parts is None:
            return super()._handle_publish()
        deliver(*parts)
        topic, payload, mid, qos = parts
        if qos == 1 and not self._manual_ack:
            return self._send_puback(mid)
        return paho.MQTTErrorCode.MQTT_ERR_SUCCESS

    def _plain_publish(self) -> tuple[bytes, bytes, int, int] | None:
        """``(topic, payload, mid, qos)`` of the PUBLISH just read, or None unless it has QoS 0
        or 1, a topic, and (MQTT 5) no properties."""
        qos = (self._in_packet["command"] & 0x06) >> 1
        packet = self._in_packet["packet"]
        end = 2 + int.from_bytes(packet[:2], "big")  # where the topic ends
        if qos == 2 or end == 2 or len(packet) < end + 2 * qos:
            return None
        mid = int.from_bytes(packet[end : end + 2], "big") if qos else 0
        at = end + 2 * qos
        if self._protocol == paho.MQTTv5:
            if packet[at : at + 1] != b"\x00":  # properties (a topic alias, user properties, ...)
                return None
            at += 1
        return bytes(packet[2:end]), bytes(packet[at:]), mid, qos
