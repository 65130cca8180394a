"""A paho client that reads the broker's stream in large chunks (used by the subscriber).

paho reads every packet with three or four ``recv`` calls (the command byte, each byte of the
remaining length, then the body) and waits in ``select`` before each packet. Every one of
those system calls gives the interpreter lock away, and in a process where other threads
decode and store, the network thread then waits for it back: the subscriber's link ran at
a fraction of a bare client's speed. ``BufferedReads`` reads up to ``READ_SIZE`` bytes per
``recv`` and serves paho's small reads from them; ``pending()`` tells paho that bytes are
waiting (paho's own path for TLS sockets, which buffer the same way), and ``loop_read``
handles every packet already buffered before paho selects again. The bytes and their order
are the socket's; only the number of system calls changes.

Plain TCP only: a TLS or WebSocket connection keeps paho's own socket.
"""

from __future__ import annotations

import socket
from typing import Any

import paho.mqtt.client as paho

READ_SIZE = 64 * 1024
AVAILABLE = callable(getattr(paho.Client, "_create_socket", None)) and callable(getattr(paho.Client, "loop_read", None))
"""Whether this paho has the socket hook ``BufferedReads`` overrides (paho 2.x); without it the
subscriber uses paho's own reads, so a paho release that renames the hook costs speed only."""


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


class BufferedReads(paho.Client):
    """``paho.Client`` with chunked reads on plain TCP (see module doc)."""

    def _create_socket(self) -> Any:
        sock = super()._create_socket()
        return _ChunkedSocket(sock) if isinstance(sock, socket.socket) and not self._ssl else sock

    def loop_read(self, max_packets: int = 1) -> paho.MQTTErrorCode:
        """Read packets until none is left in the chunk (paho reads one per ``select``)."""
        rc = super().loop_read(max_packets)
        while rc == paho.MQTTErrorCode.MQTT_ERR_SUCCESS and isinstance(self._sock, _ChunkedSocket):
            if not self._sock.pending():
                break
            rc = super().loop_read(max_packets)
        return rc
